import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, onUnauthorized, setCsrfToken } from './api';

export const roles = ['admin', 'branch_staff', 'outreach', 'programme_leader', 'partner_caseworker'] as const;
export type Role = (typeof roles)[number];

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  tenantId: string;
  tenantName: string;
  organisationId: string | null;
}

export interface SessionResponse {
  user: User;
  csrfToken: string;
}

type AuthState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'authenticated'; user: User };

interface AuthContextValue {
  state: AuthState;
  user: User | null;
  signIn(email: string, password: string): Promise<User>;
  acceptInvitation(token: string, password: string): Promise<User>;
  signOut(): Promise<void>;
  retry(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<SessionResponse>('/api/auth/me', { signal: controller.signal, expectUnauthorized: true })
      .then((session) => {
        setCsrfToken(session.csrfToken);
        setState({ status: 'authenticated', user: session.user });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) {
          setState({ status: 'anonymous', expired: false });
        } else {
          setState({ status: 'error', error: error instanceof ApiError ? error : new ApiError({ status: 0 }) });
        }
      });
    return () => controller.abort();
  }, [attempt]);

  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(null);
        setState((current) =>
          current.status === 'authenticated' ? { status: 'anonymous', expired: true } : current,
        );
      }),
    [],
  );

  const establish = useCallback((session: SessionResponse) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'authenticated', user: session.user });
    return session.user;
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      user: state.status === 'authenticated' ? state.user : null,
      signIn: async (email, password) =>
        establish(
          await api.post<SessionResponse>('/api/auth/login', { email, password }, { expectUnauthorized: true }),
        ),
      acceptInvitation: async (token, password) =>
        establish(
          await api.post<SessionResponse>(
            '/api/auth/accept-invitation',
            { token, password },
            { expectUnauthorized: true },
          ),
        ),
      signOut: async () => {
        try {
          await api.post<void>('/api/auth/logout', undefined, { expectUnauthorized: true });
        } finally {
          setCsrfToken(null);
          setState({ status: 'anonymous', expired: false });
        }
      },
      retry: () => {
        setState({ status: 'loading' });
        setAttempt((n) => n + 1);
      },
    }),
    [state, establish],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

const outboxReaders: readonly Role[] = ['admin', 'branch_staff', 'outreach', 'programme_leader'];

/** What each role may see and do in this part of the UI. The server enforces the same rules. */
export const can = {
  manageStaff: (role: Role) => role === 'admin',
  readAudit: (role: Role) => role === 'admin',
  manageBranches: (role: Role) => role === 'admin',
  managePartners: (role: Role) => role === 'admin',
  readPartners: (role: Role) => roles.includes(role),
  readBranches: (role: Role) => roles.includes(role),
  readOutbox: (role: Role) => outboxReaders.includes(role),
  /** Confidential messages (such as invitations with a sign-in link) and retrying delivery. */
  manageOutbox: (role: Role) => role === 'admin',
  manageTokens: (role: Role) => role === 'admin',
  readMembers: (role: Role) => role !== 'partner_caseworker',
  manageMembers: (role: Role) => role === 'admin' || role === 'branch_staff' || role === 'outreach',
  managePolicies: (role: Role) => role === 'admin',
  useDesk: (role: Role) => role === 'admin' || role === 'branch_staff' || role === 'outreach',
  runNotices: (role: Role) => role === 'admin' || role === 'branch_staff',
  readCatalogue: (role: Role) => role !== 'partner_caseworker',
  importCatalogue: (role: Role) => role === 'admin' || role === 'branch_staff',
};
