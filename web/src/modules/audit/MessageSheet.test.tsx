import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, renderRoutes, stubServer } from '@/modules/sales/testing';
import { MailboxPage } from './MailboxPage';
import type { Message } from './mailbox';
import { RESET_ID, message, page } from './testing';

const QUOTE_ID = '0190a000-0000-7000-8000-00000000f010';
const WHATSAPP_ID = '0190a000-0000-7000-8000-00000000f011';
const GONE_ID = '0190a000-0000-7000-8000-00000000f0ff';
const CUSTOMER = '0190a000-0000-7000-8000-0000000000c1';

/** The server of the mailbox with these messages: its list, and each by its id. */
function serve(all: Message[], permissions = ['messages.read']) {
  return stubServer(permissions, (s) => {
    if (s.path === '/api/v1/messages') return json(200, page(all));
    const one = all.find((m) => s.path === `/api/v1/messages/${m.id}`);
    if (one) return json(200, one);
    if (s.path.startsWith('/api/v1/messages/')) return json(404, { status: 404, code: 'messages.not_found', title: 'No message with this id', detail: 'no such message' });
    return undefined;
  });
}

/** The mailbox with message `id` open, as a link to it opens it. */
function openAt(id: string) {
  return renderRoutes(
    [
      { path: '/admin/messages', element: <MailboxPage /> },
      { path: '/customers/:id', element: <p>customer page</p> },
    ],
    `/admin/messages?message=${id}`,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('a message’s detail', () => {
  it('renders an e-mail’s HTML in a frame without scripts or the app’s origin, with its plain text a toggle away', async () => {
    serve([message()]);
    openAt(RESET_ID);
    const sheet = await screen.findByRole('dialog', { name: 'Redefinição de senha — Auto Demo' });
    const frame = within(sheet).getByTitle('E-mail “Redefinição de senha — Auto Demo” como enviado');
    expect(frame.tagName).toBe('IFRAME');
    // An empty sandbox: no allow-scripts, no allow-same-origin, nothing else.
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<a href="https://demo.innexar.app/reset-password?token=abc123">');
    // The message as the server wrote it, in the frame only: its markup never reaches the page.
    expect(sheet.querySelector('script')).toBeNull();
    expect(within(sheet).queryByText('Olá, Ana.', { exact: false })).toBeNull();

    const view = within(sheet).getByRole('group', { name: 'Exibir o e-mail' });
    expect(within(view).getByRole('button', { name: 'Formatado' }).getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(within(view).getByRole('button', { name: 'Texto simples' }));
    expect(within(view).getByRole('button', { name: 'Texto simples' }).getAttribute('aria-pressed')).toBe('true');
    expect(within(sheet).queryByTitle(/como enviado$/)).toBeNull();
    within(sheet).getByText(/^Olá, Ana\.\s+Para criar uma nova senha, abra o link abaixo\./);
    const link = within(sheet).getByRole('link', { name: 'https://demo.innexar.app/reset-password?token=abc123' });
    expect(link.getAttribute('rel')).toBe('noreferrer');
    await userEvent.click(within(view).getByRole('button', { name: 'Formatado' }));
    within(sheet).getByTitle('E-mail “Redefinição de senha — Auto Demo” como enviado');
  });

  it('says why a kept message stayed here, and shows its steps, attempts and that no provider carried it', async () => {
    serve([message()]);
    openAt(RESET_ID);
    const sheet = await screen.findByRole('dialog', { name: 'Redefinição de senha — Auto Demo' });
    within(sheet).getByText('Guardada');
    within(sheet).getByText('Guardada porque o envio por e-mail não está configurado: a pessoa não recebeu esta mensagem.');
    const timeline = within(within(sheet).getByRole('region', { name: 'Andamento' })).getAllByRole('listitem');
    expect(timeline.map((s) => s.textContent)).toEqual([expect.stringMatching(/^Criada01\/12\/2026/), 'Enviada—', 'Entregue—', 'Lida—']);
    const details = within(sheet).getByRole('region', { name: 'Detalhes' });
    expect(within(details).getAllByRole('term').map((d) => d.textContent)).toEqual(['Tentativas', 'Finalidade', 'Idioma', 'Provedor', 'ID no provedor']);
    expect(within(details).getAllByRole('definition').map((d) => d.textContent)).toEqual(['1', 'Transacional', 'Português (Brasil)', '—', '—']);
    expect(within(sheet).queryByRole('region', { name: 'Diagnóstico do servidor' })).toBeNull();
    expect(within(sheet).queryByRole('region', { name: 'Anexos' })).toBeNull();
  });

  it('shows an e-mail delivered with its attachment, its provider’s id and its customer', async () => {
    serve(
      [
        message({
          id: QUOTE_ID,
          kind: 'quote_sent',
          subject: 'Sua proposta P-00007 — Matriz',
          customerId: CUSTOMER,
          attachments: [{ source: 'sales.quote_pdf', id: '0190a000-0000-7000-8000-0000000000q1', version: 2, filename: 'Proposta P-00007.pdf', contentType: 'application/pdf' }],
          status: 'delivered',
          attempts: 2,
          provider: 'smtp',
          providerMessageId: '<0190a000@innexar.app>',
          sentAt: '2026-12-01T15:31:00Z',
          deliveredAt: '2026-12-01T15:32:00Z',
        }),
      ],
      ['messages.read', 'customers.read'],
    );
    const router = openAt(QUOTE_ID);
    const sheet = await screen.findByRole('dialog', { name: 'Sua proposta P-00007 — Matriz' });
    within(sheet).getByText('Entregue', { selector: 'span.rounded-full' });
    within(within(sheet).getByRole('region', { name: 'Anexos' })).getByText('Proposta P-00007.pdf');
    const timeline = within(within(sheet).getByRole('region', { name: 'Andamento' })).getAllByRole('listitem');
    expect(timeline.map((s) => s.textContent)).toEqual([
      expect.stringMatching(/^Criada01\/12\/2026/),
      expect.stringMatching(/^Enviada01\/12\/2026/),
      expect.stringMatching(/^Entregue01\/12\/2026/),
      'LidaAinda não',
    ]);
    const details = within(sheet).getByRole('region', { name: 'Detalhes' });
    within(details).getByText('smtp');
    within(details).getByText('<0190a000@innexar.app>');
    within(details).getByText('2');
    await userEvent.click(within(details).getByRole('link', { name: 'Abrir o cadastro' }));
    expect(router.state.location.pathname).toBe(`/customers/${CUSTOMER}`);
  });

  it('shows a WhatsApp message as a text bubble, and the server’s diagnostic of its failure as such', async () => {
    serve([
      message({
        id: WHATSAPP_ID,
        channel: 'whatsapp',
        recipient: '+5511987654321',
        kind: 'quote_sent',
        subject: '',
        html: null,
        body: 'Olá, Camila! Sua proposta P-00007 da Matriz está disponível: https://demo.innexar.app/p/xyz',
        status: 'failed',
        attempts: 5,
        lastError: 'whatsapp_cloud: 131026 message undeliverable',
      }),
    ]);
    openAt(WHATSAPP_ID);
    const sheet = await screen.findByRole('dialog', { name: 'Proposta enviada' });
    within(sheet).getByText(/^Para \+5511987654321 · WhatsApp · /);
    within(sheet).getByText('Falhou');
    expect(within(sheet).queryByRole('group', { name: 'Exibir o e-mail' })).toBeNull();
    expect(within(sheet).queryByTitle(/como enviado$/)).toBeNull();
    const bubble = within(sheet).getByRole('figure', { name: 'WhatsApp para +5511987654321' });
    within(bubble).getByText(/^Olá, Camila! Sua proposta P-00007 da Matriz está disponível:/);
    within(bubble).getByRole('link', { name: 'https://demo.innexar.app/p/xyz' });
    const diagnostic = within(sheet).getByRole('region', { name: 'Diagnóstico do servidor' });
    const text = within(diagnostic).getByText('whatsapp_cloud: 131026 message undeliverable');
    expect(text.tagName).toBe('PRE');
    expect(text.className).toContain('font-mono');
    expect(text.getAttribute('aria-describedby')).toBeTruthy();
    within(diagnostic).getByText(/^Texto técnico gravado pelo servidor/);
    // The server's words are its diagnostic, not a problem code: no alert, no translated error.
    expect(within(sheet).queryByRole('alert')).toBeNull();
  });

  it('copies the link a message carries', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    serve([message()]);
    openAt(RESET_ID);
    const sheet = await screen.findByRole('dialog', { name: 'Redefinição de senha — Auto Demo' });
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await userEvent.click(within(sheet).getByRole('button', { name: 'Copiar o link' }));
    expect(writeText).toHaveBeenCalledWith('https://demo.innexar.app/reset-password?token=abc123');
    await screen.findByText('Link copiado.');
  });

  it('says a message that is not there is not found', async () => {
    serve([message()]);
    openAt(GONE_ID);
    const sheet = await screen.findByRole('dialog', { name: 'Mensagem' });
    await within(sheet).findByText('Mensagem não encontrada.');
    expect(within(sheet).queryByText(/no such message/)).toBeNull();
  });
});
