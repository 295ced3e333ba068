// The tenant's own message channels (crates/notify), the Owner's (`messages.configure`): under
// /admin/channels SMS by Zenvia and WhatsApp by Meta's Cloud API, each set up with its account and
// token, where the provider's callbacks go, WhatsApp's templates to register, a test and its
// removal. Under /admin/templates the store's own words for each kind of message, by channel and
// language (/admin/templates/:kind/:channel/:language edits one). /opt-out/:token is the page,
// without login, where a person who got a message stops that kind of message on that channel.
import { MessageSquareText, RadioTower } from 'lucide-react';
import { permissionGate } from '@/app/guards';
import { publicScreen, screen, type ModuleRoutes, type NavEntry } from '@/app/module';

const CONFIGURE = ['messages.configure'];

export const routes: ModuleRoutes = {
  public: [{ path: '/opt-out/:token', lazy: publicScreen(() => import('./OptOutPage'), 'OptOutPage') }],
  signedIn: [
    {
      path: 'admin/channels',
      Component: permissionGate(CONFIGURE),
      children: [{ index: true, lazy: screen(() => import('./ChannelsPage'), 'ChannelsPage') }],
    },
    {
      path: 'admin/templates',
      Component: permissionGate(CONFIGURE),
      children: [
        { index: true, lazy: screen(() => import('./TemplatesPage'), 'TemplatesPage') },
        { path: ':kind/:channel/:language', lazy: screen(() => import('./TemplateEditor'), 'TemplateEditor') },
      ],
    },
  ],
};

export const nav: NavEntry[] = [
  { to: '/admin/channels', label: 'channels.nav', icon: RadioTower, anyOf: CONFIGURE },
  { to: '/admin/templates', label: 'templates.nav', icon: MessageSquareText, anyOf: CONFIGURE },
];
