import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../platform/api';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { isolate } from '../platform/i18n';
import type { Loan, SchemeStanding } from './api';
import { useMoney } from './money';

/** The day a copy misplaced on `misplacedOn` may be written off, `days` later (dates are ISO, counted in UTC). */
export function writeOffFrom(misplacedOn: string, days: number): string {
  const day = new Date(`${misplacedOn}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

const SCHEME_REFUSALS = ['not_on_scheme', 'not_misplaced', 'too_soon_to_write_off'] as const;
type SchemeRefusal = (typeof SCHEME_REFUSALS)[number];
const isSchemeRefusal = (code: string): code is SchemeRefusal => (SCHEME_REFUSALS as readonly string[]).includes(code);

/** Why marking or writing off was refused, in the reader's language where the code is known. */
export function schemeRefusal(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && isSchemeRefusal(error.code)) return t(`schemeLending.refusal.${error.code}`);
  return describeError(error, t);
}

/** Who reported a copy misplaced: a neighbour's name as given, or staff in the reader's language. */
export function reporterName(reportedBy: string | null, t: TFunction): string {
  return !reportedBy || reportedBy === 'staff' ? t('schemeLending.staff') : reportedBy;
}

/**
 * What the Good Neighbour scheme changes about a loan, under its due date: lost somewhere at the
 * reader's home (and since when), lent fine-free, and what the scheme has waived on it so far.
 */
export function LoanSchemeNotes({ loan, currency, standing }: { loan: Loan; currency: string | null; standing: SchemeStanding | null }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const money = useMoney();
  return (
    <>
      {loan.misplacedAtHomeOn ? (
        <>
          {' '}
          <span className="badge badge--pending">{t('schemeLending.misplaced')}</span>
          <span className="member-lending__note">
            {t('schemeLending.misplacedSince', { date: date(loan.misplacedAtHomeOn), name: isolate(reporterName(loan.misplacedReportedBy, t)) })}
          </span>
          {standing && loan.returnedAt === null ? (
            <span className="member-lending__note">{t('schemeLending.writeOffFrom', { date: date(writeOffFrom(loan.misplacedAtHomeOn, standing.writeOffAfterDays)) })}</span>
          ) : null}
        </>
      ) : null}
      {loan.schemeWaivesFines ? <span className="member-lending__note">{t('schemeLending.fineFree')}</span> : null}
      {loan.fineWaivedByScheme > 0 && currency ? (
        <span className="member-lending__note">{t('schemeLending.waived', { amount: money(loan.fineWaivedByScheme, currency) })}</span>
      ) : null}
    </>
  );
}

interface MisplacedButtonsProps {
  loan: Loan;
  /** Marking needs the reader on the scheme now; found and write-off work after it ends too. */
  onScheme: boolean;
  busy: boolean;
  onMark(): void;
  onFound(): void;
  onWriteOff(): void;
}

/** Staff buttons for a copy lost somewhere at the reader's home: report it, say it turned up, or write it off. */
export function MisplacedButtons({ loan, onScheme, busy, onMark, onFound, onWriteOff }: MisplacedButtonsProps) {
  const { t } = useTranslation();
  const hidden = <span className="visually-hidden"> {loan.title}</span>;
  if (loan.misplacedAtHomeOn) {
    return (
      <>
        <button type="button" className="button button--secondary button--small" disabled={busy} onClick={onFound}>
          {t('schemeLending.found')}
          {hidden}
        </button>
        <button type="button" className="button button--danger-outline button--small" disabled={busy} onClick={onWriteOff}>
          {t('schemeLending.writeOff')}
          {hidden}
        </button>
      </>
    );
  }
  if (!onScheme) return null;
  return (
    <button type="button" className="button button--secondary button--small" disabled={busy} onClick={onMark}>
      {t('schemeLending.mark')}
      {hidden}
    </button>
  );
}
