import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AuthProvider } from '@/auth/AuthProvider';
import { StoreScopeProvider } from '@/app/StoreScope';
import { ConversationsPage } from './ConversationsPage';

function json(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

const inAnHour = () => new Date(Date.now() + 60 * 60_000).toISOString();
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

const BRUNO = {
  id: 'cv1', customerId: 'c1', customerName: 'Bruno Dias', leadId: 'l1', storeId: 's1', phone: '+5511912345678', status: 'open',
  lastInboundAt: minutesAgo(5), lastMessageAt: minutesAgo(5), lastPreview: 'Oi! O Compass ainda está à venda?', unread: 2, windowEndsAt: inAnHour(), windowOpen: true,
};
const ANA = {
  id: 'cv2', customerId: 'c2', customerName: 'Ana Souza', leadId: null, storeId: 's2', phone: '+5519987654321', status: 'open',
  lastInboundAt: minutesAgo(3 * 24 * 60), lastMessageAt: minutesAgo(3 * 24 * 60), lastPreview: 'Obrigada!', unread: 0, windowEndsAt: null, windowOpen: false,
};
const STORES = [
  { id: 's1', name: 'Matriz Pinheiros', active: true },
  { id: 's2', name: 'Filial Campinas', active: true },
];

describe('the conversations inbox', () => {
  let asked: URL[];
  beforeEach(() => {
    asked = [];
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      if (url.pathname === '/api/v1/conversations') {
        asked.push(url);
        const items = url.searchParams.get('status') === 'closed' ? [] : url.searchParams.get('storeId') === 's1' ? [BRUNO] : [BRUNO, ANA];
        return json({ items, page: 1, pageSize: 25, total: items.length, totalExact: true });
      }
      if (url.pathname === '/api/v1/stores') return json({ items: STORES, page: 1, pageSize: 100, total: 2, totalExact: true });
      return new Response('{}', { status: 404 });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  function renderInbox(at = '/conversations') {
    const router = createMemoryRouter(
      [
        { path: '/conversations', element: <ConversationsPage /> },
        { path: '/leads/:id', element: <p>lead</p> },
      ],
      { initialEntries: [at] },
    );
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <AuthProvider>
          <StoreScopeProvider>
            <RouterProvider router={router} />
          </StoreScopeProvider>
        </AuthProvider>
      </QueryClientProvider>,
    );
    return router;
  }

  it('lists each conversation with its number, last words, time, unread count and window', async () => {
    renderInbox();
    const list = await screen.findByRole('list', { name: 'Conversas de WhatsApp' });
    const [bruno, ana] = within(list).getAllByRole('listitem');
    expect(within(bruno!).getByText('Bruno Dias')).toBeTruthy();
    expect(within(bruno!).getByText('(11) 91234-5678', { exact: false })).toBeTruthy();
    expect(within(bruno!).getByText('Oi! O Compass ainda está à venda?')).toBeTruthy();
    expect(within(bruno!).getByText('há 5 min')).toBeTruthy();
    expect(within(bruno!).getByText('2 mensagens não lidas')).toBeTruthy();
    expect(within(bruno!).getByText(/^Janela aberta até \d{2}:\d{2}$/)).toBeTruthy();
    expect(within(bruno!).getByRole('link').getAttribute('href')).toBe('/leads/l1#whatsapp');
    // Without an open lead, the customer; the window long closed; no unread count.
    expect(within(ana!).getByText('Janela fechada')).toBeTruthy();
    expect(within(ana!).getByText('há 3 dias')).toBeTruthy();
    expect(within(ana!).queryByText(/não lidas?$/)).toBeNull();
    expect(within(ana!).getByRole('link').getAttribute('href')).toBe('/customers/c2');
    // Several stores and none chosen: each row says whose it is.
    expect(within(ana!).getByText('· Filial Campinas', { exact: false })).toBeTruthy();
    expect(asked[0]?.searchParams.get('status')).toBe('open');
  });

  it('filters by status and by store, kept in the address', async () => {
    const router = renderInbox();
    await screen.findByText('Ana Souza');
    await userEvent.selectOptions(screen.getByLabelText('Loja'), 's1');
    await vi.waitFor(() => expect(router.state.location.search).toBe('?store=s1'));
    await vi.waitFor(() => expect(screen.queryByText('Ana Souza')).toBeNull());
    expect(asked.at(-1)?.searchParams.get('storeId')).toBe('s1');

    await userEvent.click(screen.getByRole('button', { name: 'Encerradas' }));
    await screen.findByText('Nenhuma conversa encerrada');
    expect(router.state.location.search).toBe('?store=s1&status=closed');
    expect(asked.at(-1)?.searchParams.get('status')).toBe('closed');
  });
});
