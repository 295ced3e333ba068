// The query keys of users, of the roles' permissions and of the dealership the sign-in page names.
export const userKeys = {
  all: ['users'] as const,
  lists: () => [...userKeys.all, 'list'] as const,
  list: (filters: { q: string; page: number }) => [...userKeys.lists(), filters] as const,
};

/** What each role may do in this tenant (`GET /roles`). */
export const roleKeys = {
  all: ['roles'] as const,
  matrix: () => [...roleKeys.all, 'matrix'] as const,
};

export const tenantKeys = {
  all: ['tenant'] as const,
  /** What `/api/v1/tenant` says of the host name or the typed dealership (null: none typed). */
  current: (typed: string | null) => [...tenantKeys.all, typed] as const,
};
