import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { invalid } from '../platform/http/errors.ts';
import { Body, IsoDate } from '../platform/http/schemas.ts';
import { runDay } from './daily.ts';

const Count = Type.Integer({ minimum: 0 });
const DailyRunSchema = Type.Object({
  date: IsoDate,
  advance: Count,
  firstOverdue: Count,
  secondOverdue: Count,
  requestReady: Count,
  messages: Type.Integer({ minimum: 0, description: 'Digest emails composed, one per member' }),
  letters: Type.Integer({ minimum: 0, description: 'Letters to print for members who take notices by post' }),
  calls: Type.Integer({ minimum: 0, description: 'Calls to make to members who take notices by phone' }),
  expiredRequests: Type.Object({ holdShelfExpired: Count, waitingExpired: Count }),
  goodNeighbour: Type.Object(
    {
      neighbourWarnings: Type.Integer({ minimum: 0, description: 'Readers a Good Neighbour was warned about' }),
      itemsListed: Type.Integer({ minimum: 0, description: 'Loans those warnings listed as due, past due or still to find' }),
      autoRenewed: Type.Integer({ minimum: 0, description: 'Loans renewed by arrangements that auto-renew' }),
      messages: Type.Integer({ minimum: 0, description: 'Warning emails composed, one per neighbour' }),
    },
    { description: 'Warnings to Good Neighbours before their next visit' },
  ),
});

export function registerNoticeRoutes(app: HearthApp) {
  const { hearth } = app;
  app.post(
    '/api/notices/run',
    {
      config: { access: ['admin', 'branch_staff'] },
      schema: {
        tags: ['notices'],
        summary: "Run a day's notices for this library service",
        description:
          "Closes requests past their date, then composes advance, first and second overdue, and request-ready notices: one digest email per member; then warns Good Neighbours about loans falling due before their next visit. Running the same date again sends nothing new; the counts are of what this run sent. Without a date, the library's today. Errors: 422 `notice_date_in_future` (a later day's notices would go out early).",
        body: Body({ date: Type.Optional(IsoDate) }),
        response: { 200: DailyRunSchema },
      },
    },
    async (request) => {
      const { tenantId } = principalOf(request);
      const today = hearth.clock.today();
      const date = request.body.date ?? today;
      if (date > today) {
        throw invalid('notice_date_in_future', `Notices can be run for today (${today}) or an earlier day, not ${date}.`, [{ field: 'date', message: 'is after today' }]);
      }
      const result = await runDay(hearth, date, tenantId);
      await recordAudit(hearth.database.db, actorFrom(request), { action: 'notices.run', entityType: 'library_service', entityId: tenantId, details: { ...result } });
      return result;
    },
  );
}
