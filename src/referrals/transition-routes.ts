import { Type } from 'typebox';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, NonEmpty, OneOf, Uuid } from '../platform/http/schemas.ts';
import { caseworkerFrom, REFERRAL_CASEWORKERS } from './access.ts';
import { OUTCOME_CODES } from './lifecycle.ts';
import { ReferralDetailSchema, ReferralEventSchema } from './schemas.ts';
import { REFERRAL_STATUSES } from './tables.ts';
import { addReferralNote, changeReferralStatus, CONTACT_RECORD_METHODS, recordContact } from './transitions.ts';

const tags = ['referrals'];

const StatusChangeBody = Body({
  status: OneOf(REFERRAL_STATUSES, 'The state to move to'),
  reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Required to decline (rejected) or cancel' })),
  outcomeCode: Type.Optional(OneOf(OUTCOME_CODES, 'Required to complete or fail')),
  outcomeNote: Type.Optional(Type.String({ maxLength: 2000, description: 'What was provided; required to complete or fail' })),
  suggestedServiceId: Type.Optional(Uuid),
});

const ContactBody = Body({
  method: OneOf(CONTACT_RECORD_METHODS, 'How the person was reached'),
  at: Type.Optional(Type.String({ format: 'date-time', description: 'When; now if left out' })),
  note: NonEmpty(2000),
});

/** The closed loop: the receiver answers and works the referral, both sides record what happened. */
export function registerReferralLoopRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;

  app.post(
    '/api/referrals/:id/status',
    {
      config: { access: REFERRAL_CASEWORKERS },
      schema: {
        tags,
        summary: 'Move a referral along its lifecycle',
        description:
          'The receiver accepts or declines, works and finishes the referral; the sender may cancel it while open. The other side is told by email. Errors: 400 `reason_required`, `outcome_required`, `outcome_only_when_finished`, `suggestion_only_when_declined`; 403 `not_the_receiver`, `not_the_sender`; 404; 409 `invalid_transition`; 422 `unknown_service`.',
        params: IdParams,
        body: StatusChangeBody,
        response: { 200: ReferralDetailSchema },
      },
    },
    async (request) => changeReferralStatus(app.hearth, await caseworkerFrom(db(), request), request.params.id, request.body),
  );

  app.post(
    '/api/referrals/:id/contacts',
    {
      config: { access: REFERRAL_CASEWORKERS },
      schema: {
        tags,
        summary: 'Record a contact with the person',
        description: 'Either side, while the referral is open; the method is the event’s `reason`. Errors: 404; 409 `referral_closed`; 422 `contact_in_future`.',
        params: IdParams,
        body: ContactBody,
        response: { 201: ReferralEventSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await recordContact(app.hearth, await caseworkerFrom(db(), request), request.params.id, request.body)),
  );

  app.post(
    '/api/referrals/:id/notes',
    {
      config: { access: REFERRAL_CASEWORKERS },
      schema: {
        tags,
        summary: 'Add a note to the referral’s timeline',
        description: 'Either side; both see it. Errors: 404.',
        params: IdParams,
        body: Body({ note: NonEmpty(2000) }),
        response: { 201: ReferralEventSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await addReferralNote(app.hearth, await caseworkerFrom(db(), request), request.params.id, request.body.note)),
  );
}
