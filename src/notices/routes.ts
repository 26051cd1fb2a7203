import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
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
  expiredRequests: Type.Object({ holdShelfExpired: Count, waitingExpired: Count }),
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
          'Closes requests past their date, then composes advance, first and second overdue, and request-ready notices: one digest email per member. Running the same date again sends nothing new; the counts are of what this run sent.',
        body: Body({ date: Type.Optional(IsoDate) }),
        response: { 200: DailyRunSchema },
      },
    },
    async (request) => {
      const { tenantId } = principalOf(request);
      const result = await runDay(hearth, request.body.date ?? hearth.clock.today(), tenantId);
      await recordAudit(hearth.database.db, actorFrom(request), { action: 'notices.run', entityType: 'library_service', entityId: tenantId, details: { ...result } });
      return result;
    },
  );
}
