// The signed-in session: a short-lived access token kept in memory, the rotating refresh token
// kept in localStorage so a reload or a new tab stays signed in, and the tenant when the host
// name does not carry it. Listeners hear when the session ends so the app can go to login.

const REFRESH_KEY = 'innexar.refreshToken';
const TENANT_KEY = 'innexar.tenant';

type Listener = (reason: 'expired' | 'signed_out' | 'signed_in') => void;

export interface Tokens {
  accessToken: string;
  expiresAt: string;
  refreshToken: string;
}

class Session {
  private accessToken: string | null = null;
  private expiresAtMs = 0;
  private listeners = new Set<Listener>();

  get access(): string | null {
    return this.accessToken;
  }

  /** The access token expires within `marginMs` (or is missing). */
  isStale(now = Date.now(), marginMs = 30_000): boolean {
    return !this.accessToken || this.expiresAtMs - marginMs <= now;
  }

  get refreshToken(): string | null {
    return storage()?.getItem(REFRESH_KEY) ?? null;
  }

  /** The tenant typed at login, sent as `X-Tenant`; null when the host names it. */
  get tenant(): string | null {
    return storage()?.getItem(TENANT_KEY) ?? null;
  }

  setTenant(slug: string | null) {
    if (slug) storage()?.setItem(TENANT_KEY, slug);
    else storage()?.removeItem(TENANT_KEY);
  }

  start(tokens: Tokens) {
    this.store(tokens);
    this.emit('signed_in');
  }

  store(tokens: Tokens) {
    this.accessToken = tokens.accessToken;
    this.expiresAtMs = Date.parse(tokens.expiresAt);
    storage()?.setItem(REFRESH_KEY, tokens.refreshToken);
  }

  end(reason: 'expired' | 'signed_out') {
    this.accessToken = null;
    this.expiresAtMs = 0;
    storage()?.removeItem(REFRESH_KEY);
    this.emit(reason);
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(reason: Parameters<Listener>[0]) {
    for (const l of this.listeners) l(reason);
  }
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export const session = new Session();
