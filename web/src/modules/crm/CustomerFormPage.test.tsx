import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider, useLocation, useParams } from 'react-router';
import { StoreScopeProvider } from '@/app/StoreScope';
import { ToastProvider } from '@/ui/Toast';
import { CustomerFormPage } from './CustomerFormPage';

const STORE = '0190a000-0000-7000-8000-0000000000aa';
const NEW_ID = '0190a000-0000-7000-8000-000000000042';
const OTHER_ID = '0190a000-0000-7000-8000-000000000007';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function Arrived() {
  const { id } = useParams();
  const state = useLocation().state as { possibleDuplicates?: Array<{ name: string }> } | null;
  return <p>{`arrived at ${id} with ${state?.possibleDuplicates?.map((d) => d.name).join(',') ?? 'nothing'}`}</p>;
}

describe('the new customer form', () => {
  let posted: Array<Record<string, unknown>>;
  let answer: { status: number; body: unknown };
  beforeEach(() => {
    posted = [];
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      if (url.pathname === '/api/v1/stores') {
        return json(200, { items: [{ id: STORE, name: 'Matriz', timeZone: 'America/Sao_Paulo', active: true, address: {}, createdAt: '', updatedAt: '', version: 1 }] });
      }
      if (url.pathname === '/api/v1/customers' && req.method === 'POST') {
        posted.push((await req.json()) as Record<string, unknown>);
        return json(answer.status, answer.body);
      }
      return json(404, { code: 'http.not_found' });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  function renderForm() {
    const router = createMemoryRouter(
      [
        { path: '/customers/new', element: <CustomerFormPage /> },
        { path: '/customers/:id', element: <Arrived /> },
      ],
      { initialEntries: ['/customers/new'] },
    );
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

  it('puts a refused phone on the row the user typed it in, in Portuguese, though the blank row above was not sent', async () => {
    answer = {
      status: 422,
      body: { status: 422, code: 'validation.failed', errors: [{ pointer: '/phones/0/number', code: 'phone.area_code', message: 'no such DDD' }] },
    };
    renderForm();
    await userEvent.type(await screen.findByLabelText('Nome completo'), 'Maria Silva');
    await userEvent.click(screen.getByRole('button', { name: 'Adicionar telefone' }));
    await userEvent.type(screen.getByLabelText('Telefone 2'), '20987654321');
    expect((screen.getByLabelText('Telefone 2') as HTMLInputElement).value).toBe('(20) 98765-4321');
    await userEvent.click(screen.getByRole('button', { name: 'Cadastrar cliente' }));
    await screen.findByText('DDD inexistente.');
    expect(screen.getByLabelText('Telefone 2').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Telefone 1').getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByText(/no such DDD/)).toBeNull();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ kind: 'person', name: 'Maria Silva', storeId: STORE, phones: [{ number: '(20) 98765-4321', whatsapp: false, label: null }], emails: [] });
  });

  it('hands the possible duplicates to the customer screen after registering', async () => {
    answer = {
      status: 201,
      body: {
        id: NEW_ID, version: 1, createdAt: '2026-12-06T10:00:00Z', updatedAt: '2026-12-06T10:00:00Z', kind: 'person', name: 'Maria Silva',
        phones: [], emails: [], addresses: [], contacts: [], tags: [], storeId: STORE,
        possibleDuplicates: [{ id: OTHER_ID, name: 'Maria da Silva', matchedOn: ['phone'] }],
      },
    };
    renderForm();
    await userEvent.type(await screen.findByLabelText('Nome completo'), 'Maria Silva');
    await userEvent.click(screen.getByRole('button', { name: 'Cadastrar cliente' }));
    await screen.findByText(`arrived at ${NEW_ID} with Maria da Silva`);
  });

  it('asks for the name before sending anything', async () => {
    answer = { status: 500, body: {} };
    renderForm();
    await userEvent.click(await screen.findByRole('button', { name: 'Cadastrar cliente' }));
    await screen.findByText('Preencha este campo.');
    expect(posted).toEqual([]);
  });
});
