// The inventory's screens and menu entry, under /inventory.
import { Car } from 'lucide-react';
import { permissionGate } from '@/app/guards';
import { screen, type ModuleRoutes, type NavEntry } from '@/app/module';

export const routes: ModuleRoutes = {
  signedIn: [
    {
      path: 'inventory',
      Component: permissionGate(['vehicles.read']),
      children: [
        { index: true, lazy: screen(() => import('./InventoryPage'), 'InventoryPage') },
        { path: 'new', lazy: screen(() => import('./VehicleFormPage'), 'VehicleFormPage') },
        {
          path: 'import',
          Component: permissionGate(['vehicles.import']),
          children: [{ index: true, lazy: screen(() => import('./ImportPage'), 'ImportPage') }],
        },
        { path: ':id', lazy: screen(() => import('./VehicleDetailPage'), 'VehicleDetailPage') },
        { path: ':id/edit', lazy: screen(() => import('./VehicleFormPage'), 'VehicleFormPage') },
      ],
    },
  ],
};

export const nav: NavEntry[] = [{ to: '/inventory', label: 'inventory.nav', icon: Car, anyOf: ['vehicles.read'] }];
