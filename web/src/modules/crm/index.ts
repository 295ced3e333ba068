// Customers (the CRM's first screens), under /customers: the list and search, the form, the 360
// view with consent, owned vehicles and merging.
import { Contact } from 'lucide-react';
import { permissionGate } from '@/app/guards';
import { screen, type ModuleRoutes, type NavEntry } from '@/app/module';

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
  ],
};

export const nav: NavEntry[] = [{ to: '/customers', label: 'customers.nav', icon: Contact, anyOf: ['customers.read'] }];
