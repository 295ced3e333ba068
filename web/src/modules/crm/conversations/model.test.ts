import { describe, expect, it } from 'vitest';
import type { Activity } from '../leads/model';
import { ago, clockTime, conversationPhone, thread, windowOpen } from './model';

const NOW = new Date('2026-12-06T15:00:00Z');

describe('a conversation on screen', () => {
  it('writes the number as Brazilians do, with or without the plus', () => {
    expect(conversationPhone('5511912345678')).toBe('(11) 91234-5678');
    expect(conversationPhone('+5511912345678')).toBe('(11) 91234-5678');
    expect(conversationPhone('+351912345678')).toBe('+351912345678');
  });

  it('says how long ago in the largest whole unit', () => {
    expect(ago('2026-12-06T14:59:30Z', NOW)).toEqual({ unit: 'now', count: 0 });
    expect(ago('2026-12-06T14:55:00Z', NOW)).toEqual({ unit: 'minutes', count: 5 });
    expect(ago('2026-12-06T12:00:00Z', NOW)).toEqual({ unit: 'hours', count: 3 });
    expect(ago('2026-12-03T15:00:00Z', NOW)).toEqual({ unit: 'days', count: 3 });
  });

  it('reads the hour the window ends in the user’s time', () => {
    expect(clockTime('2026-12-06T17:30:00Z', 'pt-BR')).toMatch(/^\d{2}:\d{2}$/);
  });

  it('takes the window as closed once its end has passed, whatever the last answer said', () => {
    expect(windowOpen({ windowOpen: true, windowEndsAt: '2026-12-06T16:00:00Z' }, NOW)).toBe(true);
    expect(windowOpen({ windowOpen: true, windowEndsAt: '2026-12-06T14:00:00Z' }, NOW)).toBe(false);
    expect(windowOpen({ windowOpen: false, windowEndsAt: null }, NOW)).toBe(false);
  });

  it('keeps the lead’s WhatsApp messages, oldest first like a chat', () => {
    const a = (id: string, kind: Activity['kind'], occurredAt: string) => ({ id, kind, occurredAt }) as Activity;
    const got = thread([a('3', 'whatsapp', '2026-12-06T14:00:00Z'), a('2', 'call', '2026-12-06T13:00:00Z'), a('1', 'whatsapp', '2026-12-06T12:00:00Z')]);
    expect(got.map((x) => x.id)).toEqual(['1', '3']);
  });
});
