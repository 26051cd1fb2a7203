import { Type } from 'typebox';
import { actorFrom } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IsoDate, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { SESSION_HELPERS } from './access.ts';
import { Contact, ParticipantSchema, participantFields } from './participant-routes.ts';
import { addNewcomer, tickAttendance, untickAttendance, updateTally, viewRegister } from './register.ts';
import { PARTICIPANT_CONSENT_METHODS } from './tables.ts';

const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const CountsSchema = Type.Object(
  {
    named: Count('Participants ticked by name'),
    unnamed: Count('People present whose names were not taken'),
    total: Count('Everyone present'),
    newcomers: Count('Named participants at their first session of the programme'),
    returning: Count('Named participants who had come before'),
  },
  { description: 'Who was at the session' },
);

const RegisterSchema = Type.Object({
  sessionId: Uuid,
  status: OneOf(['scheduled', 'cancelled', 'withdrawn'] as const),
  expected: Type.Array(
    Type.Object({
      participantId: Uuid,
      preferredName: Type.String(),
      languages: Type.Array(Type.String()),
      visits: Count('Sessions of this programme she has been to'),
      lastAttendedOn: Nullable(IsoDate),
      ambassador: Type.Boolean(),
      invitedBy: Nullable(Type.String({ description: 'The preferred name of the ambassador who invited her' })),
      present: Type.Boolean(),
    }),
    { description: 'Everyone who came to the programme before, and newcomers its ambassadors invited who have not come yet' },
  ),
  unnamedAttendees: Count('Headcount of people whose names were not taken'),
  donationsPence: Count('Donations taken at the session, in pence'),
  topicIds: Type.Array(Uuid, { description: 'Skill topics the session covered' }),
  counts: CountsSchema,
});

const SessionParams = Type.Object({ sessionId: Uuid });
const AttendanceParams = Type.Object({ sessionId: Uuid, participantId: Uuid });

const NewcomerBody = Body(
  {
    preferredName: NonEmpty(100),
    ...participantFields,
    invitedByAmbassadorId: Type.Optional(Uuid),
    contact: Type.Optional(Contact),
    consentMethod: Type.Optional(OneOf(PARTICIPANT_CONSENT_METHODS, 'How she agreed to her name being kept; verbal by default')),
  },
  'Only the preferred name is needed. A women-only programme needs `eligibilityConfirmed: true`.',
);

const TallyBody = Body({
  unnamedAttendees: Type.Optional(Count('Headcount of people whose names were not taken')),
  donationsPence: Type.Optional(Count('Donations taken, in pence')),
  topicIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, description: 'Replaces the skill topics covered' })),
});

const tags = ['programmes'];
const helpers = { access: SESSION_HELPERS };
const base = '/api/programmes/sessions/:sessionId';
const CHANGE_ERRORS = 'Errors: 409 `session_cancelled`.';

export function registerRegisterRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;

  app.get(
    `${base}/register`,
    { config: helpers, schema: { tags, summary: 'The register of a session: who is expected, who is ticked, the headcount and tally (the view is audited)', params: SessionParams, response: { 200: RegisterSchema } } },
    async (request) => viewRegister(db(), actorFrom(request), request.params.sessionId),
  );

  app.put(
    `${base}/attendance/:participantId`,
    { config: helpers, schema: { tags, summary: 'Tick a participant present (ticking again changes nothing)', description: CHANGE_ERRORS, params: AttendanceParams, response: { 200: CountsSchema } } },
    async (request) => tickAttendance(db(), actorFrom(request), request.params.sessionId, request.params.participantId),
  );

  app.delete(
    `${base}/attendance/:participantId`,
    { config: helpers, schema: { tags, summary: 'Untick a participant', description: CHANGE_ERRORS, params: AttendanceParams, response: { 200: CountsSchema } } },
    async (request) => untickAttendance(db(), actorFrom(request), request.params.sessionId, request.params.participantId),
  );

  app.post(
    `${base}/newcomers`,
    {
      config: helpers,
      schema: {
        tags,
        summary: 'Add a newcomer and tick her present, in one step',
        description: `Her consent is recorded with how, when and by whom. Errors: 404 \`ambassador_not_found\`; 409 \`session_cancelled\`; 422 \`eligibility_not_confirmed\`, \`contact_needed_for_notices\`.`,
        params: SessionParams,
        body: NewcomerBody,
        response: { 201: Type.Object({ participant: ParticipantSchema, counts: CountsSchema }) },
      },
    },
    async (request, reply) => reply.code(201).send(await addNewcomer(db(), actorFrom(request), request.params.sessionId, request.body)),
  );

  app.put(
    `${base}/tally`,
    {
      config: helpers,
      schema: { tags, summary: 'Record the headcount of unnamed people, the donations and the topics covered', description: `${CHANGE_ERRORS} 422 \`topic_not_found\`.`, params: SessionParams, body: TallyBody, response: { 200: CountsSchema } },
    },
    async (request) => updateTally(db(), actorFrom(request), request.params.sessionId, request.body),
  );
}
