import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '@/auth/session';
import { api, unwrap } from './client';
import { ApiError } from './problem';

type Handler = (req: Request) => Response | Promise<Response>;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const later = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('the API client', () => {
  let calls: Request[];
  let handler: Handler;

  beforeEach(() => {
    calls = [];
    localStorage.clear();
    session.setTenant(null);
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init);
      calls.push(req.clone());
      return handler(req);
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    session.end('signed_out');
  });

  it('sends the access token and the typed tenant', async () => {
    session.setTenant('demo');
    session.start({ accessToken: 'A1', expiresAt: later(600_000), refreshToken: 'R1' });
    handler = () => json(200, { items: [] });
    await unwrap(api.GET('/api/v1/stores'));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer A1');
    expect(calls[0]!.headers.get('x-tenant')).toBe('demo');
  });

  it('refreshes a stale token once for requests made together, then sends the new one', async () => {
    session.start({ accessToken: 'old', expiresAt: later(5_000), refreshToken: 'R1' });
    handler = async (req) => {
      if (req.url.endsWith('/auth/refresh')) {
        expect(await req.json()).toEqual({ refreshToken: 'R1' });
        return json(200, { accessToken: 'new', expiresAt: later(900_000), refreshToken: 'R2' });
      }
      return json(200, { items: [] });
    };
    await Promise.all([unwrap(api.GET('/api/v1/stores')), unwrap(api.GET('/api/v1/stores')), unwrap(api.GET('/api/v1/me'))]);
    expect(calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
    const others = calls.filter((c) => !c.url.endsWith('/auth/refresh'));
    expect(others.map((c) => c.headers.get('authorization'))).toEqual(['Bearer new', 'Bearer new', 'Bearer new']);
    expect(session.refreshToken).toBe('R2');
  });

  it('retries once after a 401 with a refreshed token', async () => {
    session.start({ accessToken: 'revoked', expiresAt: later(600_000), refreshToken: 'R1' });
    handler = (req) => {
      if (req.url.endsWith('/auth/refresh')) return json(200, { accessToken: 'fresh', expiresAt: later(900_000), refreshToken: 'R2' });
      return req.headers.get('authorization') === 'Bearer fresh'
        ? json(200, { items: [] })
        : json(401, { code: 'auth.token_expired', status: 401, title: 'Unauthorized', detail: 'expired' });
    };
    await expect(unwrap(api.GET('/api/v1/stores'))).resolves.toEqual({ items: [] });
    expect(calls).toHaveLength(3);
  });

  it('ends the session as expired when the refresh token is refused', async () => {
    const ended: string[] = [];
    const stop = session.subscribe((r) => ended.push(r));
    session.start({ accessToken: 'old', expiresAt: later(1_000), refreshToken: 'R1' });
    handler = (req) =>
      req.url.endsWith('/auth/refresh')
        ? json(401, { code: 'auth.invalid_refresh_token', status: 401, title: 'Unauthorized', detail: 'revoked' })
        : json(401, { code: 'auth.missing_token', status: 401, title: 'Unauthorized', detail: 'sign in' });
    const err = await unwrap(api.GET('/api/v1/stores')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect(ended).toContain('expired');
    expect(session.refreshToken).toBeNull();
    stop();
  });

  it('keeps the session when the refresh fails for another reason (server down)', async () => {
    session.start({ accessToken: 'old', expiresAt: later(1_000), refreshToken: 'R1' });
    handler = (req) => (req.url.endsWith('/auth/refresh') ? json(503, { code: 'db.busy' }) : json(200, { items: [] }));
    await unwrap(api.GET('/api/v1/stores'));
    expect(session.refreshToken).toBe('R1');
  });

  it('turns a problem into an ApiError with its field errors', async () => {
    session.start({ accessToken: 'A', expiresAt: later(600_000), refreshToken: 'R' });
    handler = () =>
      json(422, {
        code: 'validation.failed',
        status: 422,
        title: 'Invalid input',
        detail: 'check the fields',
        errors: [{ pointer: '/placa', code: 'placa.invalid', message: 'bad' }],
      });
    const err = (await unwrap(api.POST('/api/v1/vehicles', { body: {} as never })).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('validation.failed');
    expect(err.fieldErrors).toEqual([{ pointer: '/placa', code: 'placa.invalid', message: 'bad' }]);
  });
});
