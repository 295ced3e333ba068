import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, renderRoutes, stubServer, type Seen } from '@/modules/sales/testing';
import { EndpointPage } from './EndpointPage';
import type { Delivery, DeliveryDetail, Endpoint } from './model';

const ID = '0190a000-0000-7000-8000-0000000000e1';
const DELIVERY = '0190a000-0000-7000-8000-0000000000d1';

function endpoint(patch: Partial<Endpoint> = {}): Endpoint {
  return {
    id: ID,
    url: 'https://integrador.example.com/innexar',
    description: 'Site da loja',
    eventTypes: ['vehicle.created', 'sale.completed'],
    active: true,
    disabledReason: null,
    consecutiveFailures: 0,
    previousSecretExpiresAt: null,
    version: 3,
    createdAt: '2026-12-01T12:00:00Z',
    updatedAt: '2026-12-01T12:00:00Z',
    ...patch,
  };
}

const delivery: Delivery = {
  id: DELIVERY,
  endpointId: ID,
  eventId: '0190a000-0000-7000-8000-0000000000f1',
  eventType: 'sale.completed',
  status: 'failed',
  attempts: 2,
  nextAttemptAt: null,
  lastStatus: 500,
  lastLatencyMs: 1234,
  lastError: null,
  createdAt: '2026-12-01T15:30:00Z',
  deliveredAt: null,
};

const detail: DeliveryDetail = {
  ...delivery,
  body: '{"type":"sale.completed","data":{"saleId":"s1"}}',
  attemptsLog: [
    { number: 2, attemptedAt: '2026-12-01T15:31:00Z', status: 500, latencyMs: 1234, excerpt: 'Internal Server Error', error: null },
    { number: 1, attemptedAt: '2026-12-01T15:30:00Z', status: null, latencyMs: 10000, excerpt: '', error: 'timed out' },
  ],
};

/** The stubbed server; a PATCH answered with an endpoint makes it the one the page reads next. */
function serve(first: Endpoint, handler?: (s: Seen) => Response | undefined) {
  let current = first;
  return stubServer(['webhooks.manage'], async (s) => {
    const answer = handler?.(s);
    if (answer) {
      if (s.method === 'PATCH' && answer.ok) current = (await answer.clone().json()) as Endpoint;
      return answer;
    }
    if (s.path === '/api/v1/webhooks/event-types') return json(200, { items: [{ type: 'sale.completed', description: '' }] });
    if (s.path === `/api/v1/webhooks/endpoints/${ID}` && s.method === 'GET') return json(200, current, { ETag: `"${current.version}"` });
    if (s.path === `/api/v1/webhooks/endpoints/${ID}/deliveries`) return json(200, { items: [delivery], page: 1, pageSize: 20, total: 1, totalExact: true });
    if (s.path === `/api/v1/webhooks/deliveries/${DELIVERY}`) return json(200, detail);
    return json(404, { status: 404, code: 'http.not_found' });
  });
}

function renderPage() {
  return renderRoutes(
    [
      { path: '/admin/webhooks', element: <p>the list</p> },
      { path: '/admin/webhooks/:id', element: <EndpointPage /> },
    ],
    `/admin/webhooks/${ID}`,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('an endpoint’s page', () => {
  it('pauses the endpoint over the version it shows', async () => {
    const seen = serve(endpoint(), (s) =>
      s.method === 'PATCH' ? json(200, endpoint({ active: false, disabledReason: 'manual', version: 4 })) : undefined,
    );
    renderPage();
    await screen.findByRole('heading', { name: 'https://integrador.example.com/innexar', level: 1 });
    screen.getByText('Ativo');
    await userEvent.click(screen.getByRole('button', { name: 'Pausar' }));
    await screen.findByText('Endpoint pausado.');
    const patch = seen.find((s) => s.method === 'PATCH');
    expect(patch?.headers.get('If-Match')).toBe('"3"');
    expect(patch?.body).toEqual({ active: false });
    await screen.findByText('Pausado');
    screen.getByRole('button', { name: 'Reativar' });
    expect(screen.getByRole('button', { name: 'Enviar teste' }).matches(':disabled')).toBe(true);
  });

  it('says it was disabled after failing in a row, and resumes it', async () => {
    const seen = serve(endpoint({ active: false, disabledReason: 'failures', consecutiveFailures: 15 }), (s) =>
      s.method === 'PATCH' ? json(200, endpoint({ version: 4 })) : undefined,
    );
    renderPage();
    const banner = await screen.findByRole('alert');
    within(banner).getByText('Este endpoint foi desativado após 15 falhas seguidas.');
    screen.getByText('Desativado após 15 falhas');
    await userEvent.click(within(banner).getByRole('button', { name: 'Reativar' }));
    await screen.findByText('Endpoint reativado.');
    expect(seen.find((s) => s.method === 'PATCH')?.body).toEqual({ active: true });
  });

  it('tells a change someone else made first, and shows theirs', async () => {
    serve(endpoint(), (s) => (s.method === 'PATCH' ? json(412, { status: 412, code: 'http.precondition_failed' }) : undefined));
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Editar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Editar endpoint' });
    expect((within(dialog).getByLabelText('Endereço (URL)') as HTMLInputElement).value).toBe('https://integrador.example.com/innexar');
    expect((within(dialog).getByRole('checkbox', { name: /Venda concluída/ }) as HTMLInputElement).checked).toBe(true);
    await userEvent.clear(within(dialog).getByLabelText('Descrição (opcional)'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Salvar' }));
    await screen.findByText('Outra pessoa alterou este registro');
    expect(screen.queryByRole('dialog', { name: 'Editar endpoint' })).toBeNull();
  });

  it('rotates the secret keeping the old one for the hours chosen, and shows the new one once', async () => {
    const until = '2026-12-02T15:00:00Z';
    const seen = serve(endpoint(), (s) =>
      s.path === `/api/v1/webhooks/endpoints/${ID}/secret` ? json(200, { ...endpoint({ previousSecretExpiresAt: until, version: 4 }), secret: 'whsec_novo' }) : undefined,
    );
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Trocar segredo' }));
    const dialog = await screen.findByRole('dialog', { name: 'Trocar o segredo?' });
    const hours = within(dialog).getByLabelText('Manter o segredo atual por (horas)') as HTMLInputElement;
    expect(hours.value).toBe('24');
    await userEvent.clear(hours);
    await userEvent.type(hours, '200');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Trocar segredo' }));
    within(dialog).getByText(/^Valor fora do limite permitido\. De 0 a 168 horas/);
    await userEvent.clear(hours);
    await userEvent.type(hours, '48');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Trocar segredo' }));
    const shown = await screen.findByRole('dialog', { name: 'Novo segredo' });
    expect((within(shown).getByLabelText('Segredo de assinatura') as HTMLInputElement).value).toBe('whsec_novo');
    within(shown).getByText(/^O segredo anterior continua assinando até /);
    expect(seen.filter((s) => s.method === 'POST').map((s) => s.body)).toEqual([{ keepPreviousForHours: 48 }]);
  });

  it('deletes the endpoint after asking, over its version, and goes back to the list', async () => {
    const seen = serve(endpoint(), (s) => (s.method === 'DELETE' ? new Response(null, { status: 204 }) : undefined));
    const router = renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Excluir' }));
    const confirm = await screen.findByRole('dialog', { name: 'Excluir o endpoint?' });
    within(confirm).getByText(/^https:\/\/integrador\.example\.com\/innexar deixa de receber eventos\./);
    expect(seen.filter((s) => s.method === 'DELETE')).toEqual([]);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Excluir endpoint' }));
    await screen.findByText('the list');
    expect(router.state.location.pathname).toBe('/admin/webhooks');
    expect(seen.find((s) => s.method === 'DELETE')?.headers.get('If-Match')).toBe('"3"');
  });

  it('lists the deliveries and opens one with its body and attempts, to send again', async () => {
    const seen = serve(endpoint(), (s) =>
      s.path === `/api/v1/webhooks/deliveries/${DELIVERY}/redeliver` ? json(202, { ...delivery, status: 'pending' }) : undefined,
    );
    renderPage();
    // A phone's cards (the test's window has no media queries).
    const open = await screen.findByRole('button', { name: /^Abrir a entrega Venda concluída de / });
    within(open).getByText('Falhou');
    within(open).getByText('HTTP 500 · 1.234 ms · 2 tentativas');
    screen.getByText('1 entrega');

    await userEvent.click(open);
    const sheet = await screen.findByRole('dialog', { name: 'Venda concluída' });
    expect(within(sheet).getByRole('region', { name: 'Corpo enviado' }).textContent).toContain('"saleId": "s1"');
    const attempts = within(sheet).getAllByRole('listitem');
    expect(attempts.map((a) => a.getAttribute('aria-label'))).toEqual(['Tentativa 2', 'Tentativa 1']);
    within(attempts[0]!).getByText('HTTP 500');
    within(attempts[0]!).getByText('Internal Server Error');
    within(attempts[1]!).getByText('Sem resposta');
    within(attempts[1]!).getByText('timed out');

    await userEvent.click(within(sheet).getByRole('button', { name: 'Reenviar' }));
    await screen.findByText('Reenvio na fila.');
    expect(seen.filter((s) => s.method === 'POST').map((s) => s.path)).toEqual([`/api/v1/webhooks/deliveries/${DELIVERY}/redeliver`]);
  });
});
