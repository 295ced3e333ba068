// The query keys of the CRM's data, one factory so that a change invalidates by prefix exactly
// what it made stale: `lists()` after any customer is created, changed or merged, `detail(id)` for
// one customer and what hangs off it (consents, owned vehicles).
import type { apiQuery } from './listFilters';

type ListQuery = ReturnType<typeof apiQuery>;

export const customerKeys = {
  all: ['customers'] as const,
  lists: () => [...customerKeys.all, 'list'] as const,
  list: (query: ListQuery) => [...customerKeys.lists(), query] as const,
  details: () => [...customerKeys.all, 'detail'] as const,
  detail: (id: string) => [...customerKeys.details(), id] as const,
  consents: (id: string) => [...customerKeys.detail(id), 'consents'] as const,
  vehicles: (id: string) => [...customerKeys.detail(id), 'vehicles'] as const,
};
