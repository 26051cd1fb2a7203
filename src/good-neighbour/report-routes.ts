import { Type } from 'typebox';
import { principalOf } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { IsoDate } from '../platform/http/schemas.ts';
import { schemeReport } from './report.ts';

const Count = (description: string) => Type.Integer({ minimum: 0, description });
const Pence = (description: string) => Type.Integer({ minimum: 0, description: `Pence: ${description}` });

const SchemeReportSchema = Type.Object({
  from: IsoDate,
  to: IsoDate,
  currency: Type.String({ description: 'ISO 4217 code of every amount' }),
  activeArrangements: Count('Arrangements running at the end of the period'),
  readersConverted: Count('Readers whose tickets were converted to the scheme in the period'),
  readersEnded: Count('Readers whose arrangements ended in the period'),
  loansIssuedUnderScheme: Count('Loans issued in the period to readers on the scheme'),
  finesWaivedByScheme: Pence('fines forgiven on loans that ended in the period, at their renewals and return'),
  requestFeesWaivedByScheme: Pence('request fees forgiven on requests placed in the period'),
  misplacedAtHomeNow: Count('Copies marked misplaced at home now, whatever the period'),
  foundAfterMisplaced: Count('Copies returned in the period while marked misplaced at home'),
  writtenOff: Count('Misplaced copies written off in the period'),
});

/** The Good Neighbour scheme's outcomes for a period, for managers and funders. */
export function registerSchemeReportRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;
  app.get(
    '/api/good-neighbour/report',
    {
      config: { access: ['admin', 'branch_staff', 'outreach'] as const },
      schema: {
        tags: ['good-neighbour'],
        summary: 'What the Good Neighbour scheme did between two dates (both included)',
        description: 'Errors: 422 `invalid_period` (from is after to).',
        querystring: Type.Object({ from: IsoDate, to: IsoDate }, { additionalProperties: false }),
        response: { 200: SchemeReportSchema },
      },
    },
    async (request) => schemeReport(db(), principalOf(request).tenantId, request.query),
  );
}
