import { Type } from 'typebox';
import { actorFrom } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, ListOf, NonEmpty, Nullable, Uuid } from '../platform/http/schemas.ts';
import { SESSION_HELPERS } from './access.ts';
import { listAmbassadors, promoteAmbassador, stepDownAmbassador } from './ambassadors.ts';
import { findInvitation, invitationNotFound, registerInvitedNewcomer, throttleInvitationResponses } from './invitations.ts';
import { Contact, LanguageCode } from './participant-routes.ts';

const AmbassadorSchema = Type.Object({
  id: Uuid,
  programmeId: Uuid,
  participantId: Uuid,
  preferredName: Type.String(),
  languages: Type.Array(Type.String()),
  inviteCode: Type.String({ description: 'In her invitation link and QR code' }),
  inviteUrl: Type.String({ description: 'The public page her invitation cards point to' }),
  newcomersBrought: Type.Integer({ minimum: 0, description: 'Participants who came through her invitation' }),
  inviteOpens: Type.Integer({ minimum: 0, description: 'How often her link was opened' }),
  promotedAt: Instant,
  steppedDownAt: Nullable(Instant),
});

const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 100 }) });

const InvitedNewcomerBody = Body(
  {
    preferredName: NonEmpty(100),
    languages: Type.Optional(Type.Array(LanguageCode, { maxItems: 20 })),
    contact: Type.Optional(Contact),
    wantsCancellationNotices: Type.Optional(Type.Boolean({ description: 'Needs a contact; false by default' })),
    noticeLanguage: Type.Optional(LanguageCode),
    eligibilityConfirmed: Type.Boolean({ description: 'She ticks that she meets the programme’s eligibility; needed (true) for a women-only programme' }),
  },
  'Only a preferred name is needed; nothing else about her is asked.',
);

const tags = ['programmes'];
const helpers = { access: SESSION_HELPERS };

export function registerAmbassadorRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;
  const publicUrl = () => hearth.config.publicUrl;

  app.post(
    '/api/programmes/:id/ambassadors',
    {
      config: helpers,
      schema: {
        tags,
        summary: 'Make a participant of the programme an ambassador, with her own invitation link',
        description: 'Errors: 409 `already_ambassador`; 422 `not_a_participant` (she has not come to this programme).',
        params: IdParams,
        body: Body({ participantId: Uuid }),
        response: { 201: AmbassadorSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await promoteAmbassador(db(), actorFrom(request), publicUrl(), request.params.id, request.body.participantId)),
  );

  app.get(
    '/api/programmes/:id/ambassadors',
    { config: helpers, schema: { tags, summary: 'The programme’s ambassadors and the newcomers each brought (the view is audited)', params: IdParams, response: { 200: ListOf(AmbassadorSchema) } } },
    async (request) => ({ items: await listAmbassadors(db(), actorFrom(request), publicUrl(), request.params.id) }),
  );

  app.delete(
    '/api/programmes/ambassadors/:id',
    { config: helpers, schema: { tags, summary: 'An ambassador steps down: her invitation link stops working', params: IdParams, response: { 200: AmbassadorSchema } } },
    async (request) => stepDownAmbassador(db(), actorFrom(request), publicUrl(), request.params.id),
  );

  app.get(
    '/api/public/invitations/:code',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The programme an ambassador’s invitation is for (no sign-in)',
        description: 'Errors: 404 `invitation_not_found` (unknown, or the ambassador stepped down).',
        security: [],
        params: CodeParams,
        response: { 200: Type.Object({ programmeId: Uuid }) },
      },
    },
    async (request) => {
      const invitation = await findInvitation(db(), request.params.code);
      if (!invitation) throw invitationNotFound();
      return { programmeId: invitation.programmeId };
    },
  );

  app.post(
    '/api/public/invitations/:code/newcomers',
    {
      config: { access: 'public' },
      preHandler: throttleInvitationResponses(hearth.database, hearth.clock),
      schema: {
        tags,
        summary: 'A newcomer answers an ambassador’s invitation herself (no sign-in)',
        description: 'She is attributed to the ambassador and expected at the next register. Errors: 404 `invitation_not_found`; 422 `eligibility_not_confirmed`, `contact_needed_for_notices`; 429 `too_many_responses`.',
        security: [],
        params: CodeParams,
        body: InvitedNewcomerBody,
        response: { 201: Type.Object({ participantId: Uuid }) },
      },
    },
    async (request, reply) => reply.code(201).send(await registerInvitedNewcomer(db(), request.params.code, request.body)),
  );
}
