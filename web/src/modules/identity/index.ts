// Signing in, accepting an invitation, and the users' administration under /admin/users.
import { Users } from 'lucide-react';
import { permissionGate } from '@/app/guards';
import { screen, type ModuleRoutes, type NavEntry } from '@/app/module';

export const routes: ModuleRoutes = {
  public: [
    { path: '/login', lazy: screen(() => import('./LoginPage'), 'LoginPage') },
    { path: '/accept-invitation', lazy: screen(() => import('./AcceptInvitationPage'), 'AcceptInvitationPage') },
  ],
  signedIn: [
    {
      path: 'admin/users',
      Component: permissionGate(['users.read']),
      children: [{ index: true, lazy: screen(() => import('./UsersPage'), 'UsersPage') }],
    },
  ],
};

export const nav: NavEntry[] = [
  { to: '/admin/users', label: 'users.nav', icon: Users, anyOf: ['users.read'] },
];
