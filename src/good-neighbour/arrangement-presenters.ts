import type { Queryable } from '../platform/database/database.ts';
import { notFound } from '../platform/http/errors.ts';
import { coverRows, findArrangementRow, linkRows, visitDateRows, type ArrangementRow, type CoverRow, type LinkRow, type VisitDateRow } from './arrangement-store.ts';
import type { ArrangementStatus, ConsentMethod, ReferralSource } from './tables.ts';
import { nextVisitOf, type Cover, type VisitPattern } from './visits.ts';

export interface ArrangementNeighbour {
  /** The link between this neighbour and this reader (arrangement_neighbours.id). */
  id: string;
  neighbourId: string;
  name: string;
  email: string | null;
  phone: string | null;
  relationship: string | null;
  /** The neighbour's own library card, when they have one. */
  cardNumber: string | null;
  branchId: string | null;
  language: string;
  advanceNotice: boolean;
  visitEveryDays: number | null;
  visitsFrom: string | null;
  visitDates: string[];
  nextVisit: string | null;
  maySeeLoans: boolean;
  maySeeHistory: boolean;
  maySeeProfile: boolean;
  active: boolean;
  consentWithdrawnAt: Date | null;
}

export interface ArrangementCover {
  id: string;
  awayId: string;
  coverId: string;
  startsOn: string;
  endsOn: string;
}

export interface Arrangement {
  id: string;
  status: ArrangementStatus;
  reader: { id: string; name: string; cardNumber: string; homeBranchId: string };
  referralSource: ReferralSource;
  referralNote: string | null;
  consent: { method: ConsentMethod; givenAt: Date; withdrawnAt: Date | null };
  noticeMarginDays: number;
  autoRenew: boolean;
  writeOffAfterDays: number;
  previousCategory: { id: string; name: string };
  startedAt: Date;
  startedBy: { id: string; name: string } | null;
  endedAt: Date | null;
  endedBy: { id: string; name: string } | null;
  endReason: string | null;
  neighbours: ArrangementNeighbour[];
  covers: ArrangementCover[];
}

const who = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

export const presentCover = (row: CoverRow): ArrangementCover => ({ id: row.id, awayId: row.away_id, coverId: row.cover_id, startsOn: row.starts_on, endsOn: row.ends_on });

/**
 * Each link's next visit, with covers applied. Only links still in force visit: a neighbour who
 * was removed or whose consent was withdrawn hands nothing over and covers nothing.
 */
export function nextVisits(links: readonly LinkRow[], dates: readonly VisitDateRow[], covers: readonly CoverRow[], today: string): Map<string, string | null> {
  const patterns = new Map<string, VisitPattern>();
  for (const link of links) {
    if (!link.active || link.consent_withdrawn_at) continue;
    patterns.set(link.id, { everyDays: link.visit_every_days, from: link.visits_from, dates: dates.filter((d) => d.arrangement_neighbour_id === link.id).map((d) => d.visit_on) });
  }
  const byArrangement = new Map<string, Cover[]>();
  for (const cover of covers) {
    const list = byArrangement.get(cover.arrangement_id) ?? [];
    list.push({ awayId: cover.away_id, coverId: cover.cover_id, startsOn: cover.starts_on, endsOn: cover.ends_on });
    byArrangement.set(cover.arrangement_id, list);
  }
  return new Map(links.map((link) => [link.id, patterns.has(link.id) ? nextVisitOf(link.id, patterns, byArrangement.get(link.arrangement_id) ?? [], today) : null]));
}

export function presentLink(link: LinkRow, dates: readonly VisitDateRow[], nextVisit: string | null): ArrangementNeighbour {
  return {
    id: link.id,
    neighbourId: link.neighbour_id,
    name: link.name,
    email: link.email,
    phone: link.phone,
    relationship: link.relationship || null,
    cardNumber: link.card_number,
    branchId: link.branch_id,
    language: link.language,
    advanceNotice: link.advance_notice,
    visitEveryDays: link.visit_every_days,
    visitsFrom: link.visits_from,
    visitDates: dates.filter((d) => d.arrangement_neighbour_id === link.id).map((d) => d.visit_on),
    nextVisit,
    maySeeLoans: link.may_see_loans,
    maySeeHistory: link.may_see_history,
    maySeeProfile: link.may_see_profile,
    active: link.active,
    consentWithdrawnAt: link.consent_withdrawn_at,
  };
}

const readerOf = (row: ArrangementRow) => ({ id: row.reader_id, name: row.reader_name, cardNumber: row.reader_card_number, homeBranchId: row.reader_home_branch_id });

export function presentArrangement(row: ArrangementRow, links: readonly LinkRow[], dates: readonly VisitDateRow[], covers: readonly CoverRow[], today: string): Arrangement {
  const mine = links.filter((link) => link.arrangement_id === row.id);
  const myCovers = covers.filter((cover) => cover.arrangement_id === row.id);
  const visits = nextVisits(mine, dates, myCovers, today);
  return {
    id: row.id,
    status: row.status,
    reader: readerOf(row),
    referralSource: row.referral_source,
    referralNote: row.referral_note,
    consent: { method: row.consent_method, givenAt: row.consent_given_at, withdrawnAt: row.consent_withdrawn_at },
    noticeMarginDays: row.notice_margin_days,
    autoRenew: row.auto_renew,
    writeOffAfterDays: row.write_off_after_days,
    previousCategory: { id: row.previous_category_id, name: row.previous_category_name },
    startedAt: row.started_at,
    startedBy: who(row.started_by, row.started_by_name),
    endedAt: row.ended_at,
    endedBy: who(row.ended_by, row.ended_by_name),
    endReason: row.end_reason,
    neighbours: mine.map((link) => presentLink(link, dates, visits.get(link.id) ?? null)),
    covers: myCovers.map(presentCover),
  };
}

/** Arrangements with their neighbours, visit dates and covers, each gathered in one query for the lot. */
export async function loadArrangements(db: Queryable, tenantId: string, rows: readonly ArrangementRow[], today: string): Promise<Arrangement[]> {
  const ids = rows.map((row) => row.id);
  const links = await linkRows(db, tenantId, ids);
  const dates = await visitDateRows(db, links.map((link) => link.id));
  const covers = await coverRows(db, tenantId, ids);
  return rows.map((row) => presentArrangement(row, links, dates, covers, today));
}

export async function loadArrangement(db: Queryable, tenantId: string, id: string, today: string): Promise<Arrangement> {
  const row = await findArrangementRow(db, tenantId, id);
  if (!row) throw notFound('The arrangement');
  const [arrangement] = await loadArrangements(db, tenantId, [row], today);
  return arrangement!;
}
