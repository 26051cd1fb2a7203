import { Type, type Static } from 'typebox';
import { Body, Instant, IsoDate, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { CONSENT_METHODS, CONTACT_METHODS, REFERRAL_EVENT_KINDS, REFERRAL_STATUSES, URGENCIES } from './tables.ts';

/**
 * The shapes every referral route answers with, declared once: the core, the loop (status,
 * contacts, notes), privacy (export) and the screens all read the same ones.
 */
export const OrganisationRefSchema = Type.Object({ id: Uuid, name: Type.String() });

export const PersonSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  contactMethod: OneOf(CONTACT_METHODS),
  contactDetail: Nullable(Type.String()),
  safeTimes: Nullable(Type.String({ description: 'When it is safe to reach them' })),
  safeToLeaveMessage: Type.Boolean(),
  preferredLanguage: Nullable(Type.String({ description: 'BCP 47 tag, e.g. ar, uk, prs' })),
  interpreterNeeded: Type.Boolean(),
});

export const StoryEntrySchema = Type.Object(
  { id: Uuid, body: Type.String(), organisation: OrganisationRefSchema, writtenByName: Type.String(), writtenAt: Instant },
  { description: 'One entry of the story in the person’s own words; entries are appended, never rewritten' },
);

export const ConsentSchema = Type.Object({
  id: Uuid,
  givenBy: Type.String({ description: '“the person”, or who gave it for them' }),
  givenByRelationship: Nullable(Type.String()),
  method: OneOf(CONSENT_METHODS),
  givenAt: Instant,
  wording: Type.String({ description: 'The exact words shown or read to the person' }),
  validUntil: Nullable(IsoDate),
  organisations: Type.Array(OrganisationRefSchema, { description: 'The organisations the person agreed to share with' }),
  recordedByName: Type.String(),
  withdrawnAt: Nullable(Instant),
  withdrawnByName: Nullable(Type.String()),
});

export const ReferralEventSchema = Type.Object({
  id: Uuid,
  kind: OneOf(REFERRAL_EVENT_KINDS),
  fromStatus: Nullable(OneOf(REFERRAL_STATUSES)),
  toStatus: Nullable(OneOf(REFERRAL_STATUSES)),
  reason: Nullable(Type.String()),
  outcomeCode: Nullable(Type.String()),
  note: Nullable(Type.String()),
  organisation: Nullable(OrganisationRefSchema),
  actorName: Type.String(),
  at: Instant,
});

const summaryProperties = {
  id: Uuid,
  status: OneOf(REFERRAL_STATUSES, 'HL7 FHIR SDOH referral Task state'),
  urgency: OneOf(URGENCIES),
  side: OneOf(['sender', 'receiver'] as const, 'Which side the viewer’s organisation is on'),
  serviceId: Nullable(Uuid),
  serviceName: Type.String(),
  sendingOrganisation: OrganisationRefSchema,
  receivingOrganisation: OrganisationRefSchema,
  personId: Uuid,
  personName: Nullable(Type.String({ description: 'Null for the receiver once the person has withdrawn the consent the referral relies on' })),
  safeguarding: Type.Boolean({ description: 'Sent without consent, on a recorded safeguarding basis' }),
  createdAt: Instant,
  statusChangedAt: Instant,
  ageDays: Type.Integer({ description: 'Whole days since the referral was sent' }),
};

export const ReferralSummarySchema = Type.Object(summaryProperties);

export const ReferralDetailSchema = Type.Object({
  ...summaryProperties,
  partnershipId: Uuid,
  person: Nullable(PersonSchema),
  story: Nullable(Type.Array(StoryEntrySchema, { description: 'Oldest first' })),
  needs: Type.Array(Type.String()),
  needsNote: Nullable(Type.String()),
  consent: Nullable(ConsentSchema),
  safeguardingBasis: Nullable(Type.String()),
  statusReason: Nullable(Type.String()),
  outcomeCode: Nullable(Type.String()),
  outcomeNote: Nullable(Type.String()),
  suggestedService: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  previousReferralId: Nullable(Uuid),
  sentByName: Type.String(),
  acceptedAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  allowedTransitions: Type.Array(OneOf(REFERRAL_STATUSES), { description: 'The states the viewer’s side may move the referral to' }),
  events: Type.Array(ReferralEventSchema, { description: 'The timeline both sides see, oldest first' }),
});

export const PersonFoundSchema = Type.Object({ id: Uuid, name: Type.String(), preferredLanguage: Nullable(Type.String()), referralCount: Type.Integer() });

export const PersonRecordSchema = Type.Object({
  person: PersonSchema,
  story: Type.Array(StoryEntrySchema),
  consents: Type.Array(ConsentSchema),
  referrals: Type.Array(ReferralSummarySchema),
});

export type OrganisationRef = Static<typeof OrganisationRefSchema>;
export type Person = Static<typeof PersonSchema>;
export type StoryEntry = Static<typeof StoryEntrySchema>;
export type Consent = Static<typeof ConsentSchema>;
export type ReferralEvent = Static<typeof ReferralEventSchema>;
export type ReferralSummary = Static<typeof ReferralSummarySchema>;
export type ReferralDetail = Static<typeof ReferralDetailSchema>;
export type PersonRecord = Static<typeof PersonRecordSchema>;

/* Request bodies. */

const Language = Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'BCP 47 tag, e.g. ar, uk, prs' });
export const StoryText = Type.String({ minLength: 1, maxLength: 20000, pattern: '\\S', description: 'In the person’s own words' });
export const SafeguardingBasis = Type.String({ minLength: 10, maxLength: 2000, pattern: '\\S', description: 'Why sharing without consent is necessary to keep someone safe; the referral is flagged and audited' });

export const PersonInput = Body({
  name: NonEmpty(200),
  contactMethod: OneOf(CONTACT_METHODS),
  contactDetail: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  safeTimes: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  safeToLeaveMessage: Type.Boolean(),
  preferredLanguage: Type.Optional(Nullable(Language)),
  interpreterNeeded: Type.Boolean(),
});

export const ConsentInput = Body({
  givenBy: NonEmpty(200),
  givenByRelationship: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  method: OneOf(CONSENT_METHODS),
  givenAt: Type.String({ format: 'date-time' }),
  wording: Type.String({ minLength: 10, maxLength: 5000, description: 'The exact words shown or read to the person' }),
  organisationIds: Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true, description: 'Each organisation the person agrees to share with, by name' }),
  validUntil: Type.Optional(Nullable(IsoDate)),
});

const Needs = Type.Array(NonEmpty(100), { minItems: 1, maxItems: 20, description: 'What the person needs help with, e.g. housing, health, food' });

export const CreateReferralBody = Body(
  {
    serviceId: Uuid,
    partnershipId: Type.Optional(Uuid),
    personId: Type.Optional(Uuid),
    person: Type.Optional(PersonInput),
    story: Type.Optional(StoryText),
    needs: Needs,
    needsNote: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    urgency: OneOf(URGENCIES),
    consent: Type.Optional(ConsentInput),
    consentId: Type.Optional(Uuid),
    safeguardingBasis: Type.Optional(SafeguardingBasis),
  },
  'Give either `personId` (someone already known: the story is added to) or `person` with a `story`; either `consent` (new), `consentId` (already recorded) or a `safeguardingBasis`.',
);

export const ReReferBody = Body({
  serviceId: Uuid,
  partnershipId: Type.Optional(Uuid),
  needs: Type.Optional(Needs),
  needsNote: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  urgency: Type.Optional(OneOf(URGENCIES)),
  storyAddition: Type.Optional(StoryText),
  consent: Type.Optional(ConsentInput),
  consentId: Type.Optional(Uuid),
  safeguardingBasis: Type.Optional(SafeguardingBasis),
});

export type PersonFields = Static<typeof PersonInput>;
export type ConsentFields = Static<typeof ConsentInput>;
export type CreateReferralFields = Static<typeof CreateReferralBody>;
export type ReReferFields = Static<typeof ReReferBody>;
