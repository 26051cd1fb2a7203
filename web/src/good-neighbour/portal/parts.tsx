import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { intlLocale, isolate } from '../../platform/i18n';
import type { Format, RenewResult } from './api';

const DAY_MS = 86_400_000;
const longDates = new Map<string, Intl.DateTimeFormat>();

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A calendar date as a person says it: "Thursday 10 December 2026". */
export function useLongDate() {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  let format = longDates.get(locale);
  if (!format) {
    // Calendar dates are days, not instants: read and written in UTC so no time zone moves them.
    format = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    longDates.set(locale, format);
  }
  const formatter = format;
  return (date: string) => formatter.format(new Date(`${date}T00:00:00Z`));
}

/** When a book is due, in words counted from the library's today. */
export function dueInWords(t: TFunction, dueDate: string, today: string): string {
  const days = daysFrom(today, dueDate);
  if (days === 0) return t('neighbourPortal.due.today');
  if (days === 1) return t('neighbourPortal.due.tomorrow');
  if (days > 1) return t('neighbourPortal.due.inDays', { count: days });
  return t('neighbourPortal.due.overdueDays', { count: -days });
}

/** When a visit is, in words counted from the library's today. */
export function visitInWords(t: TFunction, date: string, today: string): string {
  const days = daysFrom(today, date);
  if (days === 0) return t('neighbourPortal.visits.today');
  if (days === 1) return t('neighbourPortal.visits.tomorrow');
  return t('neighbourPortal.visits.inDays', { count: days });
}

/** A cover image, or a plain block naming the format where there is none. Covers come from other sites: no referrer is sent, so a token in the page address stays here. */
export function Cover({ url, format }: { url: string | null; format: Format }) {
  const { t } = useTranslation();
  if (url) return <img className="portal-cover" src={url} alt="" referrerPolicy="no-referrer" loading="lazy" width={56} height={84} />;
  return (
    <span className="portal-cover portal-cover--none" aria-hidden="true">
      {t(`neighbourPortal.formats.${format}`)}
    </span>
  );
}

const KNOWN_REFUSALS = ['requested_by_another', 'renewal_limit_reached', 'overdue_too_long', 'member_blocked', 'member_expired', 'no_lending_policy'] as const;

/** Why a renewal was refused, in the reader's language where the code is known. */
export function refusalReason(t: TFunction, refusal: { code: string; reason: string }): string {
  const known = KNOWN_REFUSALS.find((code) => code === refusal.code);
  return known ? t(`neighbourPortal.refusals.${known}`) : refusal.reason;
}

/** What a renewal did: every book renewed with its new date, and every one refused with why. */
export function RenewOutcome({ result, headingLevel = 3 }: { result: RenewResult; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const longDate = useLongDate();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const nothing = result.renewed.length === 0 && result.refused.length === 0;
  return (
    <div className={`notice ${result.refused.length > 0 ? 'notice--error' : 'notice--info'} portal-outcome`} role="status">
      <Heading id="renew-outcome" tabIndex={-1}>
        {nothing ? t('neighbourPortal.renew.nothing') : t('neighbourPortal.renew.outcome', { renewed: result.renewed.length, count: result.renewed.length + result.refused.length })}
      </Heading>
      {result.renewed.length > 0 ? (
        <>
          <p className="portal-outcome__label">{t('neighbourPortal.renew.renewedHeading')}</p>
          <ul className="portal-outcome__list">
            {result.renewed.map((item, index) => (
              <li key={`${item.title}-${index}`}>{t('neighbourPortal.renew.renewedLine', { title: isolate(item.title), date: longDate(item.dueDate) })}</li>
            ))}
          </ul>
        </>
      ) : null}
      {result.refused.length > 0 ? (
        <>
          <p className="portal-outcome__label">{t('neighbourPortal.renew.refusedHeading')}</p>
          <ul className="portal-outcome__list">
            {result.refused.map((item, index) => (
              <li key={`${item.title}-${index}`}>
                {t('neighbourPortal.renew.refusedLine', { title: isolate(item.title), date: longDate(item.dueDate), reason: refusalReason(t, item) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
