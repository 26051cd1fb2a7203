import { Type } from 'typebox';
import { actorFrom } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, IsoDate, ListOf, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { PROGRAMME_EDITORS, SESSION_HELPERS } from './access.ts';
import { eraseParticipant, listParticipants, updateParticipant, viewParticipant } from './participants.ts';
import { HEARD_VIA, PARTICIPANT_CONSENT_METHODS } from './tables.ts';

export const LanguageCode = Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'A language code, e.g. ar, uk, prs' });
export const Contact = Type.String({ maxLength: 200, description: 'An email address or phone number she chose to give' });

export const ParticipantSchema = Type.Object(
  {
    id: Uuid,
    preferredName: Type.String(),
    languages: Type.Array(Type.String()),
    heardVia: Nullable(OneOf(HEARD_VIA)),
    invitedBy: Nullable(Type.Object({ ambassadorId: Uuid, preferredName: Nullable(Type.String()) })),
    contact: Nullable(Type.String()),
    wantsCancellationNotices: Type.Boolean(),
    noticeLanguage: Type.String(),
    eligibilityConfirmed: Type.Boolean({ description: 'She ticked that she meets the programme’s eligibility (e.g. women only); nothing else about her is recorded' }),
    consent: Type.Object({ method: OneOf(PARTICIPANT_CONSENT_METHODS), givenAt: Instant, recordedBy: Nullable(Type.String({ description: 'The member of staff or API token that recorded it' })) }),
    firstProgrammeId: Nullable(Uuid),
    ambassadorId: Nullable(Uuid),
    visits: Type.Integer({ minimum: 0, description: 'Sessions she has been to, across programmes' }),
    lastAttendedOn: Nullable(IsoDate),
    createdAt: Instant,
  },
  { description: 'A participant: a preferred name and nothing she has not chosen to give (no surname, date of birth or nationality)' },
);

/** What a participant may choose to share, when it is first recorded and when it changes. */
export const participantFields = {
  languages: Type.Optional(Type.Array(LanguageCode, { maxItems: 20 })),
  heardVia: Type.Optional(OneOf(HEARD_VIA, 'How she heard of the programme')),
  wantsCancellationNotices: Type.Optional(Type.Boolean({ description: 'Needs a contact; false by default' })),
  noticeLanguage: Type.Optional(LanguageCode),
  eligibilityConfirmed: Type.Optional(Type.Boolean({ description: 'Needed (true) for a women-only programme' })),
};

const UpdateBody = Body({ preferredName: Type.Optional(NonEmpty(100)), contact: Type.Optional(Nullable(Contact)), ...participantFields });
const ListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of her preferred name' })),
    programmeId: Type.Optional(Type.String({ format: 'uuid', description: 'Only those who came to this programme or were invited to it' })),
  },
  { additionalProperties: false },
);

const tags = ['programmes'];
const helpers = { access: SESSION_HELPERS };

export function registerParticipantRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;
  const base = '/api/programmes/participants';

  app.get(
    base,
    { config: helpers, schema: { tags, summary: 'Participants by preferred name (at most 200; the list is audited)', querystring: ListQuery, response: { 200: ListOf(ParticipantSchema) } } },
    async (request) => ({ items: await listParticipants(db(), actorFrom(request), request.query) }),
  );

  app.get(
    `${base}/:id`,
    { config: helpers, schema: { tags, summary: 'A participant (the view is audited)', params: IdParams, response: { 200: ParticipantSchema } } },
    async (request) => viewParticipant(db(), actorFrom(request), request.params.id),
  );

  app.patch(
    `${base}/:id`,
    {
      config: helpers,
      schema: {
        tags,
        summary: 'Change what a participant chose to share (audited by field name, without the values)',
        description: 'Errors: 422 `contact_needed_for_notices`.',
        params: IdParams,
        body: UpdateBody,
        response: { 200: ParticipantSchema },
      },
    },
    async (request) => updateParticipant(db(), actorFrom(request), request.params.id, request.body),
  );

  app.delete(
    `${base}/:id`,
    {
      config: { access: PROGRAMME_EDITORS },
      schema: {
        tags,
        summary: 'Erase a participant: her name and contact go; her attendance stays in the counts, anonymously',
        description: 'She also stops being an ambassador and signpostings stop naming her. Cannot be undone.',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await eraseParticipant(db(), actorFrom(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
