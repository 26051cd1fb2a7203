import { sql } from 'kysely';
import type { Db } from '../platform/database/database.ts';
import { invalid } from '../platform/http/errors.ts';
import { addDays } from '../policies/calendar.ts';

export interface SchemeReport {
  from: string;
  to: string;
  /** ISO 4217 code of the amounts. */
  currency: string;
  /** Arrangements running at the end of the period. */
  activeArrangements: number;
  /** Readers whose tickets were converted to the scheme during the period. */
  readersConverted: number;
  /** Readers whose arrangements ended during the period. */
  readersEnded: number;
  loansIssuedUnderScheme: number;
  /** Pence forgiven on loans that ended in the period, at their renewals and return. */
  finesWaivedByScheme: number;
  /** Pence forgiven on requests placed in the period. */
  requestFeesWaivedByScheme: number;
  /** Copies marked misplaced at home now, whatever the period. */
  misplacedAtHomeNow: number;
  /** Copies returned in the period while marked misplaced at home. */
  foundAfterMisplaced: number;
  writtenOff: number;
}

interface Figures {
  currency: string;
  active_arrangements: number;
  readers_converted: number;
  readers_ended: number;
  loans_issued: number;
  fines_waived: number;
  request_fees_waived: number;
  misplaced_now: number;
  found_after_misplaced: number;
  written_off: number;
}

/**
 * What the Good Neighbour scheme did between two dates (both included), for the people who fund
 * it: readers reached, loans made, what readers were spared, and what happened to misplaced copies.
 * One statement; every figure is counted by the database, never by fetching rows. Each loan or
 * request figure repeats the condition of a partial index (20261129T0752_scheme_report_indexes.sql)
 * so that the index can serve it; a copy is only ever written off after being misplaced, so that
 * condition changes no count.
 */
export async function schemeReport(db: Db, tenantId: string, period: { from: string; to: string }): Promise<SchemeReport> {
  if (period.from > period.to) throw invalid('invalid_period', 'The period must start on or before the day it ends.', [{ field: 'from', message: 'is after to' }]);
  const start = sql`${period.from}::date`;
  const end = sql`${addDays(period.to, 1)}::date`;
  const during = (column: string) => sql`${sql.ref(column)} >= ${start} and ${sql.ref(column)} < ${end}`;
  const { rows } = await sql<Figures>`
    select
      s.currency,
      (select count(*) from arrangements a
        where a.tenant_id = s.id and a.started_at < ${end} and (a.ended_at is null or a.ended_at >= ${end})) as active_arrangements,
      (select count(distinct a.reader_id) from arrangements a where a.tenant_id = s.id and ${during('a.started_at')}) as readers_converted,
      (select count(distinct a.reader_id) from arrangements a where a.tenant_id = s.id and ${during('a.ended_at')}) as readers_ended,
      (select count(*) from loans l where l.tenant_id = s.id and l.scheme_waives_fines and ${during('l.issued_at')}) as loans_issued,
      (select coalesce(sum(l.fine_waived_by_scheme_pence), 0) from loans l
        where l.tenant_id = s.id and l.fine_waived_by_scheme_pence > 0 and ${during('l.returned_at')}) as fines_waived,
      (select coalesce(sum(r.fee_waived_by_scheme_pence), 0) from requests r
        where r.tenant_id = s.id and r.fee_waived_by_scheme_pence > 0 and ${during('r.placed_at')}) as request_fees_waived,
      (select count(*) from loans l where l.tenant_id = s.id and l.returned_at is null and l.misplaced_at_home_on is not null) as misplaced_now,
      (select count(*) from loans l
        where l.tenant_id = s.id and l.outcome = 'returned' and l.misplaced_at_home_on is not null and ${during('l.returned_at')}) as found_after_misplaced,
      (select count(*) from loans l
        where l.tenant_id = s.id and l.outcome = 'written_off' and l.misplaced_at_home_on is not null and ${during('l.returned_at')}) as written_off
    from library_services s
    where s.id = ${tenantId}`.execute(db);
  const figures = rows[0]!;
  return {
    from: period.from,
    to: period.to,
    currency: figures.currency,
    activeArrangements: Number(figures.active_arrangements),
    readersConverted: Number(figures.readers_converted),
    readersEnded: Number(figures.readers_ended),
    loansIssuedUnderScheme: Number(figures.loans_issued),
    finesWaivedByScheme: Number(figures.fines_waived),
    requestFeesWaivedByScheme: Number(figures.request_fees_waived),
    misplacedAtHomeNow: Number(figures.misplaced_now),
    foundAfterMisplaced: Number(figures.found_after_misplaced),
    writtenOff: Number(figures.written_off),
  };
}
