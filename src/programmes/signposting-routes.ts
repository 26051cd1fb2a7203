import { Type } from 'typebox';
import { actorFrom } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, IsoDate, ListOf, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { SESSION_HELPERS } from './access.ts';
import { deleteSignposting, listSignpostings, recordSignposting } from './signposting.ts';
import { SIGNPOSTING_NEEDS } from './tables.ts';

const SignpostingSchema = Type.Object({
  id: Uuid,
  programmeId: Uuid,
  sessionId: Nullable(Uuid),
  need: OneOf(SIGNPOSTING_NEEDS),
  serviceName: Type.String(),
  participant: Nullable(Type.Object({ id: Uuid, preferredName: Type.String() }, { description: 'Only when she agreed to be named' })),
  note: Nullable(Type.String()),
  recordedAt: Instant,
  recordedBy: Nullable(Type.String()),
});

const SignpostingBody = Body(
  {
    need: OneOf(SIGNPOSTING_NEEDS),
    serviceName: NonEmpty(200),
    participantId: Type.Optional(Uuid),
    participantConsented: Type.Optional(Type.Boolean({ description: 'She agreed to be named; needed (true) with participantId' })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  'Leave the participant out unless she agrees to be named.',
);

const tags = ['programmes'];
const helpers = { access: SESSION_HELPERS };

export function registerSignpostingRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;

  app.post(
    '/api/programmes/sessions/:sessionId/signpostings',
    {
      config: helpers,
      schema: {
        tags,
        summary: 'Record pointing someone at a session to a service',
        description: 'Errors: 422 `consent_needed_to_name`.',
        params: Type.Object({ sessionId: Uuid }),
        body: SignpostingBody,
        response: { 201: SignpostingSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await recordSignposting(db(), actorFrom(request), request.params.sessionId, request.body)),
  );

  app.get(
    '/api/programmes/:id/signpostings',
    {
      config: helpers,
      schema: {
        tags,
        summary: 'The programme’s signpostings, latest first (the view is audited)',
        params: IdParams,
        querystring: Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) }, { additionalProperties: false }),
        response: { 200: ListOf(SignpostingSchema) },
      },
    },
    async (request) => ({ items: await listSignpostings(db(), actorFrom(request), request.params.id, request.query) }),
  );

  app.delete(
    '/api/programmes/signpostings/:id',
    { config: helpers, schema: { tags, summary: 'Remove a signposting recorded in error', params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deleteSignposting(db(), actorFrom(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
