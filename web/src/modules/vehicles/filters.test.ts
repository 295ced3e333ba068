import { describe, expect, it } from 'vitest';
import { apiQuery, readFilters, writeFilters } from './filters';

describe('inventory filters in the URL', () => {
  it('round-trips through the query string', () => {
    const p = new URLSearchParams('q=onix&status=available,reserved&yearMin=2020&priceMax=80000&page=3&sort=-price');
    const f = readFilters(p);
    expect(f.status).toEqual(['available', 'reserved']);
    expect(writeFilters(f).toString()).toBe('q=onix&status=available%2Creserved&yearMin=2020&priceMax=80000&sort=-price&page=3');
  });

  it('drops what it does not understand', () => {
    const f = readFilters(new URLSearchParams('status=flying,sold&page=-2&sort=drop+table&yearMin=20x0'));
    expect(f.status).toEqual(['sold']);
    expect(f.page).toBe(1);
    expect(f.sort).toBe('-createdAt');
    expect(f.yearMin).toBe('200');
  });

  it('asks the API for prices in centavos', () => {
    const q = apiQuery(readFilters(new URLSearchParams('priceMin=50000&priceMax=80000')));
    expect(q.priceMin).toBe(5_000_000);
    expect(q.priceMax).toBe(8_000_000);
    expect(q.q).toBeUndefined();
  });
});
