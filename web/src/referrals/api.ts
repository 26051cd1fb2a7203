import { api, request, withQuery, type ListResponse } from '../platform/api';
import type { Role } from '../platform/auth';

/** Who works with Warm Handover referrals (REFERRAL_CASEWORKERS); desk staff do not. */
export const canRefer = (role: Role) => role === 'admin' || role === 'outreach' || role === 'programme_leader' || role === 'partner_caseworker';

/** The HL7 FHIR SDOH referral Task's states. */
export const referralStatuses = ['requested', 'accepted', 'rejected', 'in_progress', 'on_hold', 'completed', 'failed', 'cancelled'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];
export const urgencies = ['routine', 'soon', 'urgent'] as const;
export type Urgency = (typeof urgencies)[number];
export const contactMethods = ['phone', 'text', 'email', 'letter', 'in_person', 'through_referrer'] as const;
export type ContactMethod = (typeof contactMethods)[number];
/** How a caseworker reached the person: the ways a person can ask to be contacted, and a video call. */
export const contactRecordMethods = [...contactMethods, 'video'] as const;
export type ContactRecordMethod = (typeof contactRecordMethods)[number];
export const consentMethods = ['verbal', 'written'] as const;
export type ConsentMethod = (typeof consentMethods)[number];
export const outcomeCodes = ['service_provided', 'partly_provided', 'signposted_elsewhere', 'person_declined', 'could_not_contact', 'not_eligible', 'need_met_elsewhere', 'other'] as const;
export type OutcomeCode = (typeof outcomeCodes)[number];
/** What a person needs help with: the same needs the programmes signpost for. */
export { needs as referralNeeds } from '../programmes/register/api';
export const eventKinds = ['sent', 'viewed', 'status_changed', 'contact_recorded', 'note', 'story_appended', 'consent_withdrawn', 'reminder_sent', 're_referred'] as const;
export type EventKind = (typeof eventKinds)[number];

export type Side = 'sender' | 'receiver';
export type Box = 'incoming' | 'outgoing';
export type BoxState = 'open' | 'closed' | 'all';

export interface OrganisationRef {
  id: string;
  name: string;
}

export interface ReferralSummary {
  id: string;
  status: ReferralStatus;
  urgency: Urgency;
  side: Side;
  serviceId: string | null;
  serviceName: string;
  sendingOrganisation: OrganisationRef;
  receivingOrganisation: OrganisationRef;
  personId: string;
  /** Null when withheld: the consent was withdrawn and the reader is the receiver. */
  personName: string | null;
  safeguarding: boolean;
  createdAt: string;
  statusChangedAt: string;
  ageDays: number;
}

export interface Person {
  id: string;
  name: string;
  contactMethod: ContactMethod;
  contactDetail: string | null;
  safeTimes: string | null;
  safeToLeaveMessage: boolean;
  preferredLanguage: string | null;
  interpreterNeeded: boolean;
}

export interface StoryEntry {
  id: string;
  body: string;
  organisation: OrganisationRef;
  writtenByName: string;
  writtenAt: string;
}

export interface Consent {
  id: string;
  givenBy: string;
  givenByRelationship: string | null;
  method: ConsentMethod;
  givenAt: string;
  wording: string;
  validUntil: string | null;
  organisations: OrganisationRef[];
  recordedByName: string;
  withdrawnAt: string | null;
  withdrawnByName: string | null;
}

export interface ReferralEvent {
  id: string;
  kind: EventKind;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus | null;
  reason: string | null;
  outcomeCode: OutcomeCode | null;
  note: string | null;
  organisation: OrganisationRef | null;
  actorName: string;
  at: string;
}

export interface ReferralDetail extends ReferralSummary {
  partnershipId: string;
  person: Person | null;
  story: StoryEntry[] | null;
  needs: string[];
  needsNote: string | null;
  consent: Consent | null;
  safeguardingBasis: string | null;
  statusReason: string | null;
  outcomeCode: OutcomeCode | null;
  outcomeNote: string | null;
  suggestedService: { id: string; name: string } | null;
  previousReferralId: string | null;
  sentByName: string;
  acceptedAt: string | null;
  closedAt: string | null;
  allowedTransitions: ReferralStatus[];
  events: ReferralEvent[];
}

export interface PersonInput {
  name: string;
  contactMethod: ContactMethod;
  contactDetail?: string;
  safeTimes?: string;
  safeToLeaveMessage: boolean;
  preferredLanguage?: string;
  interpreterNeeded: boolean;
}

export interface ConsentInput {
  givenBy: string;
  givenByRelationship?: string;
  method: ConsentMethod;
  givenAt: string;
  wording: string;
  organisationIds: string[];
  validUntil?: string;
}

/** Consent as given now, or the basis for sharing without it (flagged and audited). */
export type ConsentChoice = { consent: ConsentInput } | { safeguardingBasis: string };

export type NewReferral = {
  serviceId: string;
  partnershipId?: string;
  needs: string[];
  needsNote?: string;
  urgency: Urgency;
  story?: string;
} & ({ personId: string } | { person: PersonInput }) &
  ConsentChoice;

export type ReReferral = {
  serviceId: string;
  needs?: string[];
  urgency?: Urgency;
  storyAddition?: string;
} & ConsentChoice;

export interface StatusChange {
  status: ReferralStatus;
  reason?: string;
  outcomeCode?: OutcomeCode;
  outcomeNote?: string;
  suggestedServiceId?: string;
}

export interface FoundPerson {
  id: string;
  name: string;
  preferredLanguage: string | null;
  referralCount: number;
}

export interface PersonRecord {
  person: Person;
  story: StoryEntry[];
  consents: Consent[];
  referrals: ReferralSummary[];
}

export interface View {
  at: string;
  actorName: string;
  organisation: OrganisationRef | null;
  action: string;
}

export interface BoxPage {
  items: ReferralSummary[];
  total: number;
}

export const BOX_PAGE_SIZE = 50;

const id = encodeURIComponent;
const base = '/api/referrals';
const referral = (referralId: string) => `${base}/${id(referralId)}`;
const person = (personId: string) => `${base}/people/${id(personId)}`;

/** Where a person's data can be downloaded: plain links, so the browser saves the attachment. */
export const exportLinks = (personId: string) => ({ json: `${person(personId)}/export`, pdf: `${person(personId)}/export.pdf` });

export const referralsApi = {
  box: (query: { box: Box; state: BoxState; offset?: number }, signal?: AbortSignal) =>
    api.get<BoxPage>(withQuery(base, { ...query, limit: BOX_PAGE_SIZE }), { signal }),
  get: (referralId: string, signal?: AbortSignal) => api.get<ReferralDetail>(referral(referralId), { signal }),
  send: (body: NewReferral) => api.post<ReferralDetail>(base, body),
  move: (referralId: string, body: StatusChange) => api.post<ReferralDetail>(`${referral(referralId)}/status`, body),
  recordContact: (referralId: string, body: { method: ContactRecordMethod; note: string }) => api.post<ReferralEvent>(`${referral(referralId)}/contacts`, body),
  addNote: (referralId: string, note: string) => api.post<ReferralEvent>(`${referral(referralId)}/notes`, { note }),
  reRefer: (referralId: string, body: ReReferral) => api.post<ReferralDetail>(`${referral(referralId)}/re-refer`, body),
  findPeople: (q: string, signal?: AbortSignal) => api.get<ListResponse<FoundPerson>>(withQuery(`${base}/people`, { q }), { signal }),
  person: (personId: string, signal?: AbortSignal) => api.get<PersonRecord>(person(personId), { signal }),
  appendStory: (personId: string, text: string) => api.post<StoryEntry>(`${person(personId)}/story`, { text }),
  recordConsent: (personId: string, body: ConsentInput) => api.post<Consent>(`${person(personId)}/consents`, body),
  withdrawConsent: (consentId: string, note?: string) => api.post<Consent>(`${base}/consents/${id(consentId)}/withdraw`, note ? { note } : {}),
  views: (personId: string, signal?: AbortSignal) => api.get<ListResponse<View>>(`${person(personId)}/views`, { signal }),
  /** A DELETE with a body (the reason for erasing), which the shared `api.delete` does not send. */
  erase: (personId: string, reason: string) => request<void>('DELETE', person(personId), { reason }),
};
