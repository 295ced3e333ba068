// The time zone of a vehicle's store, which decides its business dates (src/lib/businessDate.ts).
import { useStoreScope } from '@/app/StoreScope';
import { DEFAULT_TIME_ZONE } from '@/lib/businessDate';

/** The store's IANA zone; São Paulo (the server's default) while the stores load or for none. */
export function useStoreTimeZone(storeId: string | null | undefined): string {
  const { stores } = useStoreScope();
  return stores.find((s) => s.id === storeId)?.timeZone || DEFAULT_TIME_ZONE;
}
