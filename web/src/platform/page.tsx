import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LoadError } from './notices';

/** Sets the document title for a screen: "<screen> – Hearth". */
export function usePageTitle(title: string): void {
  const { t } = useTranslation();
  const suffix = t('shell.appName');
  useEffect(() => {
    document.title = title ? t('shell.documentTitle', { page: title, app: suffix }) : suffix;
  }, [title, suffix, t]);
}

interface PageProps {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}

/** The top of every screen: the document title and the single h1 that route changes focus. */
export function Page({ title, intro, children }: PageProps) {
  usePageTitle(title);
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      {intro ? <p className="page-intro">{intro}</p> : null}
      {children}
    </>
  );
}

interface LoadFailedPageProps {
  title: string;
  error: unknown;
  onRetry(): void;
  /** Where to go instead, such as the list the screen was opened from. */
  back: { to: string; label: string };
}

/** A screen whose one thing (a member, an arrangement) could not be loaded: why, a retry, and a way back. */
export function LoadFailedPage({ title, error, onRetry, back }: LoadFailedPageProps) {
  return (
    <Page title={title}>
      <LoadError error={error} onRetry={onRetry} />
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
    </Page>
  );
}

/** One term and its value in a summary list (`<dl className="summary-list">`). */
export function Detail({ term, dir, children }: { term: string; dir?: 'ltr'; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd dir={dir}>{children}</dd>
    </div>
  );
}

/**
 * Moves focus to an element by id once the current render has been painted, for
 * when the element that had focus was disabled, replaced or removed.
 */
export function focusSoon(id: string, frames = 10): void {
  requestAnimationFrame(() => {
    const element = document.getElementById(id);
    // A control that is still disabled (busy) cannot take focus yet; try again next frame.
    if (element && !(element as HTMLButtonElement).disabled) element.focus();
    else if (frames > 0) focusSoon(id, frames - 1);
  });
}
