import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { ToastProvider } from '@/ui/Toast';
import { ConversationPanel } from './ConversationPanel';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const conversation = (over: object = {}) => ({
  id: 'cv1', customerId: 'c1', customerName: 'Bruno Dias', leadId: 'l1', storeId: 's1', phone: '+5511912345678', status: 'open',
  lastInboundAt: minutesAgo(10), lastMessageAt: minutesAgo(10), lastPreview: 'Oi!', unread: 0,
  windowEndsAt: new Date(Date.now() + 23 * 3600_000).toISOString(), windowOpen: true, ...over,
});
const message = (id: string, direction: 'inbound' | 'outbound', body: string, at: string) => ({
  id, version: 1, kind: 'whatsapp', direction, body, customerId: 'c1', leadId: 'l1', storeId: 's1', occurredAt: at,
});

describe("a lead's WhatsApp conversation", () => {
  let conv: ReturnType<typeof conversation> | null;
  let messages: ReturnType<typeof message>[];
  let posted: { path: string; body: unknown }[];
  let refuse: { status: number; code: string } | null;
  beforeEach(() => {
    conv = conversation();
    messages = [message('m1', 'inbound', 'Oi! O Compass ainda está à venda?', minutesAgo(10))];
    posted = [];
    refuse = null;
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url);
      if (url.pathname === '/api/v1/leads/l1/conversation') return conv ? json(200, conv) : json(404, { status: 404, code: 'conversations.not_started' });
      if (url.pathname === '/api/v1/leads/l1/timeline') return json(200, { stageChanges: [], activities: [...messages].reverse() });
      if (url.pathname === '/api/v1/conversations/cv1/read') {
        posted.push({ path: url.pathname, body: null });
        conv = { ...conv!, unread: 0 };
        return json(200, conv);
      }
      if (url.pathname === '/api/v1/leads/l1/conversation/messages') {
        const body = (await req.json()) as { text?: string; followUp?: boolean };
        posted.push({ path: url.pathname, body });
        if (refuse) return json(refuse.status, { status: refuse.status, code: refuse.code });
        const m = message(`m${messages.length + 1}`, 'outbound', body.text ?? 'Olá, Bruno! Aqui é Carlos, da Matriz. Podemos continuar nossa conversa?', new Date().toISOString());
        messages.push(m);
        conv = { ...conv!, lastMessageAt: m.occurredAt, lastPreview: m.body };
        return json(201, m);
      }
      return json(404, { status: 404, code: 'http.not_found' });
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  function renderPanel(props: { canConfigure?: boolean } = {}) {
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <ToastProvider>
          <MemoryRouter>
            <ConversationPanel leadId="l1" customerName="Bruno Dias" sellerName="Carlos Vendedor" storeName="Matriz Pinheiros" canWork canConfigure={props.canConfigure ?? false} />
          </MemoryRouter>
        </ToastProvider>
      </QueryClientProvider>,
    );
  }

  it('shows the thread as bubbles, sends free text with the button, shows it and keeps the focus to write again', async () => {
    renderPanel();
    const log = await screen.findByRole('log', { name: 'Mensagens de WhatsApp' });
    expect(within(log).getByText('Oi! O Compass ainda está à venda?')).toBeTruthy();
    expect(within(log).getByText('Cliente:')).toBeTruthy();
    expect(screen.getByText(/^Texto livre até \d{2}:\d{2}/)).toBeTruthy();
    // On a phone Enter is a new line; the button sends.
    const box = screen.getByLabelText('Mensagem');
    await userEvent.click(screen.getByRole('button', { name: 'Enviar' }));
    expect(await screen.findByText('Escreva a mensagem.')).toBeTruthy();
    expect(posted).toEqual([]);
    await userEvent.type(box, 'Está sim!{Enter}Quer agendar uma visita?');
    await userEvent.click(screen.getByRole('button', { name: 'Enviar' }));
    await within(log).findByText('Está sim! Quer agendar uma visita?', { normalizer: (s) => s.replace(/\s+/g, ' ') });
    expect(posted).toEqual([{ path: '/api/v1/leads/l1/conversation/messages', body: { text: 'Está sim!\nQuer agendar uma visita?' } }]);
    expect(within(log).getByText('Loja:')).toBeTruthy();
    expect((box as HTMLTextAreaElement).value).toBe('');
    expect(document.activeElement).toBe(box);
  });

  it('sends with Enter on a desk, Shift+Enter breaking the line', async () => {
    vi.stubGlobal('matchMedia', (q: string) => ({ matches: q === '(min-width: 768px)', addEventListener: () => undefined, removeEventListener: () => undefined }));
    renderPanel();
    const box = await screen.findByLabelText('Mensagem');
    expect(screen.getByText('Enter envia; Shift+Enter quebra a linha.')).toBeTruthy();
    await userEvent.type(box, 'Bom dia{Shift>}{Enter}{/Shift}Bruno{Enter}');
    await vi.waitFor(() => expect(posted).toEqual([{ path: '/api/v1/leads/l1/conversation/messages', body: { text: 'Bom dia\nBruno' } }]));
  });

  it('after 24 hours offers only the follow-up template, and says why a send was refused', async () => {
    conv = conversation({ lastInboundAt: minutesAgo(26 * 60), lastMessageAt: minutesAgo(26 * 60), windowEndsAt: minutesAgo(2 * 60), windowOpen: false });
    refuse = { status: 409, code: 'conversations.channel_off' };
    renderPanel({ canConfigure: true });
    await screen.findByText('Janela de 24 horas fechada');
    expect(screen.queryByLabelText('Mensagem')).toBeNull();
    expect(screen.getByText('Olá, Bruno! Aqui é Carlos Vendedor, da Matriz Pinheiros. Podemos continuar nossa conversa?')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Enviar modelo de retomada' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('O WhatsApp da loja não está configurado ou está desativado.');
    expect(within(alert).getByRole('link', { name: 'Configurar o WhatsApp da loja' }).getAttribute('href')).toBe('/admin/channels');

    refuse = null;
    await userEvent.click(screen.getByRole('button', { name: 'Enviar modelo de retomada' }));
    await screen.findByText('Modelo de retomada enviado.');
    expect(posted.at(-1)).toEqual({ path: '/api/v1/leads/l1/conversation/messages', body: { followUp: true } });
    await within(screen.getByRole('log')).findByText(/^Olá, Bruno! Aqui é Carlos/);
  });

  it('a free text refused because the window closed meanwhile says so', async () => {
    refuse = { status: 409, code: 'conversations.window_closed' };
    renderPanel();
    await userEvent.type(await screen.findByLabelText('Mensagem'), 'Ainda está aí?');
    await userEvent.click(screen.getByRole('button', { name: 'Enviar' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Já se passaram 24 horas desde a última mensagem do cliente: envie o modelo de retomada.');
  });

  it('marks what arrived unread as read once it is on screen', async () => {
    conv = conversation({ unread: 2 });
    renderPanel();
    await vi.waitFor(() => expect(posted).toEqual([{ path: '/api/v1/conversations/cv1/read', body: null }]));
  });

  it('before the customer writes, says where the messages will come from', async () => {
    conv = null;
    renderPanel();
    await screen.findByText('Quando o cliente escrever para o WhatsApp da loja, as mensagens aparecem aqui.');
    expect(screen.queryByLabelText('Mensagem')).toBeNull();
  });
});
