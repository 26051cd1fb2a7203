import type { Queryable } from '../platform/database/database.ts';
import { notFound } from '../platform/http/errors.ts';
import {
  branchRowsOf,
  findProgrammeRow,
  listProgrammeRows,
  nextSessionRows,
  partnerRowsOf,
  sharedProgrammeRows,
  topicRowsOf,
  translationRows,
  type ProgrammeRow,
} from './programme-store.ts';
import { firstOccurrenceDate } from './recurrence.ts';
import { presentSchedule, type Schedule } from './session-presenters.ts';
import { scheduleRowsOf } from './session-store.ts';
import type { Audience, ProgrammeStatus } from './tables.ts';

export interface ProgrammeTranslation {
  language: string;
  name: string;
  description: string;
  eligibilityNote: string | null;
}

export interface Programme {
  id: string;
  name: string;
  description: string;
  language: string;
  audience: Audience;
  womenOnly: boolean;
  free: boolean;
  bookingNeeded: boolean;
  eligibilityNote: string | null;
  suggestedDonationPence: number | null;
  status: ProgrammeStatus;
  shared: boolean;
  copiedFromId: string | null;
  translations: ProgrammeTranslation[];
  branches: { id: string; name: string; address: string | null; addedAt: Date }[];
  partners: { id: string; name: string }[];
  topics: { id: string; name: string }[];
  schedules: Schedule[];
}

export interface ProgrammeSummary {
  id: string;
  name: string;
  status: ProgrammeStatus;
  womenOnly: boolean;
  free: boolean;
  bookingNeeded: boolean;
  branches: { id: string; name: string }[];
  nextSession: { id: string; startsAt: Date; branchName: string } | null;
  /** The languages it is translated into. */
  languages: string[];
}

export interface SharedProgramme {
  id: string;
  name: string;
  description: string;
  libraryService: { name: string };
  branchCount: number;
  topics: string[];
}

const byProgramme = <T extends { programme_id: string }>(rows: T[]) => {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.programme_id, [...(groups.get(row.programme_id) ?? []), row]);
  return (programmeId: string) => groups.get(programmeId) ?? [];
};

/** The programme as the editor shows it. Schedules that no longer give any session (deleted ones) are left out. */
export async function loadProgramme(db: Queryable, tenantId: string, id: string): Promise<Programme> {
  const row = await findProgrammeRow(db, tenantId, id);
  if (!row) throw notFound('The programme');
  const [translations, branches, partners, topics, schedules] = await Promise.all([
    translationRows(db, [id]),
    branchRowsOf(db, [id]),
    partnerRowsOf(db, [id]),
    topicRowsOf(db, [id]),
    scheduleRowsOf(db, tenantId, id),
  ]);
  const live = schedules.filter((schedule) =>
    firstOccurrenceDate(schedule.rrule, { firstDate: schedule.first_date, startsLocal: schedule.starts_local, endsLocal: schedule.ends_local, timeZone: schedule.time_zone }),
  );
  return {
    ...programmeFields(row),
    translations: translations.map((t) => ({ language: t.language, name: t.name, description: t.description, eligibilityNote: t.eligibility_note })),
    branches: branches.map((b) => ({ id: b.id, name: b.name, address: b.address, addedAt: b.added_at })),
    partners: partners.map((p) => ({ id: p.id, name: p.name })),
    topics: topics.map((t) => ({ id: t.id, name: t.name })),
    schedules: live.map(presentSchedule),
  };
}

const programmeFields = (row: ProgrammeRow) => ({
  id: row.id,
  name: row.name,
  description: row.description,
  language: row.language,
  audience: row.audience,
  womenOnly: row.women_only,
  free: row.free,
  bookingNeeded: row.booking_needed,
  eligibilityNote: row.eligibility_note,
  suggestedDonationPence: row.suggested_donation_pence,
  status: row.status,
  shared: row.shared,
  copiedFromId: row.copied_from_id,
});

export async function loadProgrammeSummaries(db: Queryable, tenantId: string, since: Date, status?: ProgrammeStatus): Promise<ProgrammeSummary[]> {
  const rows = await listProgrammeRows(db, tenantId, status);
  const ids = rows.map((row) => row.id);
  const [translations, branches, nextSessions] = await Promise.all([translationRows(db, ids), branchRowsOf(db, ids), nextSessionRows(db, tenantId, ids, since)]);
  const translationsOf = byProgramme(translations);
  const branchesOf = byProgramme(branches);
  const nextOf = new Map(nextSessions.map((next) => [next.programme_id, next]));
  return rows.map((row) => {
    const next = nextOf.get(row.id);
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      womenOnly: row.women_only,
      free: row.free,
      bookingNeeded: row.booking_needed,
      branches: branchesOf(row.id).map((b) => ({ id: b.id, name: b.name })),
      nextSession: next ? { id: next.id, startsAt: next.starts_at, branchName: next.branch_name } : null,
      languages: translationsOf(row.id).map((t) => t.language),
    };
  });
}

export async function loadSharedProgrammes(db: Queryable, tenantId: string): Promise<SharedProgramme[]> {
  const rows = await sharedProgrammeRows(db, tenantId);
  const topicsOf = byProgramme(await topicRowsOf(db, rows.map((row) => row.id)));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    libraryService: { name: row.library_service_name },
    branchCount: Number(row.branch_count),
    topics: topicsOf(row.id).map((t) => t.name),
  }));
}
