import { afterEach, describe, expect, it, vi } from 'vitest';
import { dateIn, startOfDayIn, todayIn } from './businessDate';

describe('business dates', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the São Paulo date at 22:30 there, when UTC is already on the next day', () => {
    // 22:30 in São Paulo (UTC-3) on 10 March is 01:30 UTC on 11 March.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-11T01:30:00Z'));
    expect(new Date().toISOString().slice(0, 10)).toBe('2026-03-11');
    expect(todayIn('America/Sao_Paulo')).toBe('2026-03-10');
    // The store's zone decides, not São Paulo's: Manaus (UTC-4) is at 21:30, Noronha (UTC-2) at 23:30.
    expect(todayIn('America/Manaus')).toBe('2026-03-10');
    expect(todayIn('America/Noronha')).toBe('2026-03-10');
    // Half an hour later, Noronha has turned the day and São Paulo has not.
    vi.setSystemTime(new Date('2026-03-11T02:00:00Z'));
    expect(todayIn('America/Noronha')).toBe('2026-03-11');
    expect(todayIn('America/Sao_Paulo')).toBe('2026-03-10');
  });

  it('reads the day of an instant in the store zone', () => {
    expect(dateIn('2026-03-11T01:30:00Z', 'America/Sao_Paulo')).toBe('2026-03-10');
    expect(dateIn('2026-03-11T03:00:00Z', 'America/Sao_Paulo')).toBe('2026-03-11');
  });

  it('starts a picked day at midnight in the store zone', () => {
    expect(startOfDayIn('2026-03-10', 'America/Sao_Paulo')).toBe('2026-03-10T03:00:00.000Z');
    expect(startOfDayIn('2026-03-10', 'America/Rio_Branco')).toBe('2026-03-10T05:00:00.000Z');
    // Summer time of 2018/19 in São Paulo (UTC-2): the offset of that day, not today's.
    expect(startOfDayIn('2019-01-15', 'America/Sao_Paulo')).toBe('2019-01-15T02:00:00.000Z');
    expect(dateIn(startOfDayIn('2026-03-10', 'America/Sao_Paulo'), 'America/Sao_Paulo')).toBe('2026-03-10');
  });
});
