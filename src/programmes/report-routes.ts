import { Type, type TSchema } from 'typebox';
import { principalOf } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { IdParams, IsoDate, OneOf, Uuid } from '../platform/http/schemas.ts';
import { SESSION_HELPERS } from './access.ts';
import { donationsReport, donationsReportCsv, programmeReport, programmeReportCsv } from './reports.ts';
import { SIGNPOSTING_NEEDS } from './tables.ts';

const Count = (description: string) => Type.Integer({ minimum: 0, description });
const Pence = (description: string) => Type.Integer({ minimum: 0, description: `Pence: ${description}` });

const BranchFiguresSchema = Type.Object({
  branchId: Uuid,
  branchName: Type.String(),
  sessionsHeld: Count('Sessions that went ahead and have started'),
  sessionsCancelled: Count('Sessions cancelled'),
  named: Count('Named attendances'),
  unnamed: Count('Headcount of people whose names were not taken'),
  total: Count('Everyone present, session by session'),
  newcomers: Count('Participants whose first session of the programme was here in the period'),
  donationsPence: Pence('donations'),
});

const ProgrammeReportSchema = Type.Object({
  programmeId: Uuid,
  programmeName: Type.String(),
  from: IsoDate,
  to: IsoDate,
  currency: Type.String({ description: 'ISO 4217 code of every amount' }),
  sessionsHeld: Count('Sessions that went ahead and have started'),
  sessionsCancelled: Count('Sessions cancelled'),
  attendance: Type.Object({ total: Count('Everyone present, session by session'), named: Count('Named attendances'), unnamed: Count('Headcount of people whose names were not taken') }),
  uniqueParticipants: Count('Named participants who came at least once'),
  newcomers: Count('Participants whose first session of the programme fell in the period'),
  returning: Count('Participants of the period who had come before it'),
  progression: Type.Object(
    { once: Count('Came to one session of the period'), twice: Count('Came to two'), regular: Count('Came to three or more') },
    { description: 'Participants of the period by how many of its sessions they came to' },
  ),
  viaAmbassadors: Count('Newcomers an ambassador invited'),
  donationsPence: Pence('donations'),
  byBranch: Type.Array(BranchFiguresSchema),
  signpostingsByNeed: Type.Array(Type.Object({ need: OneOf(SIGNPOSTING_NEEDS), count: Count('Signpostings') })),
  topicsCovered: Type.Array(Type.Object({ topicId: Uuid, name: Type.String(), sessions: Count('Sessions that covered it') })),
});

const Breakdown = (key: Record<string, ReturnType<typeof Type.String>>) => Type.Array(Type.Object({ ...key, sessions: Count('Sessions with donations'), pence: Pence('donations') }));
const DonationsReportSchema = Type.Object({
  from: IsoDate,
  to: IsoDate,
  currency: Type.String({ description: 'ISO 4217 code of every amount' }),
  totalPence: Pence('every donation in the period'),
  byProgramme: Breakdown({ programmeId: Uuid, programmeName: Type.String() }),
  byBranch: Breakdown({ branchId: Uuid, branchName: Type.String() }),
  byMonth: Breakdown({ month: Type.String({ description: 'Local month, e.g. 2026-11' }) }),
});

const PeriodQuery = Type.Object(
  { from: IsoDate, to: IsoDate, format: Type.Optional(OneOf(['json', 'csv'] as const, 'csv for a spreadsheet; json by default')) },
  { additionalProperties: false },
);

/** The report as JSON, or as CSV when asked with format=csv. */
const orCsv = <T extends TSchema>(schema: T) => ({
  content: { 'application/json': { schema }, 'text/csv': { schema: Type.String({ description: 'The same figures as CSV' }) } },
});

const tags = ['programmes'];
const helpers = { access: SESSION_HELPERS };
const PERIOD_ERRORS = 'Dates are the library service’s local dates, both included. Errors: 422 `invalid_period` (from is after to).';

/** Programme outcomes and donations: counts and sums only, never names. */
export function registerProgrammeReportRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;

  app.get(
    '/api/programmes/:id/report',
    {
      config: helpers,
      schema: {
        tags,
        summary: 'What a programme did between two dates: sessions, attendance, new and returning, progression, ambassadors, donations, signposting, topics',
        description: `${PERIOD_ERRORS} With format=csv: one row per figure (section, item, measure, value).`,
        params: IdParams,
        querystring: PeriodQuery,
        response: { 200: orCsv(ProgrammeReportSchema) },
      },
    },
    async (request, reply) => {
      const report = await programmeReport(db(), principalOf(request).tenantId, request.params.id, request.query, hearth.clock.now());
      if (request.query.format !== 'csv') return report;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="programme-report-${request.query.from}-${request.query.to}.csv"`).send(programmeReportCsv(report));
    },
  );

  app.get(
    '/api/programmes/donations',
    {
      config: helpers,
      schema: {
        tags,
        summary: 'Donations between two dates by programme, branch and month',
        description: `${PERIOD_ERRORS} With format=csv: one row per programme, branch and month, then the total.`,
        querystring: PeriodQuery,
        response: { 200: orCsv(DonationsReportSchema) },
      },
    },
    async (request, reply) => {
      const report = await donationsReport(db(), principalOf(request).tenantId, request.query);
      if (request.query.format !== 'csv') return report;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="donations-${request.query.from}-${request.query.to}.csv"`).send(donationsReportCsv(report));
    },
  );
}
