import { describe, expect, it } from 'vitest';
import { apiQuery, readFilters, writeFilters } from './listFilters';

const read = (qs: string) => readFilters(new URLSearchParams(qs));

describe('the customer list in the URL', () => {
  it('round-trips the search, the kind, the tag and the page', () => {
    const f = read('q=maria+silva&kind=person&tag=vip&page=3');
    expect(f).toEqual({ q: 'maria silva', kind: 'person', tag: 'vip', page: 3 });
    expect(writeFilters(f).toString()).toBe('q=maria+silva&kind=person&tag=vip&page=3');
  });

  it('leaves defaults out of the address', () => {
    expect(writeFilters(read('')).toString()).toBe('');
    expect(writeFilters({ q: '  ', kind: '', tag: '', page: 1 }).toString()).toBe('');
  });

  it('drops what it does not understand', () => {
    const f = read('kind=alien&page=-2&q=' + 'x'.repeat(150));
    expect(f.kind).toBe('');
    expect(f.page).toBe(1);
    expect(f.q).toHaveLength(100);
  });

  it('asks the API for the search as typed, CPF masks and all (the server reads any format)', () => {
    const q = apiQuery(read('q=529.982.247-25&kind=company'), 'store-1');
    expect(q).toEqual({ q: '529.982.247-25', kind: 'company', tag: undefined, storeId: 'store-1', sort: 'name', page: 1, pageSize: 25 });
    expect(apiQuery(read('')).q).toBeUndefined();
    expect(apiQuery(read('')).storeId).toBeUndefined();
  });
});
