// The make and model suggestions of the stock list's filters: the tenant's own makes and models,
// most vehicles first, matched as the filters match (accents, case, partial text, aliases).
import { api, unwrap } from '@/api/client';
import type { components } from '@/api/schema.gen';

export type Suggestion = components['schemas']['NameSuggestions']['items'][number];

export function loadMakes(q: string, inStock: boolean | undefined): Promise<Suggestion[]> {
  return unwrap(api.GET('/api/v1/vehicles/makes', { params: { query: { q: q.trim() || undefined, inStock } } })).then((r) => r.items);
}

/** Models of the makes `make` matches (of every make when it is empty). */
export function loadModels(make: string, q: string, inStock: boolean | undefined): Promise<Suggestion[]> {
  return unwrap(api.GET('/api/v1/vehicles/models', { params: { query: { make: make.trim() || undefined, q: q.trim() || undefined, inStock } } })).then(
    (r) => r.items,
  );
}
