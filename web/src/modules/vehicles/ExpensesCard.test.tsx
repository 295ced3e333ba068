import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { StoreScopeProvider } from '@/app/StoreScope';
import { ToastProvider } from '@/ui/Toast';
import { ExpensesCard } from './ExpensesCard';

const VEHICLE = '0190a000-0000-7000-8000-000000000003';
const SP_STORE = '0190a000-0000-7000-8000-0000000000aa';
const NORONHA_STORE = '0190a000-0000-7000-8000-0000000000bb';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function store(id: string, name: string, timeZone: string) {
  return { id, name, timeZone, active: true, address: {}, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', version: 1 };
}

describe('the expenses card', () => {
  let posted: unknown[];
  let refuse: { status: number; body: unknown } | null;
  let listDown: boolean;
  beforeEach(() => {
    posted = [];
    refuse = null;
    listDown = false;
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      if (url.pathname === '/api/v1/stores') {
        return json(200, { items: [store(SP_STORE, 'Matriz', 'America/Sao_Paulo'), store(NORONHA_STORE, 'Noronha', 'America/Noronha')] });
      }
      if (url.pathname === `/api/v1/vehicles/${VEHICLE}/expenses` && req.method === 'GET') {
        return listDown ? json(503, { code: 'http.unavailable' }) : json(200, { items: [], totalCents: 0 });
      }
      if (url.pathname === `/api/v1/vehicles/${VEHICLE}/expenses` && req.method === 'POST') {
        posted.push(await req.json());
        if (refuse) return json(refuse.status, refuse.body);
        return json(201, {});
      }
      return json(404, { code: 'http.not_found' });
    });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  function renderCard(props: { storeId?: string; inStock?: boolean } = {}) {
    const router = createMemoryRouter([
      {
        path: '/',
        element: (
          <ExpensesCard vehicleId={VEHICLE} storeId={props.storeId ?? SP_STORE} inStock={props.inStock ?? true} canEdit />
        ),
      },
    ]);
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <StoreScopeProvider>
          <ToastProvider>
            <RouterProvider router={router} />
          </ToastProvider>
        </StoreScopeProvider>
      </QueryClientProvider>,
    );
  }

  it('dates a new expense today in the store zone: 22:30 in São Paulo is still that day, though UTC has moved on', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // 22:30 on 10 March in São Paulo = 01:30 UTC on 11 March.
    vi.setSystemTime(new Date('2026-03-11T01:30:00Z'));
    renderCard();
    const date = (await screen.findByLabelText('Data')) as HTMLInputElement;
    await screen.findByText('Nenhuma despesa lançada.');
    expect(date.value).toBe('2026-03-10');
    expect(date.max).toBe('2026-03-10');
  });

  it('follows the zone of the vehicle store, not São Paulo and not the browser', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // 23:30 in São Paulo, 00:30 of the next day in Fernando de Noronha (UTC-2).
    vi.setSystemTime(new Date('2026-03-11T02:30:00Z'));
    renderCard({ storeId: NORONHA_STORE });
    const date = (await screen.findByLabelText('Data')) as HTMLInputElement;
    await vi.waitFor(() => expect(date.value).toBe('2026-03-11'));
  });

  it('offers no expense form on a car that left stock', async () => {
    renderCard({ inStock: false });
    await screen.findByText('Despesas só são lançadas enquanto o veículo está em estoque.');
    expect(screen.queryByLabelText('Data')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Lançar despesa' })).toBeNull();
  });

  it('shows a refusal in the user language, never the server words', async () => {
    refuse = {
      status: 409,
      body: { title: 'Conflict', status: 409, code: 'vehicles.not_in_stock', detail: 'expenses are recorded while the vehicle is in stock' },
    };
    renderCard();
    await userEvent.type(await screen.findByLabelText('Serviço'), 'Polimento');
    await userEvent.type(screen.getByLabelText('Valor (R$)'), '35000');
    expect((screen.getByLabelText('Valor (R$)') as HTMLInputElement).value).toBe('350,00');
    await userEvent.click(screen.getByRole('button', { name: 'Lançar despesa' }));
    await screen.findByText('Despesas só podem ser lançadas enquanto o veículo está em estoque.');
    expect(screen.queryByText(/expenses are recorded/)).toBeNull();
    expect(posted).toEqual([{ spentOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), description: 'Polimento', supplier: null, amountCents: 35000 }]);

    // A field the server refuses lands on its field, in Portuguese.
    refuse = {
      status: 422,
      body: { title: 'Unprocessable', status: 422, code: 'validation.failed', errors: [{ pointer: '/spentOn', code: 'vehicles.expense_in_future', message: 'the expense date is in the future' }] },
    };
    await userEvent.click(screen.getByRole('button', { name: 'Lançar despesa' }));
    await screen.findByText('A despesa não pode ser no futuro.');
    expect(screen.queryByText(/in the future/)).toBeNull();
  });

  it('says the expenses did not load, with a retry, instead of "no expenses" and a total of zero', async () => {
    listDown = true;
    renderCard();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Não foi possível carregar os dados.');
    expect(screen.queryByText('Nenhuma despesa lançada.')).toBeNull();
    expect(screen.queryByText(/^Total:/)).toBeNull();

    listDown = false;
    await userEvent.click(screen.getByRole('button', { name: 'Tentar de novo' }));
    await screen.findByText('Nenhuma despesa lançada.');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText(/^Total:/)).toBeTruthy();
  });
});
