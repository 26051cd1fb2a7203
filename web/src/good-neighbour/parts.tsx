import { useTranslation } from 'react-i18next';
import { useFormatters } from '../platform/format';
import type { Arrangement, ArrangementNeighbour, ArrangementStatus } from './api';

export function ArrangementStatusBadge({ status }: { status: ArrangementStatus }) {
  const { t } = useTranslation();
  return <span className={status === 'active' ? 'badge badge--ok' : 'badge badge--muted'}>{t(`goodNeighbour.status.${status}`)}</span>;
}

/** A neighbour who still serves the reader: not removed, and the reader has not withdrawn consent for them. */
export const isServing = (neighbour: ArrangementNeighbour) => neighbour.active && neighbour.consentWithdrawnAt === null;

/** The soonest visit any serving neighbour will make. */
export function nextVisitOf(arrangement: Pick<Arrangement, 'neighbours'>): { date: string; name: string } | null {
  let next: { date: string; name: string } | null = null;
  for (const neighbour of arrangement.neighbours) {
    if (!isServing(neighbour) || !neighbour.nextVisit) continue;
    if (!next || neighbour.nextVisit < next.date) next = { date: neighbour.nextVisit, name: neighbour.name };
  }
  return next;
}

type Pattern = Pick<ArrangementNeighbour, 'visitEveryDays' | 'visitsFrom' | 'visitDates'>;

/** "Every fortnight from 10 Dec 2026; also on 24 Dec 2026", in the reader's language. */
export function useVisitPattern(): (pattern: Pattern) => string {
  const { t } = useTranslation();
  const { date } = useFormatters();
  return (pattern) => {
    const parts: string[] = [];
    if (pattern.visitEveryDays && pattern.visitsFrom) {
      const every =
        pattern.visitEveryDays === 7 || pattern.visitEveryDays === 14 || pattern.visitEveryDays === 28
          ? t(`goodNeighbour.pattern.every${pattern.visitEveryDays}`)
          : t('goodNeighbour.pattern.everyDays', { count: pattern.visitEveryDays });
      parts.push(t('goodNeighbour.pattern.regular', { every, date: date(pattern.visitsFrom) }));
    }
    if (pattern.visitDates.length > 0) {
      const dates = [...pattern.visitDates].sort().map(date).join(t('common.listSeparator'));
      parts.push(parts.length > 0 ? t('goodNeighbour.pattern.alsoOn', { dates }) : t('goodNeighbour.pattern.on', { dates }));
    }
    return parts.length > 0 ? parts.join(t('goodNeighbour.pattern.separator')) : t('goodNeighbour.pattern.none');
  };
}
