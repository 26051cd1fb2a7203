import type { Hearth } from '../platform/http/app-types.ts';
import { notFound } from '../platform/http/errors.ts';
import type { Audience } from './tables.ts';
import { directionOf, type PublicLanguage } from './public-languages.ts';
import { branchesOf, findPublicProgramme, listPublicProgrammes, sessionsAhead, translationsIn, type PublicProgrammeRow, type SessionAheadRow } from './public-store.ts';
import { localParts } from './recurrence.ts';

/** How far ahead the public pages look for sessions. */
export const WEEKS_AHEAD = 8;
/** Sessions shown with each programme in a listing. */
const LISTED_SESSIONS = 3;
const WEEK_MS = 7 * 86_400_000;

export interface PublicBranch {
  id: string;
  name: string;
  address: string | null;
  mapUrl: string | null;
}

export interface PublicSession {
  id: string;
  date: string;
  startsLocal: string;
  endsLocal: string;
  startsAt: Date;
  endsAt: Date;
  branchId: string;
  branchName: string;
  branchAddress: string | null;
  room: string | null;
  topic: string | null;
  status: 'scheduled' | 'cancelled';
}

export interface PublicProgramme {
  id: string;
  name: string;
  description: string;
  eligibilityNote: string | null;
  textLanguage: string;
  badges: { free: boolean; womenOnly: boolean; noBookingNeeded: boolean };
  suggestedDonationPence: number | null;
  currency: string;
  audience: Audience;
  libraryService: { name: string; slug: string; timeZone: string };
  branches: PublicBranch[];
  nextSessions: PublicSession[];
  calendarUrl: string;
  pageUrl: string;
}

export interface PublicProgrammes {
  language: PublicLanguage;
  dir: 'rtl' | 'ltr';
  items: PublicProgramme[];
}

/** An OpenStreetMap search for the address: a map link that needs no key and tracks nobody. */
export const mapUrlOf = (address: string | null) => (address ? `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}` : null);

const presentBranch = (branch: { id: string; name: string; address: string | null }): PublicBranch => ({ ...branch, mapUrl: mapUrlOf(branch.address) });

function presentSession(row: SessionAheadRow, timeZone: string): PublicSession {
  const starts = localParts(row.starts_at, timeZone);
  return {
    id: row.id,
    date: starts.date,
    startsLocal: starts.time,
    endsLocal: localParts(row.ends_at, timeZone).time,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    branchId: row.branch_id,
    branchName: row.branch_name,
    branchAddress: row.branch_address,
    room: row.room,
    topic: row.topic,
    status: row.status === 'cancelled' ? 'cancelled' : 'scheduled',
  };
}

async function present(hearth: Hearth, rows: PublicProgrammeRow[], language: PublicLanguage, sessionsEach: number): Promise<PublicProgramme[]> {
  const db = hearth.database.db;
  const ids = rows.map((row) => row.id);
  const now = hearth.clock.now();
  const [translations, branches, sessions] = await Promise.all([
    translationsIn(db, ids, language),
    branchesOf(db, ids),
    sessionsAhead(db, ids, now, new Date(now.getTime() + WEEKS_AHEAD * WEEK_MS)),
  ]);
  const { publicUrl } = hearth.config;
  return rows.map((row) => {
    const translation = row.language === language ? undefined : translations.find((t) => t.programme_id === row.id);
    const own = sessions.filter((s) => s.programme_id === row.id || s.joint_programme_id === row.id).slice(0, sessionsEach);
    return {
      id: row.id,
      name: translation?.name ?? row.name,
      description: translation?.description ?? row.description,
      eligibilityNote: translation ? translation.eligibility_note : row.eligibility_note,
      textLanguage: translation ? language : row.language,
      badges: { free: row.free, womenOnly: row.women_only, noBookingNeeded: !row.booking_needed },
      suggestedDonationPence: row.suggested_donation_pence,
      currency: row.currency,
      audience: row.audience,
      libraryService: { name: row.service_name, slug: row.service_slug, timeZone: row.time_zone },
      branches: branches.filter((b) => b.programme_id === row.id).map(presentBranch),
      nextSessions: own.map((s) => presentSession(s, row.time_zone)),
      calendarUrl: `${publicUrl}/api/public/programmes/${row.id}/calendar.ics`,
      pageUrl: `${publicUrl}/public/programmes/${row.id}?lang=${language}`,
    };
  });
}

/** Active programmes of every library service (or one, or one branch), in the reader's language where translated. */
export async function publicProgrammes(hearth: Hearth, language: PublicLanguage, filter: { serviceSlug?: string; branchId?: string } = {}): Promise<PublicProgrammes> {
  const rows = await listPublicProgrammes(hearth.database.db, filter);
  return { language, dir: directionOf(language), items: await present(hearth, rows, language, LISTED_SESSIONS) };
}

/** One active programme with its sessions of the weeks ahead; archived or unknown answers 404. */
export async function publicProgramme(hearth: Hearth, id: string, language: PublicLanguage): Promise<PublicProgramme & { language: PublicLanguage; dir: 'rtl' | 'ltr' }> {
  const row = await findPublicProgramme(hearth.database.db, id);
  if (!row) throw notFound('The programme');
  const [programme] = await present(hearth, [row], language, Number.POSITIVE_INFINITY);
  return { ...programme!, language, dir: directionOf(language) };
}
