// A quote's row version travels only in the `ETag` header (the body has none), so the desk keeps
// it beside the quote it read and sends it back as `If-Match` on a revision, a send or an answer.
import { api } from '@/api/client';
import { ApiError } from '@/api/problem';
import type { QuoteView } from './model';

export type Versioned<T> = T & { etag: string };

/** Data of a successful call with its ETag, or the server's problem thrown as an ApiError. */
export async function withEtag<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Versioned<T>> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw new ApiError(response.status, (error ?? {}) as object);
  return { ...(data as T), etag: response.headers.get('ETag') ?? '' };
}

export function getQuote(id: string): Promise<Versioned<QuoteView>> {
  return withEtag(api.GET('/api/v1/quotes/{id}', { params: { path: { id } } }));
}
