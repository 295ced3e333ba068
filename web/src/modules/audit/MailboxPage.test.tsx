import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, renderRoutes, stubServer, type Seen } from '@/modules/sales/testing';
import { MailboxPage } from './MailboxPage';
import type { Message } from './mailbox';
import { RESET_ID, message, page } from './testing';

const SMS_ID = '0190a000-0000-7000-8000-00000000f002';
const INVITE_ID = '0190a000-0000-7000-8000-00000000f003';

const reset = message();
const sms = message({
  id: SMS_ID,
  channel: 'sms',
  recipient: '+5511987654321',
  kind: 'quote_confirmation_code',
  subject: '',
  body: 'Seu código para aceitar a proposta P-00007 é 482913. Ele vale por 10 minutos.',
  html: null,
  status: 'failed',
  lastError: 'provider answered 400: invalid number',
  createdAt: '2026-12-01T15:40:00Z',
});
const invite = message({ id: INVITE_ID, kind: 'user_invitation', subject: 'Convite para o Innexar — Auto Demo', recipient: 'novo@loja.test', status: 'sent', sentAt: '2026-12-01T15:50:05Z', provider: 'smtp' });

/** The mailbox's server: the messages matching the request's channel and status. */
function serve(all: Message[]) {
  return stubServer(['messages.read'], (s) => {
    if (s.path === '/api/v1/messages') {
      const channel = s.search.get('channel');
      const status = s.search.get('status');
      return json(200, page(all.filter((m) => (!channel || m.channel === channel) && (!status || m.status === status))));
    }
    const one = all.find((m) => s.path === `/api/v1/messages/${m.id}`);
    return one ? json(200, one) : undefined;
  });
}

function desk(on: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: on, media: query, addEventListener: () => undefined, removeEventListener: () => undefined }));
}

function renderPage(at = '/admin/messages') {
  return renderRoutes([{ path: '/admin/messages', element: <MailboxPage /> }], at);
}

const listCalls = (seen: Seen[]) => seen.filter((s) => s.path === '/api/v1/messages').map((s) => Object.fromEntries(s.search));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('the mailbox', () => {
  it('shows each message on a phone as a card: kind, status, recipient, subject or first line, and explains kept ones', async () => {
    serve([sms, reset]);
    renderPage();
    const list = await screen.findByRole('list', { name: 'Mensagens' });
    const [first, second] = within(list).getAllByRole('button');
    expect(first!.getAttribute('aria-label')).toMatch(/^Abrir a mensagem Código de aceite da proposta para \+5511987654321 de .+, Falhou$/);
    within(first!).getByText('Falhou');
    within(first!).getByText('Seu código para aceitar a proposta P-00007 é 482913. Ele vale por 10 minutos.');
    within(first!).getByText('SMS');
    within(second!).getByText('Redefinição de senha');
    within(second!).getByText('Guardada');
    within(second!).getByText('ana.vendas@loja.test');
    within(second!).getByText('Redefinição de senha — Auto Demo');
    within(second!).getByText('E-mail');
    screen.getByText('2 mensagens');
    const note = screen.getByRole('note', { name: 'Mensagens guardadas aqui' });
    within(note).getByText(/ainda não está configurado, então as mensagens ficam nesta caixa/);
  });

  it('shows a table on a desk, filters by channel and status through the address, and clears them', async () => {
    desk(true);
    const seen = serve([sms, reset, invite]);
    const router = renderPage();
    const table = await screen.findByRole('table', { name: 'Mensagens' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Mensagem', 'Para', 'Tipo', 'Canal', 'Situação', 'Criada em']);
    const row = within(table).getByRole('row', { name: /novo@loja\.test/ });
    within(row).getByText('Enviada');
    within(row).getByText('Convite de usuário');
    within(row).getByRole('button', { name: 'Convite para o Innexar — Auto Demo' });
    expect(listCalls(seen)[0]).toEqual({ page: '1', pageSize: '25' });

    const channels = screen.getByRole('group', { name: 'Canal' });
    expect(within(channels).getAllByRole('button').map((b) => b.textContent)).toEqual(['Todos', 'E-mail', 'SMS', 'WhatsApp']);
    await userEvent.click(within(channels).getByRole('button', { name: 'E-mail' }));
    await screen.findByText('2 mensagens');
    expect(within(channels).getByRole('button', { name: 'E-mail' }).getAttribute('aria-pressed')).toBe('true');
    expect(router.state.location.search).toBe('?channel=email');
    expect(listCalls(seen).at(-1)).toEqual({ page: '1', pageSize: '25', channel: 'email' });
    expect(screen.queryByText(/\+5511987654321/)).toBeNull();

    const status = screen.getByLabelText('Situação') as HTMLSelectElement;
    expect([...status.options].map((o) => o.textContent)).toEqual(['Todas as situações', 'Na fila', 'Guardada', 'Enviada', 'Entregue', 'Lida', 'Falhou', 'Sem consentimento']);
    await userEvent.selectOptions(status, 'kept');
    await screen.findByText('1 mensagem');
    expect(router.state.location.search).toBe('?channel=email&status=kept');
    expect(listCalls(seen).at(-1)).toEqual({ page: '1', pageSize: '25', channel: 'email', status: 'kept' });
    screen.getByRole('note', { name: 'Mensagens guardadas aqui' });

    await userEvent.click(within(channels).getByRole('button', { name: 'WhatsApp' }));
    await screen.findByText('Nenhuma mensagem com estes filtros');
    screen.getByText('Limpe os filtros para ver todas as mensagens.');
    await userEvent.click(screen.getByRole('button', { name: 'Limpar filtros' }));
    await screen.findByText('3 mensagens');
    expect(router.state.location.search).toBe('');
    expect(screen.queryByRole('button', { name: 'Limpar filtros' })).toBeNull();
  });

  it('reads its filters from the address, and says nothing is there yet without filters', async () => {
    const seen = serve([]);
    renderPage('/admin/messages?channel=sms&status=failed&page=2');
    await screen.findByText('Nenhuma mensagem com estes filtros');
    expect(listCalls(seen)[0]).toEqual({ page: '2', pageSize: '25', channel: 'sms', status: 'failed' });
    expect(screen.getByRole('group', { name: 'Canal' }).querySelector('[aria-pressed="true"]')?.textContent).toBe('SMS');
    expect((screen.getByLabelText('Situação') as HTMLSelectElement).value).toBe('failed');
    cleanup();

    serve([]);
    renderPage();
    await screen.findByText('Nenhuma mensagem');
    screen.getByText(/Quando alguém pedir para redefinir a senha/);
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('opens a message in a sheet named by its subject, kept in the address, and closes it back to the list', async () => {
    // The server takes its time with the message itself: the list's copy shows meanwhile.
    stubServer(['messages.read'], (s) => {
      if (s.path === '/api/v1/messages') return json(200, page([sms, reset].filter((m) => m.channel === (s.search.get('channel') ?? m.channel))));
      if (s.path === `/api/v1/messages/${RESET_ID}`) return new Promise<Response>((done) => setTimeout(() => done(json(200, reset)), 300));
      return undefined;
    });
    const router = renderPage('/admin/messages?channel=email');
    const card = await screen.findByRole('button', { name: /^Abrir a mensagem Redefinição de senha para ana\.vendas@loja\.test/ });
    await userEvent.click(card);
    const sheet = await screen.findByRole('dialog', { name: 'Redefinição de senha — Auto Demo' });
    expect(router.state.location.search).toBe(`?channel=email&message=${RESET_ID}`);
    within(sheet).getByText(/^Para ana\.vendas@loja\.test · E-mail · /);
    // The list's copy shows at once, as current: not dimmed under "Atualizando…" while the server answers.
    within(sheet).getByTitle('E-mail “Redefinição de senha — Auto Demo” como enviado');
    expect(within(sheet).queryByText('Atualizando…')).toBeNull();
    // The focus moves into the sheet, and back to the message's card when it closes.
    expect(sheet.contains(document.activeElement)).toBe(true);
    await userEvent.click(within(sheet).getAllByRole('button', { name: 'Fechar' }).at(-1)!);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(router.state.location.search).toBe('?channel=email');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Abrir a mensagem Redefinição de senha para ana\.vendas@loja\.test/ })));
  });

  it('asks again while a message just queued goes, and shows it kept', async () => {
    let current = message({ status: 'queued', attempts: 0, nextAttemptAt: new Date().toISOString() });
    const seen = stubServer(['messages.read'], (s) => (s.path === '/api/v1/messages' ? json(200, page([current])) : undefined));
    renderPage();
    const card = await screen.findByRole('button', { name: /^Abrir a mensagem Redefinição de senha/ });
    within(card).getByText('Na fila');
    current = message();
    await within(card).findByText('Guardada', undefined, { timeout: 4000 });
    expect(listCalls(seen).length).toBeGreaterThanOrEqual(2);
  });
});
