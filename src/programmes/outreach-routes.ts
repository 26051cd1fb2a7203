import { Type } from 'typebox';
import { actorFrom } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, IsoDate, ListOf, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { SESSION_HELPERS } from './access.ts';
import { deleteOutreach, listOutreach, recordOutreach, updateOutreach } from './outreach.ts';
import { OUTREACH_KINDS } from './tables.ts';

const OutreachSchema = Type.Object({
  id: Uuid,
  programmeId: Uuid,
  ambassador: Nullable(Type.Object({ id: Uuid, preferredName: Type.String() })),
  contactName: Type.String({ description: 'The school or group contacted' }),
  contactKind: OneOf(OUTREACH_KINDS),
  contactedOn: IsoDate,
  outcome: Nullable(Type.String()),
  followUpOn: Nullable(IsoDate),
  followUpDue: Type.Boolean({ description: 'The follow-up date has come' }),
  createdAt: Instant,
});

const Outcome = Type.String({ maxLength: 2000, description: 'What happened' });
const ERRORS = 'Errors: 422 `ambassador_not_in_programme`, `follow_up_before_contact`.';

const tags = ['programmes'];
const helpers = { access: SESSION_HELPERS };

export function registerOutreachRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;
  const today = () => app.hearth.clock.today();

  app.get(
    '/api/programmes/:id/outreach',
    { config: helpers, schema: { tags, summary: 'Schools and groups contacted for the programme: follow-ups due first, then the latest', params: IdParams, response: { 200: ListOf(OutreachSchema) } } },
    async (request) => ({ items: await listOutreach(db(), actorFrom(request), today(), request.params.id) }),
  );

  app.post(
    '/api/programmes/:id/outreach',
    {
      config: helpers,
      schema: {
        tags,
        summary: 'Record a contact with a school or group',
        description: ERRORS,
        params: IdParams,
        body: Body({ ambassadorId: Type.Optional(Uuid), contactName: NonEmpty(200), contactKind: OneOf(OUTREACH_KINDS), contactedOn: IsoDate, outcome: Type.Optional(Outcome), followUpOn: Type.Optional(IsoDate) }),
        response: { 201: OutreachSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await recordOutreach(db(), actorFrom(request), today(), request.params.id, request.body)),
  );

  app.patch(
    '/api/programmes/outreach/:id',
    {
      config: helpers,
      schema: {
        tags,
        summary: 'Change an outreach contact, e.g. what happened or the follow-up date',
        description: ERRORS,
        params: IdParams,
        body: Body({
          ambassadorId: Type.Optional(Nullable(Uuid)),
          contactName: Type.Optional(NonEmpty(200)),
          contactKind: Type.Optional(OneOf(OUTREACH_KINDS)),
          contactedOn: Type.Optional(IsoDate),
          outcome: Type.Optional(Nullable(Outcome)),
          followUpOn: Type.Optional(Nullable(IsoDate)),
        }),
        response: { 200: OutreachSchema },
      },
    },
    async (request) => updateOutreach(db(), actorFrom(request), today(), request.params.id, request.body),
  );

  app.delete(
    '/api/programmes/outreach/:id',
    { config: helpers, schema: { tags, summary: 'Remove an outreach contact', params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deleteOutreach(db(), actorFrom(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
