import { Type } from 'typebox';
import { actorFrom } from '../platform/auth/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body } from '../platform/http/schemas.ts';
import { sendReferralReminders } from './reminders.ts';

/** The daily reminder run, started by hand for the admin's own library service (to catch up, or to try it). */
export function registerReferralReminderRoutes(app: HearthApp) {
  app.post(
    '/api/referrals/reminders/run',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['referrals'],
        summary: 'Remind receivers of referrals left unanswered',
        description: 'Referrals still requested after their service’s usual response time (5 days when it gives none), not reminded before, as of `at` (now if left out).',
        body: Body({ at: Type.Optional(Type.String({ format: 'date-time' })) }),
        response: { 200: Type.Object({ reminded: Type.Integer() }) },
      },
    },
    async (request) => {
      const actor = actorFrom(request);
      const at = request.body.at ? new Date(request.body.at) : app.hearth.clock.now();
      const result = await sendReferralReminders(app.hearth, at, actor.tenantId);
      await recordAudit(app.hearth.database.db, actor, { action: 'referral.reminders_run', entityType: 'referral', details: { at: at.toISOString(), reminded: result.reminded } });
      return result;
    },
  );
}
