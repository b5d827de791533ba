import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { User } from '../api/types';
import i18n from '../i18n';

/** Whether we know who is signed in yet. */
export type AuthStatus = 'loading' | 'anonymous' | 'signed-in';

export interface AuthValue {
  status: AuthStatus;
  user: User | null;
  /** Signs in, switches the UI to the account's language and returns the user. */
  signIn(email: string, password: string): Promise<User>;
  signOut(): Promise<void>;
  /** Replaces the signed-in user after an account change. */
  updateUser(user: User): void;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Restores the session from the refresh cookie and shares it with the app. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [status, setStatus] = useState<AuthStatus>(() => (api.hasSession() ? 'loading' : 'anonymous'));

  useEffect(() => {
    const controller = new AbortController();
    if (api.hasSession()) {
      api
        .refresh()
        .then((ok) => (ok ? endpoints.getMe(controller.signal) : null))
        .then(
          (me) => {
            setUser(me);
            setStatus(me ? 'signed-in' : 'anonymous');
          },
          () => {
            if (!controller.signal.aborted) {
              setStatus('anonymous');
            }
          },
        );
    }
    const unsubscribe = api.onSessionEnd(() => {
      setUser(null);
      setStatus('anonymous');
    });
    return () => {
      controller.abort();
      unsubscribe();
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const session = await endpoints.login({ email, password });
    setUser(session.user);
    setStatus('signed-in');
    if (session.user.language && session.user.language !== i18n.resolvedLanguage) {
      await i18n.changeLanguage(session.user.language);
    }
    return session.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await endpoints.logout();
    } finally {
      setUser(null);
      setStatus('anonymous');
    }
  }, []);

  const updateUser = useCallback((next: User) => setUser(next), []);

  const value = useMemo(
    () => ({ status, user, signIn, signOut, updateUser }),
    [status, user, signIn, signOut, updateUser],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The current session; components must sit inside AuthProvider. */
export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) {
    throw new Error('useAuth must be used inside AuthProvider');
  }
  return value;
}
