// The customer list's search lives in the URL (`/customers?q=silva&kind=person&page=2`), so a
// search can be shared, bookmarked and comes back with the back button.
import type { CustomerKind } from './labels';
import { KINDS } from './labels';

export interface CustomerFilters {
  /** Name, CPF/CNPJ, phone, e-mail or the placa of an owned car, as typed. */
  q: string;
  /** Empty: people and companies. */
  kind: CustomerKind | '';
  tag: string;
  page: number;
}

/** 25 rows, as the stock list: a phone scrolls a shorter page faster. */
export const PAGE_SIZE = 25;

export function readFilters(p: URLSearchParams): CustomerFilters {
  const page = Number(p.get('page') ?? '1');
  const kind = p.get('kind') ?? '';
  return {
    q: (p.get('q') ?? '').slice(0, 100),
    kind: (KINDS as readonly string[]).includes(kind) ? (kind as CustomerKind) : '',
    tag: (p.get('tag') ?? '').slice(0, 40),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function writeFilters(f: CustomerFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.kind) p.set('kind', f.kind);
  if (f.tag.trim()) p.set('tag', f.tag.trim());
  if (f.page > 1) p.set('page', String(f.page));
  return p;
}

/** The API's query for these filters; `storeId` is the store switcher's, when one is picked. */
export function apiQuery(f: CustomerFilters, storeId: string | null = null, pageSize = PAGE_SIZE) {
  return {
    q: f.q.trim() || undefined,
    kind: f.kind || undefined,
    tag: f.tag.trim() || undefined,
    storeId: storeId || undefined,
    // Alphabetical, as a desk looks a name up (the server has no relevance order to offer).
    sort: 'name',
    page: f.page,
    pageSize,
  };
}
