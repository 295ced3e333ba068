// The inventory list's filters live in the URL so a filtered list can be shared or bookmarked.
// Prices are whole reais in the URL (readable) and centavos in the API.
import type { VehicleStatus } from './status';
import { STATUSES } from './status';

export interface Filters {
  q: string;
  status: VehicleStatus[];
  make: string;
  model: string;
  yearMin: string;
  yearMax: string;
  priceMin: string;
  priceMax: string;
  storeId: string;
  sort: string;
  page: number;
}

export const SORTS = ['-createdAt', 'price', '-price', '-year', 'year', 'mileage', '-statusChangedAt', 'make', 'stockNumber'];
export const PAGE_SIZE = 25;

export function readFilters(p: URLSearchParams): Filters {
  const page = Number(p.get('page') ?? '1');
  return {
    q: p.get('q') ?? '',
    status: (p.get('status') ?? '')
      .split(',')
      .filter((s): s is VehicleStatus => (STATUSES as string[]).includes(s)),
    make: p.get('make') ?? '',
    model: p.get('model') ?? '',
    yearMin: digitsOnly(p.get('yearMin')),
    yearMax: digitsOnly(p.get('yearMax')),
    priceMin: digitsOnly(p.get('priceMin')),
    priceMax: digitsOnly(p.get('priceMax')),
    storeId: p.get('storeId') ?? '',
    sort: SORTS.includes(p.get('sort') ?? '') ? (p.get('sort') as string) : '-createdAt',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

function digitsOnly(v: string | null): string {
  return (v ?? '').replace(/\D/g, '');
}

export function writeFilters(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.status.length) p.set('status', f.status.join(','));
  for (const k of ['make', 'model', 'yearMin', 'yearMax', 'priceMin', 'priceMax', 'storeId'] as const) {
    if (f[k].trim()) p.set(k, f[k].trim());
  }
  if (f.sort !== '-createdAt') p.set('sort', f.sort);
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

/** The API's query for these filters. */
export function apiQuery(f: Filters, pageSize = PAGE_SIZE) {
  const num = (v: string) => (v ? Number(v) : undefined);
  return {
    q: f.q.trim() || undefined,
    status: f.status.length ? f.status.join(',') : undefined,
    make: f.make.trim() || undefined,
    model: f.model.trim() || undefined,
    yearMin: num(f.yearMin),
    yearMax: num(f.yearMax),
    priceMin: f.priceMin ? Number(f.priceMin) * 100 : undefined,
    priceMax: f.priceMax ? Number(f.priceMax) * 100 : undefined,
    storeId: f.storeId || undefined,
    sort: f.sort,
    page: f.page,
    pageSize,
  };
}
