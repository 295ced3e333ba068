import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18n from '@/i18n';
import { json, renderRoutes, type Seen } from '@/modules/sales/testing';
import type { OptOut } from './model';
import { OptOutPage } from './OptOutPage';
import { optOut } from './testing';

const PATH = '/api/v1/public/messages/opt-out/tok-123';

/** The person's phone: no session, only the link's endpoints. */
function stubPublic(handler: (r: Seen) => Response | undefined): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url);
    const text = await req.text();
    const s = { method: req.method, path: url.pathname, search: url.searchParams, headers: req.headers, body: text ? JSON.parse(text) : null };
    seen.push(s);
    return handler(s) ?? json(404, { status: 404, code: 'http.not_found' });
  });
  return seen;
}

/** The link's server: its view, opted out after a POST. */
function serve(first: OptOut) {
  let view = first;
  return stubPublic((r) => {
    if (r.path !== PATH) return undefined;
    if (r.method === 'POST') view = { ...view, optedOut: true };
    return json(200, view);
  });
}

const open = () => renderRoutes([{ path: '/opt-out/:token', element: <OptOutPage /> }], '/opt-out/tok-123', { signedIn: false });

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await i18n.changeLanguage('pt-BR');
});

describe('the opt-out page', () => {
  it('says who wrote, what stops and where, and stops it when the person confirms', async () => {
    const seen = serve(optOut());
    open();
    await screen.findByRole('heading', { name: 'Não receber mais mensagens', level: 1 });
    screen.getByText('Auto Center Demo — você não receberá mais ofertas e novidades por e-mail em j***@gmail.com.');
    screen.getByText('Mensagens sobre seus pedidos, propostas e atendimentos continuam chegando.');
    expect(seen.filter((s) => s.method === 'POST')).toEqual([]);
    expect(document.title).toBe('Não receber mais mensagens · Innexar');

    await userEvent.click(screen.getByRole('button', { name: 'Não quero mais receber' }));
    const done = await screen.findByRole('status');
    expect(done.textContent).toBe('Pronto: você não receberá mais ofertas e novidades de Auto Center Demo por e-mail em j***@gmail.com.');
    expect(seen.filter((s) => s.method === 'POST').map((s) => s.path)).toEqual([PATH]);
    expect(screen.queryByRole('button', { name: 'Não quero mais receber' })).toBeNull();
    screen.getByText('Se mudar de ideia, fale com a loja.');
  });

  it('says so when the person already opted out, with nothing to confirm', async () => {
    serve(optOut({ channel: 'whatsapp', purpose: 'service_reminders', recipient: '***4321', optedOut: true }));
    open();
    const said = await screen.findByText('Você já não recebe lembretes de revisão e serviços de Auto Center Demo por WhatsApp em ***4321.');
    expect(said.closest('[role="status"]')).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Não quero mais receber' })).toBeNull();
  });

  it('says plainly that a link does not exist, in the app’s words', async () => {
    stubPublic(() => json(404, { status: 404, code: 'messages.opt_out_not_found', title: 'Not found', detail: 'no message has this opt-out link' }));
    open();
    await screen.findByRole('heading', { name: 'Link não encontrado' });
    screen.getByText('Este link não existe ou está incompleto. Confira o endereço na mensagem que você recebeu.');
    expect(screen.queryByText(/no message has/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Tentar de novo' })).toBeNull();
  });

  it('offers a retry when the server could not be reached', async () => {
    let down = true;
    stubPublic((r) => (down ? json(503, { status: 503, code: 'http.timeout' }) : r.path === PATH ? json(200, optOut()) : undefined));
    open();
    await screen.findByRole('heading', { name: 'Não foi possível carregar os dados.' });
    down = false;
    await userEvent.click(screen.getByRole('button', { name: 'Tentar de novo' }));
    await screen.findByRole('button', { name: 'Não quero mais receber' });
  });

  it('reads in English at the person’s choice', async () => {
    serve(optOut({ channel: 'sms', purpose: 'surveys', recipient: '***4321' }));
    open();
    await screen.findByText('Auto Center Demo — você não receberá mais pesquisas de satisfação por SMS em ***4321.');
    await userEvent.click(screen.getByRole('button', { name: 'Idioma: English' }));
    await screen.findByText('Auto Center Demo — you will no longer receive satisfaction surveys by SMS at ***4321.');
    screen.getByRole('button', { name: 'I don’t want these any more' });
    screen.getByRole('button', { name: 'Language: Português (Brasil)' });
  });
});
