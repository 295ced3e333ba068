// The audit log under /admin/audit: who changed what and when (crates/tenants' `GET /audit`), for
// holders of `audit.read` (Owners).
import { ScrollText } from 'lucide-react';
import { permissionGate } from '@/app/guards';
import { screen, type ModuleRoutes, type NavEntry } from '@/app/module';

const AUDIT = ['audit.read'];

export const routes: ModuleRoutes = {
  signedIn: [
    {
      path: 'admin/audit',
      Component: permissionGate(AUDIT),
      children: [{ index: true, lazy: screen(() => import('./AuditPage'), 'AuditPage') }],
    },
  ],
};

export const nav: NavEntry[] = [{ to: '/admin/audit', label: 'audit.nav', icon: ScrollText, anyOf: AUDIT }];
