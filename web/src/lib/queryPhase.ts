// What a list built from a query may show right now. Every list screen uses the same rule, so a
// salesperson never takes old results for the answer to a new filter:
// - `loading`: nothing to show yet (skeleton);
// - `refreshing`: the data on hand answers an earlier query (the previous filter or page) while
//   the new one loads: show it dimmed and marked busy, never as the answer;
// - `error`: the request failed, or cannot go out because the browser is offline (a new filter or
//   a refresh of the same one): say so and offer to try again, instead of the old data;
// - `ready`: the data answers this query.
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiError } from '@/api/problem';

export type QueryPhase = 'loading' | 'refreshing' | 'error' | 'ready';

type Observed = Pick<UseQueryResult<unknown>, 'isError' | 'error' | 'fetchStatus' | 'isPlaceholderData' | 'data'>;

export function queryPhase(q: Observed): QueryPhase {
  if (q.isError) return 'error';
  // TanStack Query holds a request back while the browser says it is offline ("paused"): that is
  // a failure to tell, not a wait to hide, whether the data on hand is an earlier filter's or this
  // list's own from before (a refresh that cannot go out must not pass the old rows as current).
  if (q.fetchStatus === 'paused') return 'error';
  if (q.data === undefined) return 'loading';
  if (q.isPlaceholderData) return 'refreshing';
  return 'ready';
}

/** The failure to explain in the `error` phase (a paused request is the network's). */
export function queryFailure(q: Observed): unknown {
  return q.isError ? q.error : new ApiError(0, {});
}
