import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ToastProvider } from '@/ui/Toast';
import { ConsentsCard } from './ConsentsCard';

const ID = '0190a000-0000-7000-8000-000000000001';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('the consent card', () => {
  let posted: unknown[];
  let records: unknown[];
  beforeEach(() => {
    posted = [];
    records = [];
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      if (url.pathname === `/api/v1/customers/${ID}/consents` && req.method === 'GET') return json(200, { current: records, history: records });
      if (url.pathname === `/api/v1/customers/${ID}/consents` && req.method === 'POST') {
        const body = (await req.json()) as Record<string, unknown>;
        posted.push(body);
        records = [{ ...body, id: 'r1', recordedAt: '2026-12-06T10:00:00Z' }];
        return json(201, records[0]);
      }
      return json(404, { code: 'http.not_found' });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('asks for the text shown before granting on the basis of consent, then records the answer and shows it in force', async () => {
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <ToastProvider>
          <ConsentsCard customerId={ID} canRecord />
        </ToastProvider>
      </QueryClientProvider>,
    );
    await screen.findByText(/Nenhum consentimento registrado/);
    await userEvent.click(screen.getByRole('button', { name: 'Registrar consentimento' }));
    const dialog = await screen.findByRole('dialog', { name: 'Registrar consentimento' });
    await userEvent.type(within(dialog).getByLabelText('Origem'), 'Ficha de cadastro');
    await userEvent.clear(within(dialog).getByLabelText('Texto apresentado ao cliente'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Salvar' }));
    await within(dialog).findByText('Para registrar um consentimento, informe o texto que a pessoa aceitou.');
    expect(posted).toEqual([]);

    await userEvent.type(within(dialog).getByLabelText('Texto apresentado ao cliente'), 'Aceito receber ofertas.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Salvar' }));
    await vi.waitFor(() =>
      expect(posted).toEqual([
        { purpose: 'marketing', channel: 'whatsapp', granted: true, legalBasis: 'consent', source: 'Ficha de cadastro', textShown: 'Aceito receber ofertas.', textVersion: null },
      ]),
    );
    const row = await screen.findByRole('row', { name: /Marketing e ofertas/ });
    expect(within(row).getAllByRole('img', { name: 'Autorizou' })).toHaveLength(1);
    expect(within(row).getAllByRole('img', { name: 'Sem resposta' })).toHaveLength(3);
  });
});
