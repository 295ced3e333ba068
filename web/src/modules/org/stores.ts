import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/api/client';
import type { components } from '@/api/schema.gen';
import { storeKeys } from './keys';

export type Store = components['schemas']['StoreView'];

/** The stores the user may see (every screen's store picker and the shell's switcher use it). */
export function useStoresQuery() {
  return useQuery({
    queryKey: storeKeys.list(),
    queryFn: () => unwrap(api.GET('/api/v1/stores')),
    staleTime: 60_000,
  });
}

/**
 * The store's logo as a blob, fetched with the user's token (an `<img>` could not send it). The
 * address stays when the logo changes and the server answers `no-cache` with the image's hash as
 * its ETag, so the browser asks again each time and a logo it holds costs a 304.
 */
export function loadLogo(storeId: string): Promise<Blob> {
  return unwrap(api.GET('/api/v1/stores/{id}/logo', { params: { path: { id: storeId } }, parseAs: 'blob' })) as Promise<Blob>;
}

/** What the store's documents print without a logo: the first letters of its first two words. */
export function storeInitials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => Array.from(w)[0])
    .join('')
    .toUpperCase();
}
