import { describe, expect, it } from 'vitest';
import { activeSheetFilters, apiQuery, readFilters, reaisToCents, writeFilters } from './filters';

const read = (qs: string) => readFilters(new URLSearchParams(qs));

describe('stock list filters in the URL', () => {
  it('round-trips through the query string', () => {
    const f = read('q=onix&status=available,reserved&yearMin=2020&priceMax=80000&daysMin=91&page=3&sort=-price');
    expect(f.status).toEqual(['available', 'reserved']);
    expect(writeFilters(f).toString()).toBe('q=onix&status=available%2Creserved&yearMin=2020&priceMax=80000&daysMin=91&sort=-price&page=3');
  });

  it('drops what it does not understand', () => {
    const f = read('status=flying,sold&page=-2&sort=drop+table&yearMin=20x0&priceMin=abc&daysMax=9o');
    expect(f.status).toEqual(['sold']);
    expect(f.page).toBe(1);
    expect(f.sort).toBe('-createdAt');
    expect(f.yearMin).toBe('200');
    expect(f.priceMin).toBeNull();
    expect(f.daysMax).toBe('9');
  });

  it('shows the stock by default, the same vehicles the home screen counts as in stock', () => {
    expect(apiQuery(read('')).inStock).toBe(true);
    // The home card's link names it; the list reads it as its default.
    expect(apiQuery(read('inStock=true')).inStock).toBe(true);
    expect(writeFilters(read('inStock=true')).toString()).toBe('');
  });

  it('lists every vehicle on "Todos", and exactly the chosen statuses on a chip', () => {
    const all = read('stock=all');
    expect(all.scope).toBe('all');
    expect(apiQuery(all).inStock).toBeUndefined();
    expect(writeFilters(all).toString()).toBe('stock=all');

    const sold = read('status=sold&stock=all');
    expect(apiQuery(sold).inStock).toBeUndefined();
    expect(apiQuery(sold).status).toBe('sold');
    // A chosen status wins over the scope, which the URL then leaves out.
    expect(writeFilters(sold).toString()).toBe('status=sold');
  });
});

describe('money in the filters', () => {
  it('asks the API for prices in centavos', () => {
    const q = apiQuery(read('priceMin=50000&priceMax=90000.5'));
    expect(q.priceMin).toBe(5_000_000);
    expect(q.priceMax).toBe(9_000_050);
    expect(q.q).toBeUndefined();
  });

  it('keeps centavos typed in the field through the URL', () => {
    // "90.000,00" typed in "Preço até (R$)" is 9000000 centavos, not R$ 9.000.000,00.
    const f = { ...read(''), priceMax: 9_000_000, priceMin: 1_234_567 };
    const url = writeFilters(f);
    expect(url.get('priceMax')).toBe('90000');
    expect(url.get('priceMin')).toBe('12345.67');
    const back = readFilters(url);
    expect(back.priceMax).toBe(9_000_000);
    expect(back.priceMin).toBe(1_234_567);
    expect(apiQuery(back).priceMax).toBe(9_000_000);
  });

  it('reads a price pasted in the Brazilian format', () => {
    expect(reaisToCents('90.000,00')).toBe(9_000_000);
    expect(reaisToCents('R$ 1.234,5')).toBe(123_450);
    expect(reaisToCents('90000')).toBe(9_000_000);
    expect(reaisToCents('90.000')).toBeNull();
    expect(reaisToCents('')).toBeNull();
  });
});

describe('days in stock', () => {
  it('filters and sorts by the days a vehicle has been in stock', () => {
    // "Parados há mais de 90 dias" on the home screen.
    const q = apiQuery(read('daysMin=91&sort=-daysInStock'));
    expect(q.daysMin).toBe(91);
    expect(q.daysMax).toBeUndefined();
    expect(q.sort).toBe('-daysInStock');
    expect(q.inStock).toBe(true);
    expect(apiQuery(read('daysMax=0')).daysMax).toBe(0);
  });

  it('counts the filters set in the sheet', () => {
    expect(activeSheetFilters(read(''))).toBe(0);
    expect(activeSheetFilters(read('make=chev&priceMax=90000&daysMin=91&status=sold&q=x'))).toBe(3);
  });
});
