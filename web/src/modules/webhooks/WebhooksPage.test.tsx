import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, renderRoutes, stubServer, type Seen } from '@/modules/sales/testing';
import type { Endpoint } from './model';
import { WebhooksPage } from './WebhooksPage';

const A = '0190a000-0000-7000-8000-0000000000e1';
const B = '0190a000-0000-7000-8000-0000000000e2';
const CATALOGUE = ['consent.changed', 'lead.assigned', 'quote.sent', 'sale.completed', 'vehicle.created', 'vehicle.price_changed'];

function endpoint(patch: Partial<Endpoint>): Endpoint {
  return {
    id: A,
    url: 'https://integrador.example.com/innexar',
    description: null,
    eventTypes: ['vehicle.created'],
    active: true,
    disabledReason: null,
    consecutiveFailures: 0,
    previousSecretExpiresAt: null,
    version: 1,
    createdAt: '2026-12-01T12:00:00Z',
    updatedAt: '2026-12-01T12:00:00Z',
    ...patch,
  };
}

function serve(items: Endpoint[], create?: (s: Seen) => Response) {
  return stubServer(['webhooks.manage'], (s) => {
    if (s.path === '/api/v1/webhooks/event-types') return json(200, { items: CATALOGUE.map((type) => ({ type, description: 'English words' })) });
    if (s.path === '/api/v1/webhooks/endpoints' && s.method === 'GET') return json(200, { items });
    if (s.path === '/api/v1/webhooks/endpoints' && s.method === 'POST' && create) return create(s);
    return undefined;
  });
}

function renderPage() {
  return renderRoutes(
    [
      { path: '/admin/webhooks', element: <WebhooksPage /> },
      { path: '/admin/webhooks/:id', element: <p>endpoint page</p> },
    ],
    '/admin/webhooks',
  );
}

const posts = (seen: Seen[]) => seen.filter((s) => s.method === 'POST' && s.path === '/api/v1/webhooks/endpoints');

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('the webhooks page', () => {
  it('explains webhooks to an Owner who has none yet', async () => {
    serve([]);
    renderPage();
    await screen.findByText('Nenhum endpoint cadastrado');
    screen.getByText(/Um webhook envia cada evento escolhido/);
    expect(screen.getAllByRole('button', { name: 'Novo endpoint' })).toHaveLength(2);
  });

  it('lists each endpoint with its address, what it takes and whether deliveries go', async () => {
    serve([
      endpoint({ description: 'Site da loja', eventTypes: ['vehicle.created', 'sale.completed'], consecutiveFailures: 2 }),
      endpoint({ id: B, url: 'https://bi.example.com/hooks', eventTypes: ['*'], active: false, disabledReason: 'failures', consecutiveFailures: 15 }),
      endpoint({ id: '0190a000-0000-7000-8000-0000000000e3', url: 'https://erp.example.com/in', eventTypes: ['lead.assigned', 'quote.sent', 'vehicle.price_changed'], active: false, disabledReason: 'manual' }),
    ]);
    renderPage();
    const list = await screen.findByRole('list', { name: 'Endpoints' });
    const [site, bi, erp] = within(list).getAllByRole('listitem');

    within(site!).getByText('https://integrador.example.com/innexar');
    within(site!).getByText('Site da loja');
    within(site!).getByText('Veículo cadastrado e Venda concluída');
    within(site!).getByText('Ativo');
    within(site!).getByText('2 falhas seguidas');
    expect(within(site!).getByRole('link').getAttribute('href')).toBe(`/admin/webhooks/${A}`);

    within(bi!).getByText('Todos os eventos (inclusive futuros)');
    within(bi!).getByText('Desativado após 15 falhas');
    expect(within(bi!).queryByText(/falhas seguidas/)).toBeNull();

    within(erp!).getByText('Lead atribuído, Proposta enviada e mais 1 evento');
    within(erp!).getByText('Pausado');
  });

  it('checks the form before sending, shows the server’s refusals at their fields, then the secret once', async () => {
    let answer = json(422, {
      status: 422,
      code: 'validation.failed',
      detail: '2 fields are invalid',
      errors: [
        { pointer: '/url', code: 'webhooks.private_target', message: 'webhooks may not reach private addresses' },
        { pointer: '/eventTypes/1', code: 'webhooks.unknown_event_type', message: 'not an event type' },
      ],
    });
    const seen = serve([], () => answer);
    const router = renderPage();
    await userEvent.click((await screen.findAllByRole('button', { name: 'Novo endpoint' }))[0]!);
    const dialog = await screen.findByRole('dialog', { name: 'Novo endpoint' });
    // The catalogue by area, each area with a box for all of it.
    await within(dialog).findByRole('group', { name: 'Estoque' });
    within(dialog).getByRole('checkbox', { name: 'Estoque: todos' });
    expect(within(within(dialog).getByRole('group', { name: 'Clientes e leads' })).getAllByRole('checkbox').map((c) => c.getAttribute('aria-label') ?? c.parentElement?.textContent)).toEqual([
      'Clientes e leads: todos',
      'Consentimento alterado consent.changed',
      'Lead atribuído lead.assigned',
    ]);
    within(dialog).getByRole('group', { name: 'Vendas' });

    // Nothing typed, nothing ticked: said at the fields, nothing sent.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cadastrar' }));
    expect(within(dialog).getByLabelText('Endereço (URL)').getAttribute('aria-invalid')).toBe('true');
    within(dialog).getByText('Preencha este campo.');
    within(dialog).getByText('Escolha ao menos um tipo de evento (ou todos).');
    await userEvent.type(within(dialog).getByLabelText('Endereço (URL)'), 'ftp://integrador.example.com');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cadastrar' }));
    within(dialog).getByText('Informe um endereço http ou https com o nome do servidor.');
    expect(posts(seen)).toEqual([]);

    await userEvent.clear(within(dialog).getByLabelText('Endereço (URL)'));
    await userEvent.type(within(dialog).getByLabelText('Endereço (URL)'), 'http://10.0.0.8/hook');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /Veículo cadastrado/ }));
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /Venda concluída/ }));
    expect(within(dialog).queryByText('Escolha ao menos um tipo de evento (ou todos).')).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cadastrar' }));

    // The server's words never show; the app's do, at the field each error names.
    await within(dialog).findByText('Este endereço é de uma rede interna (privada, local ou loopback) e não pode receber webhooks.');
    within(dialog).getByText('Tipo de evento desconhecido.');
    expect(screen.queryByText(/private addresses|invalid/)).toBeNull();
    expect(posts(seen).at(-1)?.body).toEqual({ url: 'http://10.0.0.8/hook', description: null, eventTypes: ['vehicle.created', 'sale.completed'] });

    // "All events" replaces the picks with `*`.
    answer = json(201, { ...endpoint({ url: 'https://hooks.example.com/in', eventTypes: ['*'], id: B }), secret: 'whsec_segredo-de-teste' });
    await userEvent.clear(within(dialog).getByLabelText('Endereço (URL)'));
    await userEvent.type(within(dialog).getByLabelText('Endereço (URL)'), 'https://hooks.example.com/in');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /Todos os eventos/ }));
    expect(within(dialog).getByRole('checkbox', { name: /Venda concluída/ }).matches(':disabled')).toBe(true);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cadastrar' }));
    expect(posts(seen).at(-1)?.body).toEqual({ url: 'https://hooks.example.com/in', description: null, eventTypes: ['*'] });

    const shown = await screen.findByRole('dialog', { name: 'Endpoint cadastrado' });
    expect((within(shown).getByLabelText('Segredo de assinatura') as HTMLInputElement).value).toBe('whsec_segredo-de-teste');
    within(shown).getByText(/não será mostrado de novo\./);
    within(shown).getByText('Innexar-Signature: t=…,v1=…');
    within(shown).getByText('Innexar-Event-Id');
    await userEvent.click(within(shown).getByRole('button', { name: 'Já copiei' }));
    expect(router.state.location.pathname).toBe(`/admin/webhooks/${B}`);
  });
});
