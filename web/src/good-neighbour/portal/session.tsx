import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate } from 'react-router';
import { ApiError } from '../../platform/api';
import { LoadError, Loading } from '../../platform/notices';
import { portalApi, setPortalCsrfToken, type NeighbourSession } from './api';

type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'signedIn'; neighbour: { name: string } };

interface SessionContextValue {
  state: SessionState;
  started(session: NeighbourSession): void;
  signOut(): Promise<void>;
  /** A request came back 401: the session ended (30 days passed, or signed out elsewhere). */
  ended(): void;
  retry(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** The neighbour's own session, kept apart from the staff one. */
export function NeighbourSessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    portalApi.session(controller.signal).then(
      (session) => {
        setPortalCsrfToken(session.csrfToken);
        setState({ status: 'signedIn', neighbour: session.neighbour });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous', expired: false });
        else setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const started = useCallback((session: NeighbourSession) => {
    setPortalCsrfToken(session.csrfToken);
    setState({ status: 'signedIn', neighbour: session.neighbour });
  }, []);

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      started,
      signOut: async () => {
        try {
          await portalApi.signOut();
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 401)) throw error;
        }
        setPortalCsrfToken(null);
        setState({ status: 'anonymous', expired: false });
      },
      ended: () => {
        setPortalCsrfToken(null);
        setState((current) => (current.status === 'signedIn' ? { status: 'anonymous', expired: true } : current));
      },
      retry: () => {
        setState({ status: 'loading' });
        setAttempt((n) => n + 1);
      },
    }),
    [state, started],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useNeighbourSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useNeighbourSession must be used inside <NeighbourSessionProvider>');
  return value;
}

/** Only a signed-in neighbour may pass; anyone else is asked for their email address. */
export function RequireNeighbour({ children }: { children: ReactNode }) {
  const { state, retry } = useNeighbourSession();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <LoadError error={state.error} onRetry={retry} />;
  if (state.status === 'anonymous') return <Navigate to="/neighbour/sign-in" replace state={{ expired: state.expired }} />;
  return <>{children}</>;
}

/** A failed load: a 401 ends the session (and so goes back to sign-in), anything else can be retried. */
export function PortalLoadError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { ended } = useNeighbourSession();
  const signedOut = error instanceof ApiError && error.status === 401;
  useEffect(() => {
    if (signedOut) ended();
  }, [signedOut, ended]);
  return signedOut ? null : <LoadError error={error} onRetry={onRetry} />;
}
