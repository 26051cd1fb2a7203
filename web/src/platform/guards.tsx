import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth, type Role } from './auth';
import { LoadError, Loading } from './notices';
import { Page } from './page';

/** Only the signed-in may pass; everyone else is sent to sign in and brought back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state, retry } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <LoadError error={state.error} onRetry={retry} />;
  if (state.status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    const params = new URLSearchParams({ next });
    if (state.expired) params.set('expired', '1');
    return <Navigate to={`/sign-in?${params.toString()}`} replace />;
  }
  return <>{children}</>;
}

/** Shown instead of a screen the signed-in user's role cannot use. */
export function RequireRole({ allowed, children }: { allowed(role: Role): boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!user || !allowed(user.role)) {
    return (
      <Page title={t('errors.forbiddenTitle')}>
        <p>{t('errors.forbiddenPage')}</p>
      </Page>
    );
  }
  return <>{children}</>;
}

/** Only same-site paths may be used as a place to return to after signing in. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in') || next.startsWith('/accept-invitation')) return '/';
  return next;
}
