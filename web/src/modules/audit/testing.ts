// What the mailbox's component tests share: a message as the API answers it.
import type { Message } from './mailbox';

export const RESET_ID = '0190a000-0000-7000-8000-00000000f001';

/** A password reset kept in the mailbox (no e-mail set up), with its HTML part. */
export function message(patch: Partial<Message> = {}): Message {
  return {
    id: RESET_ID,
    channel: 'email',
    recipient: 'ana.vendas@loja.test',
    kind: 'password_reset',
    purpose: 'transactional',
    customerId: null,
    language: 'pt-BR',
    subject: 'Redefinição de senha — Auto Demo',
    body: 'Olá, Ana.\n\nPara criar uma nova senha, abra o link abaixo.\n\nhttps://demo.innexar.app/reset-password?token=abc123\n\nSe você não pediu, ignore esta mensagem.',
    html: '<!doctype html><html lang="pt-BR"><body><p>Olá, Ana.</p><p><a href="https://demo.innexar.app/reset-password?token=abc123">https://demo.innexar.app/reset-password?token=abc123</a></p><script>parent.alert(1)</script></body></html>',
    attachments: [],
    status: 'kept',
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
    provider: null,
    providerMessageId: null,
    createdAt: '2026-12-01T15:30:00Z',
    sentAt: null,
    deliveredAt: null,
    readAt: null,
    ...patch,
  };
}

export function page(items: Message[], total = items.length) {
  return { items, page: 1, pageSize: 25, total, totalExact: true };
}
