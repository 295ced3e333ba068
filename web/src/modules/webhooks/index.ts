// Webhooks for integrators (crates/webhooks), the Owner's (`webhooks.manage`): under
// /admin/webhooks the endpoints, each with its secret shown once, its test and its delivery log
// (/admin/webhooks/:id). The notification of an endpoint disabled after failures links here.
import { Webhook } from 'lucide-react';
import { permissionGate } from '@/app/guards';
import { screen, type ModuleRoutes, type NavEntry } from '@/app/module';

const MANAGE = ['webhooks.manage'];

export const routes: ModuleRoutes = {
  signedIn: [
    {
      path: 'admin/webhooks',
      Component: permissionGate(MANAGE),
      children: [
        { index: true, lazy: screen(() => import('./WebhooksPage'), 'WebhooksPage') },
        { path: ':id', lazy: screen(() => import('./EndpointPage'), 'EndpointPage') },
      ],
    },
  ],
};

export const nav: NavEntry[] = [{ to: '/admin/webhooks', label: 'webhooks.title', icon: Webhook, anyOf: MANAGE }];
