// The stock list's filters live in the URL so a filtered list can be shared or bookmarked.
// Prices are reais in the URL (`priceMax=90000`, `priceMax=90000.5`: readable) and integer
// centavos in the screen's state and the API. With no status chosen, the list is the dealer's
// stock (`inStock=true`: not sold, delivered or returned), the same count as the home screen's
// "em estoque"; `stock=all` asks for every vehicle instead.
import type { VehicleStatus } from './status';
import { STATUSES } from './status';

export type StockScope = 'stock' | 'all';

export interface Filters {
  q: string;
  status: VehicleStatus[];
  /** What the list holds when no status is chosen. */
  scope: StockScope;
  make: string;
  model: string;
  yearMin: string;
  yearMax: string;
  /** Centavos. */
  priceMin: number | null;
  priceMax: number | null;
  daysMin: string;
  daysMax: string;
  storeId: string;
  sort: string;
  page: number;
}

export const SORTS = [
  '-createdAt',
  'price',
  '-price',
  '-year',
  'year',
  'mileage',
  '-daysInStock',
  'daysInStock',
  '-statusChangedAt',
  'make',
  'stockNumber',
];
export const DEFAULT_SORT = '-createdAt';
/** 25 rows: the API allows up to 100, but a phone scrolls a shorter page faster. */
export const PAGE_SIZE = 25;

/** The filters the sheet (or the desktop panel) sets, as opposed to the search, chips and sort. */
export const SHEET_KEYS = ['make', 'model', 'yearMin', 'yearMax', 'priceMin', 'priceMax', 'daysMin', 'daysMax', 'storeId'] as const;
export type SheetKey = (typeof SHEET_KEYS)[number];
export type SheetFilters = Pick<Filters, SheetKey>;

export const EMPTY_SHEET: SheetFilters = {
  make: '',
  model: '',
  yearMin: '',
  yearMax: '',
  priceMin: null,
  priceMax: null,
  daysMin: '',
  daysMax: '',
  storeId: '',
};

export function readFilters(p: URLSearchParams): Filters {
  const page = Number(p.get('page') ?? '1');
  const status = (p.get('status') ?? '')
    .split(',')
    .filter((s): s is VehicleStatus => (STATUSES as string[]).includes(s));
  return {
    q: p.get('q') ?? '',
    status,
    scope: p.get('stock') === 'all' && status.length === 0 ? 'all' : 'stock',
    make: p.get('make') ?? '',
    model: p.get('model') ?? '',
    yearMin: digitsOnly(p.get('yearMin')),
    yearMax: digitsOnly(p.get('yearMax')),
    priceMin: reaisToCents(p.get('priceMin')),
    priceMax: reaisToCents(p.get('priceMax')),
    daysMin: digitsOnly(p.get('daysMin')),
    daysMax: digitsOnly(p.get('daysMax')),
    storeId: p.get('storeId') ?? '',
    sort: SORTS.includes(p.get('sort') ?? '') ? (p.get('sort') as string) : DEFAULT_SORT,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

function digitsOnly(v: string | null): string {
  return (v ?? '').replace(/\D/g, '');
}

/**
 * A price from the URL in reais: `90000`, `90000.5` or, pasted from the screen, `90.000,00`
 * (a comma marks the Brazilian format, where dots group thousands). Anything else is no filter.
 */
export function reaisToCents(v: string | null): number | null {
  const s = (v ?? '').trim().replace(/^R\$\s*/, '');
  if (!s) return null;
  let m: RegExpExecArray | null;
  if (s.includes(',')) {
    m = /^(\d{1,3}(?:\.\d{3})*|\d+),(\d{1,2})$/.exec(s);
    return m ? Number(m[1]!.replace(/\./g, '')) * 100 + Number(m[2]!.padEnd(2, '0')) : null;
  }
  m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) : null;
}

/** Centavos -> reais as the URL writes them: `90000`, `90000.5` -> `90000.50`. */
export function centsToReais(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return rest ? `${whole}.${String(rest).padStart(2, '0')}` : String(whole);
}

export function writeFilters(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.status.length) p.set('status', f.status.join(','));
  else if (f.scope === 'all') p.set('stock', 'all');
  for (const k of ['make', 'model', 'yearMin', 'yearMax'] as const) {
    if (f[k].trim()) p.set(k, f[k].trim());
  }
  if (f.priceMin !== null) p.set('priceMin', centsToReais(f.priceMin));
  if (f.priceMax !== null) p.set('priceMax', centsToReais(f.priceMax));
  for (const k of ['daysMin', 'daysMax', 'storeId'] as const) {
    if (f[k].trim()) p.set(k, f[k].trim());
  }
  if (f.sort !== DEFAULT_SORT) p.set('sort', f.sort);
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

/** How many of the sheet's filters are set (the number on the "Filtros" button). */
export function activeSheetFilters(f: SheetFilters): number {
  return SHEET_KEYS.filter((k) => {
    const v = f[k];
    return typeof v === 'string' ? v.trim() !== '' : v !== null;
  }).length;
}

/** The API's query for these filters. */
export function apiQuery(f: Filters, pageSize = PAGE_SIZE) {
  const num = (v: string) => (v ? Number(v) : undefined);
  return {
    q: f.q.trim() || undefined,
    status: f.status.length ? f.status.join(',') : undefined,
    inStock: f.status.length === 0 && f.scope === 'stock' ? true : undefined,
    make: f.make.trim() || undefined,
    model: f.model.trim() || undefined,
    yearMin: num(f.yearMin),
    yearMax: num(f.yearMax),
    priceMin: f.priceMin ?? undefined,
    priceMax: f.priceMax ?? undefined,
    daysMin: num(f.daysMin),
    daysMax: num(f.daysMax),
    storeId: f.storeId || undefined,
    sort: f.sort,
    page: f.page,
    pageSize,
  };
}
