// The typed API client: paths and bodies come from the committed OpenAPI document
// (`npm run api:generate`), so a server change that breaks a screen fails the type check.
import createClient from 'openapi-fetch';
import { session } from '@/auth/session';
import { ApiError } from './problem';
import type { paths } from './schema.gen';

const AUTH_PATHS = ['/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/auth/accept-invitation'];

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time, however many requests found the token stale together. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= doRefresh().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function doRefresh(): Promise<boolean> {
  const refreshToken = session.refreshToken;
  if (!refreshToken) return false;
  let res: Response;
  try {
    res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: tenantHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ refreshToken }),
    });
  } catch {
    // Offline is not a signed-out user: keep the refresh token for the next try.
    return false;
  }
  if (res.status === 400 || res.status === 401) {
    // The refresh token was revoked, rotated elsewhere or expired: this session is over.
    session.end('expired');
    return false;
  }
  if (!res.ok) return false;
  const body = (await res.json()) as { accessToken: string; expiresAt: string; refreshToken: string };
  session.store(body);
  return true;
}

function tenantHeaders(extra: Record<string, string> = {}): Headers {
  const h = new Headers(extra);
  const tenant = session.tenant;
  if (tenant) h.set('X-Tenant', tenant);
  return h;
}

function authorised(request: Request): Request {
  const headers = new Headers(request.headers);
  const tenant = session.tenant;
  if (tenant && !headers.has('X-Tenant')) headers.set('X-Tenant', tenant);
  const token = session.access;
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return new Request(request, { headers });
}

async function apiFetch(request: Request): Promise<Response> {
  const isAuth = AUTH_PATHS.some((p) => new URL(request.url).pathname === p);
  if (!isAuth && session.refreshToken && session.isStale()) await refreshSession();
  const retry = request.clone();
  let res: Response;
  try {
    res = await fetch(authorised(request));
  } catch (e) {
    throw new ApiError(0, { detail: e instanceof Error ? e.message : String(e) });
  }
  if (res.status === 401 && !isAuth && session.refreshToken) {
    // The token expired between the check and the server (or the server restarted with new keys).
    if (await refreshSession()) return fetch(authorised(retry));
    session.end('expired');
  } else if (res.status === 401 && !isAuth && session.access) {
    session.end('expired');
  }
  return res;
}

export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
  fetch: apiFetch,
});

/** Data of a successful call, or the server's problem thrown as an ApiError. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    throw new ApiError(response.status, (error ?? {}) as object);
  }
  return data as T;
}

/** `If-Match` for an update of the record the user saw. */
export function ifMatch(version: number): { 'If-Match': string } {
  return { 'If-Match': `"${version}"` };
}
