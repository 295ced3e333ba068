// The query keys of the organisation's data. Invalidate with the broadest key that covers what a
// change made stale: `storeKeys.all` after a store is saved.
export const storeKeys = {
  all: ['stores'] as const,
  list: () => [...storeKeys.all, 'list'] as const,
};
