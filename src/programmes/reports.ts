import { sql, type RawBuilder } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import { invalid } from '../platform/http/errors.ts';
import { requireProgramme } from './participants.ts';
import type { SignpostingNeed } from './tables.ts';

/** Local calendar dates of the library service, both included. */
export interface Period {
  from: string;
  to: string;
}

export interface BranchFigures {
  branchId: string;
  branchName: string;
  sessionsHeld: number;
  sessionsCancelled: number;
  named: number;
  unnamed: number;
  total: number;
  newcomers: number;
  donationsPence: number;
}

export interface ProgrammeReport {
  programmeId: string;
  programmeName: string;
  from: string;
  to: string;
  currency: string;
  /** Sessions that went ahead and have started by now. */
  sessionsHeld: number;
  sessionsCancelled: number;
  attendance: { total: number; named: number; unnamed: number };
  uniqueParticipants: number;
  /** Participants whose first session of the programme fell in the period. */
  newcomers: number;
  returning: number;
  /** Participants of the period by how many of its sessions they came to. */
  progression: { once: number; twice: number; regular: number };
  /** Newcomers an ambassador invited. */
  viaAmbassadors: number;
  donationsPence: number;
  byBranch: BranchFigures[];
  signpostingsByNeed: { need: SignpostingNeed; count: number }[];
  topicsCovered: { topicId: string; name: string; sessions: number }[];
}

export interface DonationsReport {
  from: string;
  to: string;
  currency: string;
  totalPence: number;
  byProgramme: { programmeId: string; programmeName: string; sessions: number; pence: number }[];
  byBranch: { branchId: string; branchName: string; sessions: number; pence: number }[];
  /** Local months, e.g. 2026-11. */
  byMonth: { month: string; sessions: number; pence: number }[];
}

function checkPeriod(period: Period) {
  if (period.from > period.to) throw invalid('invalid_period', 'The period must start on or before the day it ends.', [{ field: 'from', message: 'is after to' }]);
}

/** The sessions of the service (of one programme, joint ones included) that start in the period, as a query to build on. */
function sessionsIn(tenantId: string, programmeId: string | null, period: Period): RawBuilder<unknown> {
  const ofProgramme = programmeId ? sql`and (s.programme_id = ${programmeId} or s.joint_programme_id = ${programmeId})` : sql``;
  return sql`
    select s.* from sessions s join library_services ls on ls.id = s.tenant_id
    where s.tenant_id = ${tenantId} and s.status <> 'withdrawn' ${ofProgramme}
      and s.starts_at >= (${period.from}::date::timestamp at time zone ls.time_zone)
      and s.starts_at < ((${period.to}::date + 1)::timestamp at time zone ls.time_zone)`;
}

/** Each participant's first session of the programme, ever. */
const firstVisits = (tenantId: string, programmeId: string) => sql`
  select distinct on (a.participant_id) a.participant_id, e.id as session_id, e.branch_id
  from attendance a join sessions e on e.id = a.session_id
  where e.tenant_id = ${tenantId} and (e.programme_id = ${programmeId} or e.joint_programme_id = ${programmeId}) and e.status <> 'withdrawn'
  order by a.participant_id, e.starts_at, e.id`;

type BranchRow = { branch_id: string; branch_name: string; held: number; cancelled: number; named: number; unnamed: number; donations: number; newcomers: number };
type PeopleRow = { unique_participants: number; once: number; twice: number; regular: number; newcomers: number; via_ambassadors: number };

async function branchFigures(db: Queryable, tenantId: string, programmeId: string, period: Period, now: Date) {
  const { rows } = await sql<BranchRow>`
    with ps as (${sessionsIn(tenantId, programmeId, period)}), f as (${firstVisits(tenantId, programmeId)})
    select b.id as branch_id, b.name as branch_name,
      count(*) filter (where ps.status = 'scheduled' and ps.starts_at <= ${now}) as held,
      count(*) filter (where ps.status = 'cancelled') as cancelled,
      coalesce(sum((select count(*) from attendance a where a.session_id = ps.id)) filter (where ps.status = 'scheduled'), 0) as named,
      coalesce(sum(ps.unnamed_attendees) filter (where ps.status = 'scheduled'), 0) as unnamed,
      coalesce(sum(ps.donations_pence) filter (where ps.status = 'scheduled'), 0) as donations,
      (select count(*) from f join ps first on first.id = f.session_id where first.branch_id = b.id) as newcomers
    from ps join branches b on b.id = ps.branch_id
    group by b.id, b.name
    order by b.name, b.id`.execute(db);
  return rows.map(
    (row): BranchFigures => ({
      branchId: row.branch_id,
      branchName: row.branch_name,
      sessionsHeld: Number(row.held),
      sessionsCancelled: Number(row.cancelled),
      named: Number(row.named),
      unnamed: Number(row.unnamed),
      total: Number(row.named) + Number(row.unnamed),
      newcomers: Number(row.newcomers),
      donationsPence: Number(row.donations),
    }),
  );
}

async function peopleFigures(db: Queryable, tenantId: string, programmeId: string, period: Period) {
  const { rows } = await sql<PeopleRow>`
    with ps as (${sessionsIn(tenantId, programmeId, period)}), f as (${firstVisits(tenantId, programmeId)}),
    v as (select a.participant_id, count(*) as visits from attendance a join ps on ps.id = a.session_id where ps.status = 'scheduled' group by a.participant_id)
    select count(*) as unique_participants,
      count(*) filter (where v.visits = 1) as once,
      count(*) filter (where v.visits = 2) as twice,
      count(*) filter (where v.visits >= 3) as regular,
      count(*) filter (where f.session_id in (select id from ps)) as newcomers,
      count(*) filter (where f.session_id in (select id from ps) and p.invited_by_ambassador_id is not null) as via_ambassadors
    from v join participants p on p.id = v.participant_id join f on f.participant_id = v.participant_id`.execute(db);
  return rows[0]!;
}

async function signpostingFigures(db: Queryable, tenantId: string, programmeId: string, period: Period) {
  const { rows } = await sql<{ need: SignpostingNeed; count: number }>`
    select g.need, count(*) as count from signpostings g join library_services ls on ls.id = g.tenant_id
    where g.tenant_id = ${tenantId} and g.programme_id = ${programmeId}
      and g.recorded_at >= (${period.from}::date::timestamp at time zone ls.time_zone)
      and g.recorded_at < ((${period.to}::date + 1)::timestamp at time zone ls.time_zone)
    group by g.need order by count(*) desc, g.need`.execute(db);
  return rows.map((row) => ({ need: row.need, count: Number(row.count) }));
}

async function topicFigures(db: Queryable, tenantId: string, programmeId: string, period: Period) {
  const { rows } = await sql<{ topic_id: string; name: string; sessions: number }>`
    with ps as (${sessionsIn(tenantId, programmeId, period)})
    select t.id as topic_id, t.name, count(*) as sessions
    from session_topics st join ps on ps.id = st.session_id join skill_topics t on t.id = st.topic_id
    where ps.status = 'scheduled'
    group by t.id, t.name order by count(*) desc, t.name`.execute(db);
  return rows.map((row) => ({ topicId: row.topic_id, name: row.name, sessions: Number(row.sessions) }));
}

const sum = (branches: BranchFigures[], figure: keyof Omit<BranchFigures, 'branchId' | 'branchName'>) => branches.reduce((total, branch) => total + branch[figure], 0);

/** What a programme did between two local dates, for its leaders and funders: counts only, never names. */
export async function programmeReport(db: Queryable, tenantId: string, programmeId: string, period: Period, now: Date): Promise<ProgrammeReport> {
  checkPeriod(period);
  const programme = await requireProgramme(db, tenantId, programmeId);
  const service = await db.selectFrom('library_services').select('currency').where('id', '=', tenantId).executeTakeFirstOrThrow();
  const byBranch = await branchFigures(db, tenantId, programmeId, period, now);
  const people = await peopleFigures(db, tenantId, programmeId, period);
  const newcomers = Number(people.newcomers);
  return {
    programmeId,
    programmeName: programme.name,
    from: period.from,
    to: period.to,
    currency: service.currency,
    sessionsHeld: sum(byBranch, 'sessionsHeld'),
    sessionsCancelled: sum(byBranch, 'sessionsCancelled'),
    attendance: { total: sum(byBranch, 'total'), named: sum(byBranch, 'named'), unnamed: sum(byBranch, 'unnamed') },
    uniqueParticipants: Number(people.unique_participants),
    newcomers,
    returning: Number(people.unique_participants) - newcomers,
    progression: { once: Number(people.once), twice: Number(people.twice), regular: Number(people.regular) },
    viaAmbassadors: Number(people.via_ambassadors),
    donationsPence: sum(byBranch, 'donationsPence'),
    byBranch,
    signpostingsByNeed: await signpostingFigures(db, tenantId, programmeId, period),
    topicsCovered: await topicFigures(db, tenantId, programmeId, period),
  };
}

/**
 * Donations between two local dates by programme, branch and month. A joint session's
 * donations count once, under the programme that holds it.
 */
export async function donationsReport(db: Queryable, tenantId: string, period: Period): Promise<DonationsReport> {
  checkPeriod(period);
  const service = await db.selectFrom('library_services').select(['currency', 'time_zone']).where('id', '=', tenantId).executeTakeFirstOrThrow();
  const donated = sessionsIn(tenantId, null, period);
  const { rows } = await sql<{ kind: 'programme' | 'branch' | 'month'; key: string; label: string; sessions: number; pence: number }>`
    with ds as (select * from (${donated}) s where s.status = 'scheduled' and s.donations_pence > 0)
    select 'programme' as kind, p.id::text as key, p.name as label, count(*) as sessions, sum(ds.donations_pence) as pence
      from ds join programmes p on p.id = ds.programme_id group by p.id, p.name
    union all
    select 'branch', b.id::text, b.name, count(*), sum(ds.donations_pence)
      from ds join branches b on b.id = ds.branch_id group by b.id, b.name
    union all
    select 'month', m.month, m.month, count(*), sum(m.donations_pence)
      from (select to_char(ds.starts_at at time zone ${service.time_zone}, 'YYYY-MM') as month, ds.donations_pence from ds) m group by m.month
    order by 1, 3`.execute(db);
  const of = (kind: string) => rows.filter((row) => row.kind === kind).map((row) => ({ key: row.key, label: row.label, sessions: Number(row.sessions), pence: Number(row.pence) }));
  const byProgramme = of('programme').map((row) => ({ programmeId: row.key, programmeName: row.label, sessions: row.sessions, pence: row.pence }));
  return {
    from: period.from,
    to: period.to,
    currency: service.currency,
    totalPence: byProgramme.reduce((total, row) => total + row.pence, 0),
    byProgramme,
    byBranch: of('branch').map((row) => ({ branchId: row.key, branchName: row.label, sessions: row.sessions, pence: row.pence })),
    byMonth: of('month').map((row) => ({ month: row.key, sessions: row.sessions, pence: row.pence })),
  };
}

type Cell = string | number | null;

/** A cell a spreadsheet will show as text: quoted when needed, and never read as a formula. */
function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The programme report as one row per figure: section, item, measure, value. */
export function programmeReportCsv(report: ProgrammeReport): string {
  const rows: Cell[][] = [
    ['summary', null, 'sessionsHeld', report.sessionsHeld],
    ['summary', null, 'sessionsCancelled', report.sessionsCancelled],
    ['summary', null, 'attendanceTotal', report.attendance.total],
    ['summary', null, 'attendanceNamed', report.attendance.named],
    ['summary', null, 'attendanceUnnamed', report.attendance.unnamed],
    ['summary', null, 'uniqueParticipants', report.uniqueParticipants],
    ['summary', null, 'newcomers', report.newcomers],
    ['summary', null, 'returning', report.returning],
    ['summary', null, 'cameOnce', report.progression.once],
    ['summary', null, 'cameTwice', report.progression.twice],
    ['summary', null, 'cameThreeOrMore', report.progression.regular],
    ['summary', null, 'viaAmbassadors', report.viaAmbassadors],
    ['summary', null, 'donationsPence', report.donationsPence],
    ...report.byBranch.flatMap((branch) =>
      (['sessionsHeld', 'sessionsCancelled', 'named', 'unnamed', 'total', 'newcomers', 'donationsPence'] as const).map((measure): Cell[] => ['branch', branch.branchName, measure, branch[measure]]),
    ),
    ...report.signpostingsByNeed.map((row): Cell[] => ['signposting', row.need, 'count', row.count]),
    ...report.topicsCovered.map((row): Cell[] => ['topic', row.name, 'sessions', row.sessions]),
  ];
  return toCsv(['section', 'item', 'measure', 'value'], rows);
}

export function donationsReportCsv(report: DonationsReport): string {
  return toCsv(['breakdown', 'name', 'sessions', 'pence'], [
    ...report.byProgramme.map((row): Cell[] => ['programme', row.programmeName, row.sessions, row.pence]),
    ...report.byBranch.map((row): Cell[] => ['branch', row.branchName, row.sessions, row.pence]),
    ...report.byMonth.map((row): Cell[] => ['month', row.month, row.sessions, row.pence]),
    ['total', null, null, report.totalPence],
  ]);
}
