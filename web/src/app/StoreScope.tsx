import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { EMPTY } from '@/lib/format';
import { useStoresQuery, type Store } from '@/modules/org/stores';

const KEY = 'innexar.store';

interface StoreScopeState {
  /** The stores the user may see. */
  stores: Store[];
  /** The store the user is working in; null is every store they may see. */
  storeId: string | null;
  setStoreId: (id: string | null) => void;
  storeName: (id: string) => string;
}

const Ctx = createContext<StoreScopeState | null>(null);

export function StoreScopeProvider({ children }: { children: ReactNode }) {
  const stores = useStoresQuery();
  const [picked, setPicked] = useState<string | null>(() => {
    try {
      return localStorage.getItem(KEY);
    } catch {
      return null;
    }
  });
  const value = useMemo<StoreScopeState>(() => {
    const list = stores.data?.items ?? [];
    // A remembered store the user no longer sees (moved, or another user on this browser) is dropped.
    const storeId = picked && list.some((s) => s.id === picked) ? picked : null;
    return {
      stores: list,
      storeId,
      setStoreId: (id) => {
        setPicked(id);
        try {
          if (id) localStorage.setItem(KEY, id);
          else localStorage.removeItem(KEY);
        } catch {
          // Not remembered; still applies now.
        }
      },
      storeName: (id) => list.find((s) => s.id === id)?.name ?? EMPTY,
    };
  }, [stores.data, picked]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useStoreScope(): StoreScopeState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useStoreScope outside StoreScopeProvider');
  return v;
}
