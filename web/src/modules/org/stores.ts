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
