// Signing in, accepting an invitation, and the users' administration under /admin/users.
import { ShieldCheck, Users } from 'lucide-react';
import { permissionGate } from '@/app/guards';
import { screen, type ModuleRoutes, type NavEntry } from '@/app/module';

export const routes: ModuleRoutes = {
  public: [
    { path: '/login', lazy: screen(() => import('./LoginPage'), 'LoginPage') },
    { path: '/accept-invitation', lazy: screen(() => import('./AcceptInvitationPage'), 'AcceptInvitationPage') },
    { path: '/forgot-password', lazy: screen(() => import('./ForgotPasswordPage'), 'ForgotPasswordPage') },
    { path: '/reset-password', lazy: screen(() => import('./ResetPasswordPage'), 'ResetPasswordPage') },
  ],
  signedIn: [
    {
      path: 'admin/users',
      Component: permissionGate(['users.read']),
      children: [{ index: true, lazy: screen(() => import('./UsersPage'), 'UsersPage') }],
    },
    {
      path: 'admin/roles',
      Component: permissionGate(['roles.manage']),
      children: [{ index: true, lazy: screen(() => import('./RolesPage'), 'RolesPage') }],
    },
  ],
};

export const nav: NavEntry[] = [
  { to: '/admin/users', label: 'users.nav', icon: Users, anyOf: ['users.read'] },
  { to: '/admin/roles', label: 'permissionsAdmin.nav', icon: ShieldCheck, anyOf: ['roles.manage'] },
];
