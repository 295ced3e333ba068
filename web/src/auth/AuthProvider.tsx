import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, refreshSession, unwrap } from '@/api/client';
import type { components } from '@/api/schema.gen';
import { authKeys } from './keys';
import { session } from './session';

export type Me = components['schemas']['MeView'];

interface AuthState {
  status: 'loading' | 'anonymous' | 'signed_in';
  me: Me | undefined;
  can: (permission: string) => boolean;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** Set when the last session ended by itself (expired), so login can say so. */
  expired: boolean;
  /** Set when the user signed out here: login then starts afresh, not where they were. */
  signedOut: boolean;
}

const Ctx = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  // With a refresh token from an earlier visit, get an access token before asking who we are.
  const [booting, setBooting] = useState(() => Boolean(session.refreshToken) && !session.access);
  const [hasSession, setHasSession] = useState(() => Boolean(session.refreshToken));
  const [expired, setExpired] = useState(false);
  const [signedOut, setSignedOut] = useState(false);

  useEffect(() => {
    if (!booting) return;
    void refreshSession().finally(() => {
      setHasSession(Boolean(session.refreshToken));
      setBooting(false);
    });
  }, [booting]);

  useEffect(
    () =>
      session.subscribe((reason) => {
        if (reason === 'signed_in') {
          setExpired(false);
          setSignedOut(false);
          setHasSession(true);
          return;
        }
        setHasSession(false);
        setExpired(reason === 'expired');
        setSignedOut(reason === 'signed_out');
        qc.clear();
      }),
    [qc],
  );

  const me = useQuery({
    queryKey: authKeys.me(),
    queryFn: () => unwrap(api.GET('/api/v1/me')),
    enabled: hasSession && !booting,
    staleTime: 5 * 60_000,
    retry: false,
  });

  const signIn = useCallback(
    async (email: string, password: string) => {
      const s = await unwrap(api.POST('/api/v1/auth/login', { body: { email, password } }));
      session.start(s);
      await qc.fetchQuery({ queryKey: authKeys.me(), queryFn: () => unwrap(api.GET('/api/v1/me')) });
    },
    [qc],
  );

  const signOut = useCallback(async () => {
    const refreshToken = session.refreshToken;
    if (refreshToken) {
      // Ending the session locally matters more than the server hearing of it.
      await api.POST('/api/v1/auth/logout', { body: { refreshToken } }).catch(() => undefined);
    }
    session.end('signed_out');
  }, []);

  const value = useMemo<AuthState>(() => {
    const permissions = new Set(me.data?.permissions ?? []);
    const status: AuthState['status'] =
      booting || (hasSession && me.isPending) ? 'loading' : hasSession && me.data ? 'signed_in' : 'anonymous';
    return { status, me: me.data, can: (p) => permissions.has(p), signIn, signOut, expired, signedOut };
  }, [booting, hasSession, me.data, me.isPending, signIn, signOut, expired, signedOut]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
