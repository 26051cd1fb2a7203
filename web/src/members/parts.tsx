import { useTranslation } from 'react-i18next';
import { intlLocale } from '../platform/i18n';
import type { MemberStatus } from './api';

const statusBadge: Record<MemberStatus, string> = {
  active: 'badge badge--ok',
  blocked: 'badge badge--danger',
  expired: 'badge badge--muted',
};

export function MemberStatusBadge({ status }: { status: MemberStatus }) {
  const { t } = useTranslation();
  return <span className={statusBadge[status]}>{t(`members.status.${status}`)}</span>;
}

/** A language's name in the reader's own language, e.g. "Polish" or "البولندية" for `pl`. */
export function useLanguageName(): (code: string) => string {
  const { i18n } = useTranslation();
  const names = new Intl.DisplayNames([intlLocale(i18n.language)], { type: 'language', fallback: 'code' });
  return (code: string) => names.of(code) ?? code;
}
