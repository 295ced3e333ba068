import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { QUOTE_ID, json, renderRoutes, stubServer, type Seen } from '@/modules/sales/testing';
import { NotificationBell } from './Bell';
import { NotificationsPage } from './NotificationsPage';
import type { Notification } from './wording';

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const ASKED: Notification = {
  id: 'n1',
  kind: 'sales.approval_requested',
  params: { quoteId: QUOTE_ID, quoteNumber: 'P-00012', priceCents: 12_000_000, discountCents: 500_000, by: 'Bruno Vendas' } as unknown as Notification['params'],
  link: '/approvals',
  createdAt: ago(5),
  readAt: null,
};
const ACCEPTED: Notification = {
  id: 'n2',
  kind: 'sales.quote_accepted',
  params: { quoteId: QUOTE_ID, quoteNumber: 'P-00007', version: 2, by: null } as unknown as Notification['params'],
  link: `/quotes/${QUOTE_ID}`,
  createdAt: ago(180),
  readAt: ago(120),
};

/** The server's notifications; reading marks them, as the API does. */
function notificationServer(items: Notification[]) {
  let list = items.map((n) => ({ ...n }));
  const unread = () => list.filter((n) => !n.readAt);
  return stubServer([], (r) => {
    if (r.path === '/api/v1/me/notifications/unread-count') return json(200, { count: unread().length });
    if (r.path === '/api/v1/me/notifications' && r.method === 'GET') {
      const shown = r.search.get('unread') === 'true' ? unread() : list;
      return json(200, { items: shown, page: Number(r.search.get('page') ?? 1), pageSize: Number(r.search.get('pageSize') ?? 25), total: shown.length, totalExact: true });
    }
    if (r.path === '/api/v1/me/notifications/read' && r.method === 'POST') {
      list = list.map((n) => ({ ...n, readAt: n.readAt ?? new Date().toISOString() }));
      return json(204, null);
    }
    const one = /^\/api\/v1\/me\/notifications\/([^/]+)\/read$/.exec(r.path);
    if (one && r.method === 'POST') {
      list = list.map((n) => (n.id === one[1] ? { ...n, readAt: n.readAt ?? new Date().toISOString() } : n));
      return json(204, null);
    }
    return undefined;
  });
}

/** The notifications' writes the app sent (the session's refresh left out). */
const posts = (seen: Seen[]) => seen.filter((r) => r.method === 'POST' && r.path.startsWith('/api/v1/me/')).map((r) => r.path);

/** Where the app went. */
function Here() {
  const location = useLocation();
  return <p>Tela {location.pathname}</p>;
}

function renderBell(at = '/') {
  return renderRoutes(
    [
      {
        path: '/',
        element: (
          <>
            <NotificationBell />
            <Here />
          </>
        ),
        children: [{ path: '*', element: null }],
      },
    ],
    at,
  );
}

describe('the notification bell', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('says how many are unread, lists the latest with the unread marked, and opening one marks it read and goes there', async () => {
    const seen = notificationServer([ASKED, ACCEPTED]);
    const router = renderBell();
    const bell = await screen.findByRole('button', { name: 'Notificações, 1 não lida' });
    await userEvent.click(bell);
    const panel = await screen.findByRole('dialog', { name: 'Notificações' });
    const list = await within(panel).findByRole('list', { name: 'Últimas notificações' });
    expect(seen.find((r) => r.path === '/api/v1/me/notifications')?.search.get('pageSize')).toBe('10');
    const links = within(list).getAllByRole('link');
    expect(links.map((l) => l.textContent?.replace(/\u00a0/g, ' '))).toEqual([
      'Não lida: Bruno Vendas pede R$ 5.000,00 de desconto na proposta P-00012há 5 minutos',
      'O cliente aceitou a proposta P-00007 (versão 2)há 3 horas',
    ]);
    expect(within(panel).getByRole('link', { name: 'Ver todas as notificações' }).getAttribute('href')).toBe('/notifications');

    await userEvent.click(within(list).getByRole('link', { name: /pede R\$\s5\.000,00 de desconto na proposta P-00012/ }));
    await screen.findByText('Tela /approvals');
    expect(router.state.location.pathname).toBe('/approvals');
    await waitFor(() => expect(posts(seen)).toEqual(['/api/v1/me/notifications/n1/read']));
    // The panel closed, and the bell counts what is left.
    expect(screen.queryByRole('dialog')).toBeNull();
    await screen.findByRole('button', { name: 'Notificações, nenhuma não lida' });
  });

  it('opens a read notification without marking it again', async () => {
    const seen = notificationServer([ACCEPTED]);
    renderBell();
    await userEvent.click(await screen.findByRole('button', { name: 'Notificações, nenhuma não lida' }));
    await userEvent.click(await screen.findByRole('link', { name: /aceitou a proposta P-00007/ }));
    await screen.findByText(`Tela /quotes/${QUOTE_ID}`);
    expect(posts(seen)).toEqual([]);
  });

  it('marks them all read at once, keeping the focus in the panel', async () => {
    const seen = notificationServer([ASKED, { ...ACCEPTED, id: 'n3', readAt: null }]);
    renderBell();
    await userEvent.click(await screen.findByRole('button', { name: 'Notificações, 2 não lidas' }));
    const panel = await screen.findByRole('dialog', { name: 'Notificações' });
    await within(panel).findAllByText('Não lida:');
    await userEvent.click(within(panel).getByRole('button', { name: 'Marcar todas como lidas' }));
    await screen.findByText('Todas as notificações foram marcadas como lidas.');
    expect(posts(seen)).toEqual(['/api/v1/me/notifications/read']);
    // Up to the newest on screen: one that arrives meanwhile stays unread.
    expect(seen.find((r) => r.method === 'POST')?.search.get('upTo')).toBe(ASKED.id);
    await waitFor(() => expect(within(panel).queryAllByText('Não lida:')).toEqual([]));
    expect(within(panel).queryByRole('button', { name: 'Marcar todas como lidas' })).toBeNull();
    expect(document.activeElement).toBe(within(panel).getByRole('heading', { name: 'Notificações' }));
    await screen.findByRole('button', { name: 'Notificações, nenhuma não lida' });
  });

  it('says so when there is nothing yet', async () => {
    notificationServer([]);
    renderBell();
    await userEvent.click(await screen.findByRole('button', { name: 'Notificações, nenhuma não lida' }));
    const panel = await screen.findByRole('dialog', { name: 'Notificações' });
    await within(panel).findByText('Nenhuma notificação');
    expect(within(panel).queryByRole('button', { name: 'Marcar todas como lidas' })).toBeNull();
  });
});

describe('the notifications page', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('lists them all or only the unread, and marks all read', async () => {
    const seen = notificationServer([ASKED, ACCEPTED]);
    renderRoutes([{ path: '/notifications', element: <NotificationsPage /> }], '/notifications');
    const list = await screen.findByRole('list', { name: 'Notificações' });
    expect(within(list).getAllByRole('link')).toHaveLength(2);
    screen.getByText('2 notificações');

    await userEvent.click(screen.getByRole('button', { name: 'Não lidas' }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Notificações' })).getAllByRole('link')).toHaveLength(1));
    expect(screen.getByRole('button', { name: 'Não lidas' }).getAttribute('aria-pressed')).toBe('true');
    expect(seen.filter((r) => r.path === '/api/v1/me/notifications').at(-1)?.search.get('unread')).toBe('true');

    await userEvent.click(screen.getByRole('button', { name: 'Marcar todas como lidas' }));
    await screen.findByText('Nenhuma notificação não lida');
    expect(posts(seen)).toEqual(['/api/v1/me/notifications/read']);
    // Filtered to the unread, the screen does not show the newest of all: every one is marked.
    expect(seen.find((r) => r.method === 'POST')?.search.get('upTo')).toBeNull();
  });
});
