import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AuthProvider } from '@/auth/AuthProvider';
import { StoreScopeProvider } from '@/app/StoreScope';
import { CustomersPage } from './CustomersPage';

function json(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

const MARIA = {
  id: '0190a000-0000-7000-8000-000000000001', version: 1, createdAt: '2026-12-01T12:00:00Z', updatedAt: '2026-12-01T12:00:00Z',
  kind: 'person', name: 'Maria da Silva', cpf: '52998224725', phones: [{ number: '+5511987654321', whatsapp: true }],
  emails: [], addresses: [], contacts: [], tags: ['VIP'], storeId: 's1',
};

describe('the customer list', () => {
  let asked: URL[];
  beforeEach(() => {
    asked = [];
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      if (url.pathname === '/api/v1/customers') {
        asked.push(url);
        return json({ items: [MARIA], page: 1, pageSize: 25, total: 1, totalExact: true });
      }
      if (url.pathname === '/api/v1/stores') return json({ items: [] });
      return new Response('{}', { status: 404 });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  function renderList(at: string) {
    const router = createMemoryRouter([{ path: '/customers', element: <CustomersPage /> }], { initialEntries: [at] });
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

  it('reads its search from the address, writes what is typed back once the user pauses, and starts again at page 1', async () => {
    const router = renderList('/customers?kind=person&page=2');
    await screen.findByText('Maria da Silva');
    expect(asked[0]?.searchParams.get('kind')).toBe('person');
    expect(asked[0]?.searchParams.get('page')).toBe('2');
    expect(screen.getByRole('button', { name: 'Pessoa física' }).getAttribute('aria-pressed')).toBe('true');
    // The phone and the CPF in the forms Brazilians read.
    expect(screen.getByText('529.982.247-25')).toBeTruthy();
    expect(screen.getByText('(11) 98765-4321')).toBeTruthy();

    await userEvent.type(screen.getByRole('searchbox', { name: 'Buscar clientes' }), '529.982');
    await vi.waitFor(() => expect(router.state.location.search).toBe('?q=529.982&kind=person'));
    await vi.waitFor(() => expect(asked.at(-1)?.searchParams.get('q')).toBe('529.982'));
    // One request for the pause, not one per key.
    expect(asked.filter((u) => u.searchParams.get('q')?.startsWith('5')).length).toBe(1);

    await userEvent.click(screen.getByRole('button', { name: 'Todos' }));
    await vi.waitFor(() => expect(router.state.location.search).toBe('?q=529.982'));
  });
});
