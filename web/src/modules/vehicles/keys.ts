// The query keys of the inventory's data, one factory so that a change invalidates by prefix
// exactly what it made stale: `lists()` after any change to the stock, `detail(id)` for one
// vehicle and what hangs off it (histories, photos, documents, expenses), `reports()` for the
// figures computed from the stock.
import type { apiQuery } from './filters';

type ListQuery = ReturnType<typeof apiQuery>;

export const vehicleKeys = {
  all: ['vehicles'] as const,
  lists: () => [...vehicleKeys.all, 'list'] as const,
  list: (query: ListQuery) => [...vehicleKeys.lists(), query] as const,
  /** Type-ahead suggestions for the make and model filters. */
  makes: (q: string, inStock: boolean | undefined) => [...vehicleKeys.all, 'makes', { q, inStock }] as const,
  models: (make: string, q: string, inStock: boolean | undefined) => [...vehicleKeys.all, 'models', { make, q, inStock }] as const,
  details: () => [...vehicleKeys.all, 'detail'] as const,
  detail: (id: string) => [...vehicleKeys.details(), id] as const,
  prices: (id: string) => [...vehicleKeys.detail(id), 'prices'] as const,
  statuses: (id: string) => [...vehicleKeys.detail(id), 'statuses'] as const,
  photos: (id: string) => [...vehicleKeys.detail(id), 'photos'] as const,
  documents: (id: string) => [...vehicleKeys.detail(id), 'documents'] as const,
  expenses: (id: string) => [...vehicleKeys.detail(id), 'expenses'] as const,
  imports: () => [...vehicleKeys.all, 'import'] as const,
  /** One spreadsheet import and one page of its row errors. */
  import: (id: string | null, errorsPage: number) => [...vehicleKeys.imports(), id, errorsPage] as const,
  /** The stock's figures (`/reports/...`), per store in scope (null: every store the user sees). */
  reports: () => [...vehicleKeys.all, 'report'] as const,
  summary: (storeId: string | null) => [...vehicleKeys.reports(), 'summary', storeId] as const,
  aging: (storeId: string | null) => [...vehicleKeys.reports(), 'aging', storeId] as const,
};
