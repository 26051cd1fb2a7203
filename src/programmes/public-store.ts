import { sql } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';

/**
 * What the public may read of programmes: active programmes of any library service, their text,
 * branches and sessions. Never participants, attendance, donations or facilitators.
 */

const programmeColumns = [
  'p.id',
  'p.tenant_id',
  'p.language',
  'p.name',
  'p.description',
  'p.audience',
  'p.women_only',
  'p.free',
  'p.booking_needed',
  'p.eligibility_note',
  'p.suggested_donation_pence',
  'p.updated_at',
  'ls.name as service_name',
  'ls.slug as service_slug',
  'ls.currency',
  'ls.time_zone',
] as const;

function activeProgrammes(db: Queryable) {
  return db
    .selectFrom('programmes as p')
    .innerJoin('library_services as ls', 'ls.id', 'p.tenant_id')
    .select(programmeColumns)
    .where('p.status', '=', 'active');
}

export type PublicProgrammeRow = NonNullable<Awaited<ReturnType<typeof findPublicProgramme>>>;

export function listPublicProgrammes(db: Queryable, filter: { serviceSlug?: string; branchId?: string }) {
  let query = activeProgrammes(db);
  if (filter.serviceSlug) query = query.where('ls.slug', '=', filter.serviceSlug);
  if (filter.branchId) {
    const branchId = filter.branchId;
    query = query.where((eb) => eb.exists(eb.selectFrom('programme_branches as pb').select('pb.branch_id').whereRef('pb.programme_id', '=', 'p.id').where('pb.branch_id', '=', branchId)));
  }
  return query.orderBy('ls.name').orderBy('p.name').execute();
}

export function findPublicProgramme(db: Queryable, id: string) {
  return activeProgrammes(db).where('p.id', '=', id).executeTakeFirst();
}

export function translationsIn(db: Queryable, programmeIds: string[], language: string) {
  if (programmeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('programme_translations')
    .select(['programme_id', 'name', 'description', 'eligibility_note'])
    .where('programme_id', 'in', programmeIds)
    .where('language', '=', language)
    .execute();
}

export function branchesOf(db: Queryable, programmeIds: string[]) {
  if (programmeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('programme_branches as pb')
    .innerJoin('branches as b', 'b.id', 'pb.branch_id')
    .select(['pb.programme_id', 'b.id', 'b.name', 'b.address'])
    .where('pb.programme_id', 'in', programmeIds)
    .orderBy('b.name')
    .execute();
}

/**
 * Sessions of these programmes (joint sessions count for both) still to finish before `until`,
 * cancelled ones included so readers learn of them; withdrawn ones are gone.
 */
export function sessionsAhead(db: Queryable, programmeIds: string[], now: Date, until: Date) {
  if (programmeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sessions as s')
    .innerJoin('branches as b', 'b.id', 's.branch_id')
    .select(['s.id', 's.programme_id', 's.joint_programme_id', 's.branch_id', 'b.name as branch_name', 'b.address as branch_address', 's.starts_at', 's.ends_at', 's.room', 's.topic', 's.status'])
    .where((eb) => eb.or([eb('s.programme_id', 'in', programmeIds), eb('s.joint_programme_id', 'in', programmeIds)]))
    .where('s.status', '<>', 'withdrawn')
    .where('s.ends_at', '>', now)
    .where('s.starts_at', '<', until)
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute();
}

export type SessionAheadRow = Awaited<ReturnType<typeof sessionsAhead>>[number];

/** Where a calendar feed draws from: one programme (with its joint sessions) or one branch. */
export type FeedScope = { programmeId: string } | { branchId: string };

export function schedulesIn(db: Queryable, scope: FeedScope) {
  let query = db
    .selectFrom('session_schedules as sc')
    .innerJoin('programmes as p', 'p.id', 'sc.programme_id')
    .leftJoin('programmes as jp', 'jp.id', 'sc.joint_programme_id')
    .innerJoin('branches as b', 'b.id', 'sc.branch_id')
    .select([
      'sc.id',
      'sc.programme_id',
      'sc.rrule',
      'sc.first_date',
      'sc.starts_local',
      'sc.ends_local',
      'sc.time_zone',
      'sc.room',
      'p.name as programme_name',
      'p.description',
      'jp.name as joint_programme_name',
      'b.name as branch_name',
      'b.address as branch_address',
      sql<Date | null>`(select max(o.starts_at) from sessions o where o.schedule_id = sc.id and o.status <> 'withdrawn')`.as('last_start'),
    ])
    .where('p.status', '=', 'active');
  if ('programmeId' in scope) query = query.where((eb) => eb.or([eb('sc.programme_id', '=', scope.programmeId), eb('sc.joint_programme_id', '=', scope.programmeId)]));
  else query = query.where('sc.branch_id', '=', scope.branchId);
  return query.orderBy('sc.first_date').orderBy('sc.id').execute();
}

export type FeedScheduleRow = Awaited<ReturnType<typeof schedulesIn>>[number];

/** Occurrences that differ from their schedule's rule: cancelled, withdrawn or changed on their own. */
export function exceptionsOf(db: Queryable, scheduleIds: string[]) {
  if (scheduleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sessions')
    .select(['id', 'schedule_id', 'occurrence_date', 'starts_at', 'ends_at', 'room', 'topic', 'status'])
    .where('schedule_id', 'in', scheduleIds)
    .where((eb) => eb.or([eb('status', '<>', 'scheduled'), eb('detached', '=', true)]))
    .orderBy('occurrence_date')
    .execute();
}

export type FeedExceptionRow = Awaited<ReturnType<typeof exceptionsOf>>[number];

export function oneOffSessionsIn(db: Queryable, scope: FeedScope) {
  let query = db
    .selectFrom('sessions as s')
    .innerJoin('programmes as p', 'p.id', 's.programme_id')
    .leftJoin('programmes as jp', 'jp.id', 's.joint_programme_id')
    .innerJoin('branches as b', 'b.id', 's.branch_id')
    .select(['s.id', 's.starts_at', 's.ends_at', 's.room', 's.topic', 's.status', 's.programme_id', 'p.name as programme_name', 'p.description', 'jp.name as joint_programme_name', 'b.name as branch_name', 'b.address as branch_address'])
    .where('s.schedule_id', 'is', null)
    .where('s.status', '<>', 'withdrawn')
    .where('p.status', '=', 'active');
  if ('programmeId' in scope) query = query.where((eb) => eb.or([eb('s.programme_id', '=', scope.programmeId), eb('s.joint_programme_id', '=', scope.programmeId)]));
  else query = query.where('s.branch_id', '=', scope.branchId);
  return query.orderBy('s.starts_at').execute();
}

export type FeedOneOffRow = Awaited<ReturnType<typeof oneOffSessionsIn>>[number];

/** The branch and its library service, for a branch feed's name and time zone. */
export function findBranchWithService(db: Queryable, branchId: string) {
  return db
    .selectFrom('branches as b')
    .innerJoin('library_services as ls', 'ls.id', 'b.tenant_id')
    .select(['b.id', 'b.name', 'ls.name as service_name', 'ls.time_zone'])
    .where('b.id', '=', branchId)
    .executeTakeFirst();
}

/** The programme a live invitation code is for, read without counting an open. */
export async function programmeInvitedTo(db: Queryable, code: string): Promise<string | null> {
  const row = await db
    .selectFrom('ambassadors')
    .select('programme_id')
    .where('invite_code', '=', code)
    .where('stepped_down_at', 'is', null)
    .executeTakeFirst();
  return row?.programme_id ?? null;
}
