import { afterEach, describe, expect, it } from 'vitest';
import i18n from '@/i18n';
import { notificationLink, notificationText, timeAgo, type Notification } from './wording';

const QUOTE = '0190a000-0000-7000-8000-0000000000q1';

/** The words in the app's language (amounts are formatted in it too). */
function say(kind: string, params: object): string {
  return notificationText(i18n.t, { kind, params: params as Notification['params'] });
}

/** Intl separates the currency with a no-break space; the tests read it as a plain one. */
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('a notification’s words', () => {
  afterEach(async () => {
    await i18n.changeLanguage('pt-BR');
  });

  it('tell a manager who asks for how much off which quote, in reais', () => {
    const p = { quoteId: QUOTE, quoteNumber: 'P-00012', priceCents: 12_000_000, discountCents: 500_000, by: 'Bruno Vendas' };
    expect(plain(say('sales.approval_requested', p))).toBe('Bruno Vendas pede R$ 5.000,00 de desconto na proposta P-00012');
    expect(plain(say('sales.approval_requested', { ...p, by: null }))).toBe('Um vendedor pede R$ 5.000,00 de desconto na proposta P-00012');
  });

  it('tell the salesperson the manager’s answer, a counter-proposal with both amounts', () => {
    const p = { quoteId: QUOTE, quoteNumber: 'P-00012', discountCents: 500_000, approvedDiscountCents: 500_000, by: 'Helena Gerente' };
    expect(plain(say('sales.approval_decided', { ...p, decision: 'approved' }))).toBe('Helena Gerente aprovou o desconto de R$ 5.000,00 na proposta P-00012');
    expect(plain(say('sales.approval_decided', { ...p, decision: 'rejected', approvedDiscountCents: null }))).toBe(
      'Helena Gerente recusou o desconto de R$ 5.000,00 na proposta P-00012',
    );
    expect(plain(say('sales.approval_decided', { ...p, decision: 'countered', approvedDiscountCents: 400_000 }))).toBe(
      'Helena Gerente contrapropôs R$ 4.000,00 de desconto na proposta P-00012 (o pedido era R$ 5.000,00)',
    );
    expect(plain(say('sales.approval_decided', { ...p, decision: 'approved', by: null }))).toBe('O gerente aprovou o desconto de R$ 5.000,00 na proposta P-00012');
    // A decision this version does not know is still an answer to the request.
    expect(plain(say('sales.approval_decided', { ...p, decision: 'deferred' }))).toBe('Helena Gerente respondeu ao pedido de desconto de R$ 5.000,00 na proposta P-00012');
  });

  it('tell the salesperson the customer’s answer with the version answered', () => {
    const p = { quoteId: QUOTE, quoteNumber: 'P-00012', version: 2, by: null };
    expect(say('sales.quote_accepted', p)).toBe('O cliente aceitou a proposta P-00012 (versão 2)');
    expect(say('sales.quote_declined', p)).toBe('O cliente recusou a proposta P-00012 (versão 2)');
  });

  it('tell the Owner a webhook endpoint was disabled, and after how many failures', async () => {
    const p = { url: 'https://integrador.example.com/hooks', failures: 15, by: null };
    expect(say('webhooks.endpoint_disabled', p)).toBe(
      'O webhook https://integrador.example.com/hooks foi desativado depois de 15 entregas seguidas com falha',
    );
    expect(say('webhooks.endpoint_disabled', { ...p, failures: undefined })).toBe('Nova notificação. Abra para ver os detalhes.');
    await i18n.changeLanguage('en');
    expect(say('webhooks.endpoint_disabled', p)).toBe('The webhook https://integrador.example.com/hooks was disabled after 15 failed deliveries in a row');
  });

  it('read the same in English, amounts still in reais', async () => {
    await i18n.changeLanguage('en');
    const asked = { quoteId: QUOTE, quoteNumber: 'P-00012', priceCents: 12_000_000, discountCents: 500_000, by: 'Bruno Vendas' };
    expect(say('sales.approval_requested', asked)).toBe('Bruno Vendas asks for a R$5,000.00 discount on quote P-00012');
    const decided = { quoteId: QUOTE, quoteNumber: 'P-00012', discountCents: 500_000, by: null };
    expect(say('sales.approval_decided', { ...decided, decision: 'approved', approvedDiscountCents: 500_000 })).toBe(
      'The manager approved the R$5,000.00 discount on quote P-00012',
    );
    expect(say('sales.approval_decided', { ...decided, decision: 'rejected', approvedDiscountCents: null })).toBe(
      'The manager rejected the R$5,000.00 discount on quote P-00012',
    );
    expect(say('sales.approval_decided', { ...decided, decision: 'countered', approvedDiscountCents: 400_000 })).toBe(
      'The manager offered R$4,000.00 off instead on quote P-00012 (you asked for R$5,000.00)',
    );
    expect(say('sales.quote_accepted', { quoteNumber: 'P-00012', version: 2 })).toBe('The customer accepted quote P-00012 (version 2)');
    expect(say('sales.quote_declined', { quoteNumber: 'P-00012', version: 1 })).toBe('The customer declined quote P-00012 (version 1)');
  });

  it('say a kind this version does not know, or params that do not fit, plainly: never the code or the JSON', async () => {
    for (const lng of ['pt-BR', 'en'] as const) {
      await i18n.changeLanguage(lng);
      const other = lng === 'en' ? 'New notification. Open it to see the details.' : 'Nova notificação. Abra para ver os detalhes.';
      expect(say('workshop.repair_order_ready', { orderNumber: 'OS-88310', by: 'Ana' })).toBe(other);
      // A prefix of a known kind, or a word of the table itself, is no kind either.
      expect(say('sales', {})).toBe(other);
      expect(say('toString', {})).toBe(other);
      // The sentence needs the quote's number and the amount.
      expect(say('sales.approval_requested', { quoteNumber: null, discountCents: 500_000 })).toBe(other);
      expect(say('sales.approval_decided', { quoteNumber: 'P-00012', decision: 'approved', discountCents: '500000' })).toBe(other);
      expect(say('sales.quote_accepted', null as unknown as object)).toBe(other);
    }
  });
});

describe('where a notification leads', () => {
  it('is its link inside the app, and the notifications page for anything else', () => {
    expect(notificationLink({ link: `/quotes/${QUOTE}` })).toBe(`/quotes/${QUOTE}`);
    expect(notificationLink({ link: '/approvals' })).toBe('/approvals');
    expect(notificationLink({ link: 'https://example.com/x' })).toBe('/notifications');
    expect(notificationLink({ link: '//example.com/x' })).toBe('/notifications');
    expect(notificationLink({ link: '/\\example.com' })).toBe('/notifications');
    expect(notificationLink({ link: 'javascript:alert(1)' })).toBe('/notifications');
  });
});

describe('how long ago', () => {
  afterEach(async () => {
    await i18n.changeLanguage('pt-BR');
  });

  const now = Date.parse('2026-12-06T15:00:00Z');
  const before = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it('counts minutes, hours and days, then gives the date, in the user’s language', async () => {
    expect(timeAgo(before(20), now)).toBe('agora');
    expect(timeAgo(before(-30), now)).toBe('agora');
    expect(timeAgo(before(5 * 60), now)).toBe('há 5 minutos');
    expect(timeAgo(before(3 * 3600 + 50 * 60), now)).toBe('há 3 horas');
    expect(timeAgo(before(30 * 3600), now)).toBe('ontem');
    expect(timeAgo(before(4 * 86_400), now)).toBe('há 4 dias');
    expect(timeAgo('2026-11-20T15:00:00Z', now)).toBe('20/11/2026');
    await i18n.changeLanguage('en');
    expect(timeAgo(before(5 * 60), now)).toBe('5 minutes ago');
    expect(timeAgo(before(30 * 3600), now)).toBe('yesterday');
  });
});
