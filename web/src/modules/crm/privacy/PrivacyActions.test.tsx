import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ToastProvider } from '@/ui/Toast';
import type { Customer } from '../labels';
import { AnonymizeDialog, RegisterRequestDialog } from './PrivacyActions';
import { CloseDialog } from './PrivacyPage';
import type { DataRequest } from './model';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const CUSTOMER = {
  id: '0190a000-0000-7000-8000-000000000001',
  name: 'João da Silva',
  kind: 'person',
  storeId: 's1',
  createdAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-01T10:00:00Z',
  version: 1,
  phones: [],
  emails: [],
  addresses: [],
  contacts: [],
  tags: [],
} as unknown as Customer;

const REQUEST: DataRequest = {
  id: 'r1',
  customerId: CUSTOMER.id,
  customerName: 'Maria Souza',
  kind: 'access',
  channel: 'e-mail',
  status: 'open',
  receivedAt: '2026-12-01T12:00:00Z',
  dueOn: '2026-12-16',
  overdue: false,
  version: 1,
};

function wrap(children: ReactNode) {
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <ToastProvider>{children}</ToastProvider>
    </QueryClientProvider>,
  );
}

describe('the privacy dialogs', () => {
  let sent: Array<{ method: string; path: string; body: unknown }>;
  beforeEach(() => {
    sent = [];
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      const text = await req.text();
      sent.push({ method: req.method, path: url.pathname, body: text ? JSON.parse(text) : null });
      if (url.pathname.endsWith('/data-requests')) return json(201, { ...REQUEST, kind: 'portability', dueOn: '2026-12-21' });
      if (url.pathname.endsWith('/close')) return json(200, { ...REQUEST, status: 'refused' });
      if (url.pathname.endsWith('/anonymize')) return json(200, { ...CUSTOMER, name: 'Titular anonimizado 0190a000' });
      return json(404, { code: 'http.not_found' });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('register the request the person made, received today', async () => {
    const done = vi.fn();
    wrap(<RegisterRequestDialog customer={CUSTOMER} onDone={done} />);
    await userEvent.selectOptions(screen.getByLabelText('O que o titular pediu'), 'portability');
    await userEvent.clear(screen.getByLabelText('Como chegou'));
    await userEvent.type(screen.getByLabelText('Como chegou'), 'balcão');
    await userEvent.type(screen.getByLabelText('Detalhes do pedido'), 'Quer os dados em JSON.');
    await userEvent.click(screen.getByRole('button', { name: 'Registrar solicitação' }));
    await vi.waitFor(() => expect(done).toHaveBeenCalled());
    expect(sent).toEqual([
      { method: 'POST', path: `/api/v1/customers/${CUSTOMER.id}/data-requests`, body: { kind: 'portability', channel: 'balcão', details: 'Quer os dados em JSON.', receivedAt: null } },
    ]);
  });

  it('ask how a request arrived before sending it', async () => {
    wrap(<RegisterRequestDialog customer={CUSTOMER} onDone={() => undefined} />);
    await userEvent.clear(screen.getByLabelText('Como chegou'));
    await userEvent.click(screen.getByRole('button', { name: 'Registrar solicitação' }));
    await screen.findByText('Diga como o pedido chegou.');
    expect(sent).toEqual([]);
  });

  it('anonymise only once the name is typed', async () => {
    const done = vi.fn();
    wrap(<AnonymizeDialog customer={CUSTOMER} onDone={done} onDownload={() => undefined} downloading={false} />);
    const confirm = screen.getByRole('button', { name: 'Anonimizar definitivamente' });
    await userEvent.type(screen.getByLabelText('Para confirmar, digite o nome do titular: João da Silva'), 'João Silva');
    await userEvent.click(confirm);
    await screen.findByText('O nome digitado não confere.');
    expect(sent).toEqual([]);
    await userEvent.clear(screen.getByLabelText('Para confirmar, digite o nome do titular: João da Silva'));
    await userEvent.type(screen.getByLabelText('Para confirmar, digite o nome do titular: João da Silva'), 'joao da silva');
    await userEvent.click(confirm);
    await vi.waitFor(() => expect(done).toHaveBeenCalled());
    expect(sent).toEqual([{ method: 'POST', path: `/api/v1/customers/${CUSTOMER.id}/anonymize`, body: null }]);
  });

  it('close a request with the outcome and the answer', async () => {
    const done = vi.fn();
    wrap(<CloseDialog request={REQUEST} onDone={done} />);
    await userEvent.click(screen.getByRole('button', { name: 'Encerrar solicitação' }));
    await screen.findByText('Escreva a resposta dada ao titular.');
    await userEvent.click(screen.getByLabelText('Recusada'));
    await userEvent.type(screen.getByLabelText('Resposta dada ao titular'), ' Não é o titular dos dados. ');
    await userEvent.click(screen.getByRole('button', { name: 'Encerrar solicitação' }));
    await vi.waitFor(() => expect(done).toHaveBeenCalled());
    expect(sent).toEqual([{ method: 'POST', path: '/api/v1/crm/data-requests/r1/close', body: { status: 'refused', answer: 'Não é o titular dos dados.' } }]);
  });
});
