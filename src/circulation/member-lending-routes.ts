import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import type { Db } from '../platform/database/database.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { notFound } from '../platform/http/errors.ts';
import { IdParams, ListOf, Nullable, Uuid } from '../platform/http/schemas.ts';
import { memberAtDesk } from './desk.ts';
import { viewReadingHistory } from './history.ts';
import { LoanSchema } from './routes.ts';
import { findMember } from './store.ts';

const HistoryQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    before: Type.Optional(Type.String({ format: 'uuid', description: 'Loans returned before this one (from nextBefore)' })),
  },
  { additionalProperties: false },
);

const desk = { access: ['admin', 'branch_staff', 'outreach'] as const };
const tags = ['circulation'];

/** The member's open loans as the desk sees them, found by the member's id rather than their card. */
async function openLoansOfMember(db: Db, tenantId: string, today: string, memberId: string) {
  const member = await findMember(db, tenantId, memberId);
  if (!member) throw notFound('The member');
  return (await memberAtDesk(db, tenantId, today, member.card_number)).loans;
}

/** What the member page shows of a member's lending beyond the desk's own routes. */
export function registerMemberLendingRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;

  app.get(
    '/api/members/:id/loans',
    {
      config: desk,
      schema: {
        tags,
        summary: "A member's open loans, soonest due first, with whether each is overdue",
        params: IdParams,
        response: { 200: ListOf(Type.Intersect([LoanSchema, Type.Object({ overdue: Type.Boolean() })])) },
      },
    },
    async (request) => ({ items: await openLoansOfMember(db(), principalOf(request).tenantId, hearth.clock.today(), request.params.id) }),
  );

  app.get(
    '/api/members/:id/history',
    {
      config: desk,
      schema: {
        tags,
        summary: "A member's reading history, latest return first (the view is audited)",
        description:
          'Only members who agreed to keep a reading history have one; for anyone else the answer is an empty list with `keepsHistory: false`. Paged by `nextBefore`.',
        params: IdParams,
        querystring: HistoryQuery,
        response: { 200: Type.Object({ keepsHistory: Type.Boolean(), items: Type.Array(LoanSchema), nextBefore: Nullable(Uuid) }) },
      },
    },
    async (request) => viewReadingHistory(db(), actorFrom(request), request.params.id, request.query),
  );
}
