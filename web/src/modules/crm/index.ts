// Customers and the sales funnel (the CRM): under /customers the list and search, the form, the
// 360 view with consent, owned vehicles, leads and activities and merging; under /leads the
// pipeline board, a lead's page (with its WhatsApp conversation) and the walk-in flow;
// /conversations the stores' shared WhatsApp inbox; /tasks the user's tasks for today;
// /admin/privacy the data-subject requests (LGPD) and /admin/crm the CRM's settings.
import { Contact, Kanban, ListTodo, MessageCircle, ShieldCheck, SlidersHorizontal } from 'lucide-react';
import { permissionGate } from '@/app/guards';
import { screen, type ModuleRoutes, type NavEntry } from '@/app/module';
import { UnreadConversationsCount } from './conversations/UnreadCount';

const PRIVACY = ['customers.personal_data'];
const CRM_ADMIN = ['crm.configure', 'crm.manage_intake_keys'];

export const routes: ModuleRoutes = {
  signedIn: [
    {
      path: 'customers',
      Component: permissionGate(['customers.read']),
      children: [
        { index: true, lazy: screen(() => import('./CustomersPage'), 'CustomersPage') },
        {
          path: 'new',
          Component: permissionGate(['customers.create']),
          children: [{ index: true, lazy: screen(() => import('./CustomerFormPage'), 'CustomerFormPage') }],
        },
        { path: ':id', lazy: screen(() => import('./CustomerPage'), 'CustomerPage') },
        {
          path: ':id/edit',
          Component: permissionGate(['customers.update']),
          children: [{ index: true, lazy: screen(() => import('./CustomerFormPage'), 'CustomerFormPage') }],
        },
      ],
    },
    {
      path: 'leads',
      Component: permissionGate(['leads.read']),
      children: [
        { index: true, lazy: screen(() => import('./PipelinePage'), 'PipelinePage') },
        {
          path: 'walk-in',
          Component: permissionGate(['leads.work']),
          children: [{ index: true, lazy: screen(() => import('./WalkInPage'), 'WalkInPage') }],
        },
        { path: ':id', lazy: screen(() => import('./LeadPage'), 'LeadPage') },
      ],
    },
    {
      path: 'conversations',
      Component: permissionGate(['leads.read']),
      children: [{ index: true, lazy: screen(() => import('./ConversationsPage'), 'ConversationsPage') }],
    },
    {
      path: 'tasks',
      Component: permissionGate(['activities.log']),
      children: [{ index: true, lazy: screen(() => import('./TasksPage'), 'TasksPage') }],
    },
    {
      path: 'admin/privacy',
      Component: permissionGate(PRIVACY),
      children: [{ index: true, lazy: screen(() => import('./privacy/PrivacyPage'), 'PrivacyPage') }],
    },
    {
      path: 'admin/crm',
      Component: permissionGate(CRM_ADMIN),
      children: [{ index: true, lazy: screen(() => import('./admin/CrmAdminPage'), 'CrmAdminPage') }],
    },
  ],
};

export const nav: NavEntry[] = [
  { to: '/customers', label: 'customers.nav', icon: Contact, anyOf: ['customers.read'] },
  { to: '/leads', label: 'leads.nav', icon: Kanban, anyOf: ['leads.read'] },
  { to: '/conversations', label: 'conversations.nav', icon: MessageCircle, anyOf: ['leads.read'], count: UnreadConversationsCount },
  { to: '/tasks', label: 'tasks.nav', icon: ListTodo, anyOf: ['activities.log'] },
  { to: '/admin/privacy', label: 'privacy.nav', icon: ShieldCheck, anyOf: PRIVACY },
  { to: '/admin/crm', label: 'crmAdmin.nav', icon: SlidersHorizontal, anyOf: CRM_ADMIN },
];
