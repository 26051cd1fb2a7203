import { Type } from 'typebox';
import { actorFrom } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, NonEmpty } from '../platform/http/schemas.ts';
import { LoanSchema } from '../circulation/routes.ts';
import { clearMisplaced, markMisplacedAtHome, writeOffMisplaced } from './misplaced.ts';

const staff = { access: ['admin', 'branch_staff', 'outreach'] as const };
const tags = ['good-neighbour'];

/** Staff marking a scheme reader's copy misplaced at home, found again, or written off. */
export function registerMisplacedRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;
  const today = () => hearth.clock.today();

  app.post(
    '/api/loans/:id/misplaced-at-home',
    {
      config: staff,
      schema: {
        tags,
        summary: "Mark a Good Neighbour reader's copy misplaced at home: no charge while it is looked for",
        description:
          'Marking a loan already marked keeps the first date. `reportedBy` is who noticed, such as the neighbour’s name; `staff` when not given. Errors: 404 `not_found` (no such open loan); 409 `not_on_scheme` (the reader has no active arrangement).',
        params: IdParams,
        body: Type.Optional(Body({ reportedBy: Type.Optional(NonEmpty(200)) })),
        response: { 200: LoanSchema },
      },
    },
    async (request) => markMisplacedAtHome(db(), actorFrom(request), today(), request.params.id, request.body?.reportedBy ?? 'staff'),
  );

  app.delete(
    '/api/loans/:id/misplaced-at-home',
    {
      config: staff,
      schema: {
        tags,
        summary: "The copy turned up at the reader's home: take the misplaced mark off (the loan carries on)",
        description: 'Clearing a loan that is not marked changes nothing. Errors: 404 `not_found` (no such open loan).',
        params: IdParams,
        response: { 200: LoanSchema },
      },
    },
    async (request) => clearMisplaced(db(), actorFrom(request), today(), request.params.id),
  );

  app.post(
    '/api/loans/:id/write-off',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Write off a copy misplaced at home past the arrangement’s waiting period: the loan closes, the copy is lost, nothing is charged',
        description:
          'Errors: 404 `not_found` (no such open loan); 409 `not_misplaced`, `not_on_scheme`, `too_soon_to_write_off` (the detail gives the date it becomes possible).',
        params: IdParams,
        body: Type.Optional(Body({})),
        response: { 200: LoanSchema },
      },
    },
    async (request) => writeOffMisplaced(db(), actorFrom(request), today(), request.params.id),
  );
}
