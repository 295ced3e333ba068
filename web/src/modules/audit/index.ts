// The tenant's records for Owners: the audit log under /admin/audit (who changed what and when,
// `audit.read`, crates/tenants) and the mailbox under /admin/messages (every message the system
// wrote to people, as sent and where it stands, `messages.read`, crates/notify).
import { Mail, ScrollText } from 'lucide-react';
import { permissionGate } from '@/app/guards';
import { screen, type ModuleRoutes, type NavEntry } from '@/app/module';

const AUDIT = ['audit.read'];
const MESSAGES = ['messages.read'];

export const routes: ModuleRoutes = {
  signedIn: [
    {
      path: 'admin/audit',
      Component: permissionGate(AUDIT),
      children: [{ index: true, lazy: screen(() => import('./AuditPage'), 'AuditPage') }],
    },
    {
      path: 'admin/messages',
      Component: permissionGate(MESSAGES),
      children: [{ index: true, lazy: screen(() => import('./MailboxPage'), 'MailboxPage') }],
    },
  ],
};

export const nav: NavEntry[] = [
  { to: '/admin/audit', label: 'audit.nav', icon: ScrollText, anyOf: AUDIT },
  { to: '/admin/messages', label: 'mailbox.nav', icon: Mail, anyOf: MESSAGES },
];
