// The query keys of the data-subject requests: `requests()` after one is registered or closed.
export const privacyKeys = {
  all: ['privacy'] as const,
  requests: () => [...privacyKeys.all, 'requests'] as const,
  list: (status: 'open' | 'closed') => [...privacyKeys.requests(), status] as const,
};
