import { useTranslation } from 'react-i18next';
import type { Option } from '../platform/forms';
import { programmeLanguages, type ProgrammeSummary, type SessionStatus } from './api';

/** The badges the public sees: free, women only, no booking needed. */
export function ProgrammeBadges({ programme }: { programme: Pick<ProgrammeSummary, 'free' | 'womenOnly' | 'bookingNeeded'> }) {
  const { t } = useTranslation();
  const badges = [
    programme.free ? t('programmes.badges.free') : null,
    programme.womenOnly ? t('programmes.badges.womenOnly') : null,
    programme.bookingNeeded ? null : t('programmes.badges.noBookingNeeded'),
  ].filter((badge): badge is string => badge !== null);
  if (badges.length === 0) return <>—</>;
  return (
    <ul className="plain-list button-row">
      {badges.map((badge) => (
        <li key={badge}>
          <span className="badge badge--info">{badge}</span>
        </li>
      ))}
    </ul>
  );
}

const statusBadge: Record<SessionStatus, string> = {
  scheduled: 'badge badge--ok',
  cancelled: 'badge badge--danger',
  withdrawn: 'badge badge--muted',
};

export function SessionStatusBadge({ status }: { status: SessionStatus }) {
  const { t } = useTranslation();
  return <span className={statusBadge[status]}>{t(`programmes.sessionStatus.${status}`)}</span>;
}

/** A public-page language's name in the reader's language; Dari and Pashto are named too, which Intl may not do. */
export function useProgrammeLanguageName(): (code: string) => string {
  const { t } = useTranslation();
  return (code: string) => ((programmeLanguages as readonly string[]).includes(code) ? t(`programmes.languages.${code as (typeof programmeLanguages)[number]}`) : code);
}

/** The public-page languages as choices for a select, optionally leaving some out. */
export function useLanguageOptions(): (except?: readonly string[]) => Option[] {
  const name = useProgrammeLanguageName();
  return (except = []) => programmeLanguages.filter((code) => !except.includes(code)).map((code) => ({ value: code, label: name(code) }));
}
