import { useTranslation } from 'react-i18next';
import { useFormatters } from '../platform/format';
import { weekdays, type OpeningHours, type Weekday } from './api';

export interface DayHours {
  closed: boolean;
  opens: string;
  closes: string;
}

export type WeekHours = Record<Weekday, DayHours>;

const DEFAULT_OPENS = '09:00';
const DEFAULT_CLOSES = '17:00';

/** Monday to Saturday 09:00–17:00, Sunday closed: what the server uses when none are given. */
export function defaultWeekHours(): WeekHours {
  const week = {} as WeekHours;
  for (const day of weekdays) {
    week[day] = { closed: day === 7, opens: DEFAULT_OPENS, closes: DEFAULT_CLOSES };
  }
  return week;
}

/**
 * The editor holds one opening period per day; when a branch has several on a
 * day (a lunch closure) the first opening and the last closing are kept.
 */
export function toWeekHours(rows: OpeningHours[]): WeekHours {
  const week = {} as WeekHours;
  for (const day of weekdays) {
    const today = rows.filter((r) => r.weekday === day).sort((a, b) => a.opens.localeCompare(b.opens));
    const first = today[0];
    const last = today[today.length - 1];
    week[day] =
      first && last
        ? { closed: false, opens: first.opens.slice(0, 5), closes: last.closes.slice(0, 5) }
        : { closed: true, opens: DEFAULT_OPENS, closes: DEFAULT_CLOSES };
  }
  return week;
}

export function fromWeekHours(week: WeekHours): OpeningHours[] {
  return weekdays
    .filter((day) => !week[day].closed)
    .map((day) => ({ weekday: day, opens: week[day].opens, closes: week[day].closes }));
}

/** Problems with the hours, by weekday, as message keys for the form to translate. */
export function validateWeekHours(week: WeekHours): Partial<Record<Weekday, 'missing' | 'order'>> {
  const problems: Partial<Record<Weekday, 'missing' | 'order'>> = {};
  for (const day of weekdays) {
    const { closed, opens, closes } = week[day];
    if (closed) continue;
    if (!opens || !closes) problems[day] = 'missing';
    else if (opens >= closes) problems[day] = 'order';
  }
  return problems;
}

/**
 * A short list of when a branch is open, with consecutive days of the same hours
 * grouped ("Mon–Sat 09:00–17:00", "Sun closed").
 */
export function OpeningHoursSummary({ rows }: { rows: OpeningHours[] }) {
  const { t } = useTranslation();
  const fmt = useFormatters();

  if (rows.length === 0) return <>{t('branches.hours.closedAllWeek')}</>;

  const describe = (day: Weekday) => {
    const today = rows.filter((r) => r.weekday === day).sort((a, b) => a.opens.localeCompare(b.opens));
    if (today.length === 0) return t('branches.hours.closed');
    return today
      .map((r) => t('branches.hours.timeRange', { opens: fmt.time(r.opens), closes: fmt.time(r.closes) }))
      .join(t('common.listSeparator'));
  };

  const groups: { from: Weekday; to: Weekday; text: string }[] = [];
  for (const day of weekdays) {
    const text = describe(day);
    const last = groups[groups.length - 1];
    if (last && last.text === text) last.to = day;
    else groups.push({ from: day, to: day, text });
  }

  return (
    <ul className="hours-summary">
      {groups.map((g) => {
        const days =
          g.from === g.to
            ? t(`weekdays.short.${g.from}`)
            : t('branches.hours.dayRange', { from: t(`weekdays.short.${g.from}`), to: t(`weekdays.short.${g.to}`) });
        return <li key={g.from}>{t('branches.hours.line', { days, hours: g.text })}</li>;
      })}
    </ul>
  );
}

interface DayHoursFieldsetProps {
  /** Prefix of the day's field ids, unique on the page. */
  id: string;
  day: Weekday;
  hours: DayHours;
  error?: string;
  onChange(change: Partial<DayHours>): void;
}

/** One weekday of an opening-hours editor: closed, or when it opens and closes, with the day's error. */
export function DayHoursFieldset({ id, day, hours, error, onChange }: DayHoursFieldsetProps) {
  const { t } = useTranslation();
  return (
    <fieldset className={`hours-day${hours.closed ? ' hours-day--closed' : ''}${error ? ' field--error' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="hours-day__name">{t(`weekdays.long.${day}`)}</legend>
      <div className="checkbox hours-day__closed">
        <input type="checkbox" id={`${id}-closed`} checked={hours.closed} onChange={(e) => onChange({ closed: e.target.checked })} />
        <label htmlFor={`${id}-closed`}>{t('branches.form.closed')}</label>
      </div>
      {(['opens', 'closes'] as const).map((edge) => (
        <div className="hours-day__time" key={edge}>
          <label htmlFor={`${id}-${edge}`}>{t(`branches.form.${edge}`)}</label>
          <input
            type="time"
            id={`${id}-${edge}`}
            value={hours[edge]}
            disabled={hours.closed}
            step={300}
            aria-invalid={error ? true : undefined}
            onChange={(e) => onChange({ [edge]: e.target.value })}
          />
        </div>
      ))}
      {error ? (
        <p className="field__error hours-day__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
