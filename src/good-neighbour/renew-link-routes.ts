import { Type } from 'typebox';
import { FORMATS } from '../catalogue/tables.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, Instant, IsoDate, Nullable, OneOf } from '../platform/http/schemas.ts';
import { describeRenewLink, RENEW_LINK_DAYS, useRenewLink } from './renew-links.ts';

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100, description: 'The token from the link in a Good Neighbour warning' }) });

const RenewLinkSchema = Type.Object({
  reader: Type.String({ description: "The reader's first name, as the warning gave it" }),
  library: Type.String(),
  expiresAt: Instant,
  loans: Type.Array(
    Type.Object({ title: Type.String(), author: Nullable(Type.String()), format: OneOf(FORMATS), dueDate: IsoDate, misplaced: Type.Boolean({ description: 'Marked misplaced at home' }) }),
    { description: 'Everything the reader has on loan, which using the link tries to renew' },
  ),
});

const RenewResultSchema = Type.Object({
  renewed: Type.Array(Type.Object({ title: Type.String(), dueDate: IsoDate })),
  refused: Type.Array(
    Type.Object({
      title: Type.String(),
      dueDate: IsoDate,
      code: Type.String({ description: 'Why the renewal rules refused it, e.g. `requested_by_another`, `renewal_limit_reached`, `overdue_too_long`' }),
      reason: Type.String(),
    }),
  ),
});

const errors = `Errors: 404 \`link_invalid\` (not a link we sent); 410 \`link_used\`, \`link_revoked\` (the arrangement ended or the reader withdrew this neighbour's consent), \`link_expired\` (after ${RENEW_LINK_DAYS} days).`;
const tags = ['good-neighbour'];

/** The renew links in neighbours' warnings: public, since the emailed token is the only credential. */
export function registerRenewLinkRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;

  app.get(
    '/api/good-neighbour/renew-links/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'What a renew link from a warning would renew, without using it',
        description: errors,
        security: [],
        params: TokenParams,
        response: { 200: RenewLinkSchema },
      },
    },
    async (request) => describeRenewLink(db(), request.params.token, hearth.clock.now(), request.ip),
  );

  app.post(
    '/api/good-neighbour/renew-links/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "Use a renew link: renew every loan the reader has out, once",
        description: `Each loan is renewed by the ordinary rules, as the neighbour; those refused say why. The link cannot be used again. ${errors}`,
        security: [],
        params: TokenParams,
        body: Type.Optional(Body({})),
        response: { 200: RenewResultSchema },
      },
    },
    async (request) => useRenewLink(db(), request.params.token, hearth.clock.now(), hearth.clock.today(), request.ip),
  );
}
