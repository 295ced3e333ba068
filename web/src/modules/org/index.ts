// The dealership's organisation: its stores (lojas), under /admin/stores.
import { Building2 } from 'lucide-react';
import { permissionGate } from '@/app/guards';
import { screen, type ModuleRoutes, type NavEntry } from '@/app/module';

const STORES = ['users.read', 'stores.manage'];

export const routes: ModuleRoutes = {
  signedIn: [
    {
      path: 'admin/stores',
      Component: permissionGate(STORES),
      children: [{ index: true, lazy: screen(() => import('./StoresPage'), 'StoresPage') }],
    },
  ],
};

export const nav: NavEntry[] = [{ to: '/admin/stores', label: 'stores.nav', icon: Building2, anyOf: STORES }];
