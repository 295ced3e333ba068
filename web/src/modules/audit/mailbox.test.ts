import { describe, expect, it } from 'vitest';
import i18n from '@/i18n';
import {
  KINDS,
  STATUSES,
  channelLabel,
  firstLink,
  kindLabel,
  linkParts,
  pollInterval,
  preview,
  readFilters,
  readOpen,
  statusLabel,
  steps,
  writeFilters,
} from './mailbox';

const pt = i18n.getFixedT('pt-BR');
const en = i18n.getFixedT('en');
const ID = '0190a000-0000-7000-8000-0000000000m1';
const UUID_ID = '0190a000-0000-7000-8000-00000000abcd';

describe('the mailbox’s words', () => {
  it('name every status in Portuguese and English', () => {
    expect(STATUSES.map((s) => statusLabel(pt, s))).toEqual(['Na fila', 'Guardada', 'Enviada', 'Entregue', 'Lida', 'Falhou', 'Sem consentimento']);
    expect(STATUSES.map((s) => statusLabel(en, s))).toEqual(['Queued', 'Kept', 'Sent', 'Delivered', 'Read', 'Failed', 'No consent']);
  });

  it('name every kind the server writes, and show a new one as sent', () => {
    for (const k of KINDS) {
      expect(kindLabel(pt, k)).not.toBe(k);
      expect(kindLabel(en, k)).not.toBe(k);
    }
    expect(kindLabel(pt, 'password_reset')).toBe('Redefinição de senha');
    expect(kindLabel(en, 'user_invitation')).toBe('User invitation');
    expect(kindLabel(pt, 'birthday_greeting')).toBe('birthday_greeting');
    expect(statusLabel(pt, 'bounced')).toBe('bounced');
    expect(channelLabel(pt, 'whatsapp')).toBe('WhatsApp');
    expect(channelLabel(pt, 'telegram')).toBe('telegram');
  });
});

describe('a message in a row', () => {
  it('shows an e-mail’s subject, else the first line of its text', () => {
    expect(preview({ subject: 'Redefinição de senha — Loja', body: 'Olá, Ana.' })).toBe('Redefinição de senha — Loja');
    expect(preview({ subject: '', body: '\n  Seu código é 123456.\nVale 10 minutos.' })).toBe('Seu código é 123456.');
    expect(preview({ subject: ' ', body: '' })).toBe('');
  });

  it('finds its link without the sentence’s full stop, and splits its text around links', () => {
    expect(firstLink('Abra https://loja.innexar.app/reset-password?token=abc. Obrigado')).toBe('https://loja.innexar.app/reset-password?token=abc');
    expect(firstLink('Sem link.')).toBeUndefined();
    expect(linkParts('Veja http://a.test/x, e https://b.test.')).toEqual([
      { text: 'Veja ', link: false },
      { text: 'http://a.test/x', link: true },
      { text: ', e ', link: false },
      { text: 'https://b.test', link: true },
      { text: '.', link: false },
    ]);
  });

  it('lists its steps with when each came', () => {
    expect(steps({ createdAt: '2026-12-01T12:00:00Z', sentAt: '2026-12-01T12:00:02Z', deliveredAt: null })).toEqual([
      { step: 'created', at: '2026-12-01T12:00:00Z' },
      { step: 'sent', at: '2026-12-01T12:00:02Z' },
      { step: 'delivered', at: null },
      { step: 'read', at: null },
    ]);
  });
});

describe('the list', () => {
  it('asks again while a queued message is about to go, not for a retry hours away', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(pollInterval([{ status: 'kept', nextAttemptAt: null }], now)).toBe(false);
    expect(pollInterval([{ status: 'queued', nextAttemptAt: '2026-12-01T12:00:00Z' }], now)).toBe(2000);
    expect(pollInterval([{ status: 'queued', nextAttemptAt: null }], now)).toBe(2000);
    expect(pollInterval([{ status: 'queued', nextAttemptAt: '2026-12-01T15:00:00Z' }], now)).toBe(false);
    expect(pollInterval([], now)).toBe(false);
  });

  it('keeps its filters, page and open message in the address, ignoring what it does not know', () => {
    const p = new URLSearchParams(`channel=sms&status=failed&page=3&message=${UUID_ID}`);
    expect(readFilters(p)).toEqual({ channel: 'sms', status: 'failed', page: 3 });
    expect(readOpen(p)).toBe(UUID_ID);
    expect(readFilters(new URLSearchParams('channel=fax&status=lost&page=-2'))).toEqual({ channel: null, status: null, page: 1 });
    expect(readOpen(new URLSearchParams(`message=${ID}`))).toBeNull();
    expect(writeFilters({ channel: 'email', status: 'kept', page: 1 }).toString()).toBe('channel=email&status=kept');
    expect(writeFilters({ channel: null, status: null, page: 2 }, UUID_ID).toString()).toBe(`page=2&message=${UUID_ID}`);
  });
});
