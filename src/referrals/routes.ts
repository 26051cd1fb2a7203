import { Type } from 'typebox';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, ListOf, OneOf } from '../platform/http/schemas.ts';
import { caseworkerFrom, REFERRAL_CASEWORKERS } from './access.ts';
import { addToStory, findPeople, getPersonRecord, recordConsent, withdrawConsent } from './people.ts';
import { createReferral, listReferrals, reRefer, viewReferral, type Moment } from './referrals.ts';
import {
  ConsentInput,
  ConsentSchema,
  CreateReferralBody,
  PersonFoundSchema,
  PersonRecordSchema,
  ReferralDetailSchema,
  ReferralSummarySchema,
  ReReferBody,
  StoryEntrySchema,
  StoryText,
} from './schemas.ts';
import { REFERRAL_STATUSES } from './tables.ts';

const tags = ['referrals'];
const caseworkers = { access: REFERRAL_CASEWORKERS };
const NEED_TO_KNOW = 'Only the sending and receiving organisations’ caseworkers see a referral; anyone else gets 404.';
const BASIS_ERRORS =
  '400 `one_basis_only`; 422 `consent_required`, `consent_does_not_name_receiver`, `consent_withdrawn`, `consent_expired`, `consent_not_for_person`, `consent_given_in_future`, `organisation_not_found`, `service_not_found`, `service_not_in_partnership`, `service_not_accepting_referrals`, `cannot_refer_to_own_organisation`';

const ListQuery = Type.Object(
  {
    box: OneOf(['incoming', 'outgoing'] as const, 'Referrals received by, or sent from, the caller’s organisation'),
    state: Type.Optional(OneOf(['open', 'closed', 'all'] as const, 'open by default')),
    status: Type.Optional(OneOf(REFERRAL_STATUSES)),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);

const PeopleQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name; case and accents do not matter' })) }, { additionalProperties: false });

/** Sending referrals, the two boxes, reading one, passing a person on, and the person's story and consents. */
export function registerReferralRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;
  const moment = (): Moment => ({ now: hearth.clock.now(), today: hearth.clock.today() });

  app.post(
    '/api/referrals',
    {
      config: caseworkers,
      schema: {
        tags,
        summary: 'Refer a person to a partner’s service',
        description: `The person tells their story once: with \`personId\` the story given is added to theirs. A referral rests on a consent naming the receiving organisation, or on a safeguarding basis (flagged and audited). The receiving organisation is told by email, without personal data. Errors: 400 \`person_ambiguous\`; 404 (personId not yours to see); ${BASIS_ERRORS}, \`person_required\`, \`story_required\`.`,
        body: CreateReferralBody,
        response: { 201: ReferralDetailSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createReferral(hearth, await caseworkerFrom(db(), request), request.body, moment())),
  );

  app.get(
    '/api/referrals',
    {
      config: caseworkers,
      schema: { tags, summary: 'The incoming or outgoing box of the caller’s organisation, newest first', querystring: ListQuery, response: { 200: Type.Object({ items: Type.Array(ReferralSummarySchema), total: Type.Integer() }) } },
    },
    async (request) => listReferrals(db(), await caseworkerFrom(db(), request), request.query, hearth.clock.now()),
  );

  app.get(
    '/api/referrals/people',
    { config: caseworkers, schema: { tags, summary: 'Find people the caller’s organisation holds, by name', querystring: PeopleQuery, response: { 200: ListOf(PersonFoundSchema) } } },
    async (request) => findPeople(db(), await caseworkerFrom(db(), request), request.query.q),
  );

  app.get(
    '/api/referrals/people/:id',
    {
      config: caseworkers,
      schema: {
        tags,
        summary: 'A person: details, story, consents and the referrals of the caller’s organisation',
        description: 'Reading it is recorded for the person’s “who has seen my information” list. Errors: 404 (not held by the caller’s organisation).',
        params: IdParams,
        response: { 200: PersonRecordSchema },
      },
    },
    async (request) => getPersonRecord(db(), await caseworkerFrom(db(), request), request.params.id, hearth.clock.now()),
  );

  app.post(
    '/api/referrals/people/:id/story',
    {
      config: caseworkers,
      schema: { tags, summary: 'Add to the person’s story', description: 'The story is appended to, never rewritten. Errors: 404.', params: IdParams, body: Body({ text: StoryText }), response: { 201: StoryEntrySchema } },
    },
    async (request, reply) => reply.code(201).send(await addToStory(db(), await caseworkerFrom(db(), request), request.params.id, request.body.text)),
  );

  app.post(
    '/api/referrals/people/:id/consents',
    {
      config: caseworkers,
      schema: {
        tags,
        summary: 'Record the person’s consent to share with named organisations',
        description: 'Errors: 404; 422 `organisation_not_found`, `consent_expired`, `consent_given_in_future`.',
        params: IdParams,
        body: ConsentInput,
        response: { 201: ConsentSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await recordConsent(db(), await caseworkerFrom(db(), request), request.params.id, request.body, moment())),
  );

  app.post(
    '/api/referrals/consents/:id/withdraw',
    {
      config: caseworkers,
      schema: {
        tags,
        summary: 'Record that the person has withdrawn a consent',
        description: 'The receivers of the referrals resting on it no longer see the person or their story; open ones get a `consent_withdrawn` event and their receivers are told. Errors: 404; 409 `consent_already_withdrawn`.',
        params: IdParams,
        body: Body({ note: Type.Optional(Type.String({ maxLength: 2000 })) }),
        response: { 200: ConsentSchema },
      },
    },
    async (request) => withdrawConsent(hearth, await caseworkerFrom(db(), request), request.params.id, request.body.note, hearth.clock.now()),
  );

  app.get(
    '/api/referrals/:id',
    {
      config: caseworkers,
      schema: {
        tags,
        summary: 'A referral in full, with its timeline',
        description: `The person and story are withheld (null) from the receiver once the consent is withdrawn. Reading is audited; the timeline shows it once a day per reader. ${NEED_TO_KNOW}`,
        params: IdParams,
        response: { 200: ReferralDetailSchema },
      },
    },
    async (request) => viewReferral(hearth, await caseworkerFrom(db(), request), request.params.id, hearth.clock.now()),
  );

  app.post(
    '/api/referrals/:id/re-refer',
    {
      config: caseworkers,
      schema: {
        tags,
        summary: 'Pass the person on to another service',
        description: `Either side of the referral may; the caller’s organisation sends the new one, the story carries on and \`previousReferralId\` points back. A current consent already naming the new receiver serves when none is given. Errors: 404; ${BASIS_ERRORS}.`,
        params: IdParams,
        body: ReReferBody,
        response: { 201: ReferralDetailSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await reRefer(hearth, await caseworkerFrom(db(), request), request.params.id, request.body, moment())),
  );
}
