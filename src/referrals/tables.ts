import type { Generated } from 'kysely';

export const CONTACT_METHODS = ['phone', 'text', 'email', 'letter', 'in_person', 'through_referrer'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];
export const CONSENT_METHODS = ['verbal', 'written'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
export const URGENCIES = ['routine', 'soon', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];
/** The states of the HL7 FHIR SDOH referral Task, so health partners can map them one to one. */
export const REFERRAL_STATUSES = ['requested', 'accepted', 'rejected', 'in_progress', 'on_hold', 'completed', 'failed', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const CLOSED_STATUSES: readonly ReferralStatus[] = ['rejected', 'completed', 'failed', 'cancelled'];
export const REFERRAL_EVENT_KINDS = ['sent', 'viewed', 'status_changed', 'contact_recorded', 'note', 'story_appended', 'consent_withdrawn', 'reminder_sent', 're_referred'] as const;
export type ReferralEventKind = (typeof REFERRAL_EVENT_KINDS)[number];

export interface ReferralPeopleTable {
  id: Generated<string>;
  tenant_id: string;
  partnership_id: string;
  recorded_by_organisation_id: string;
  name: string;
  contact_method: ContactMethod;
  contact_detail: string | null;
  safe_times: string | null;
  safe_to_leave_message: Generated<boolean>;
  preferred_language: string | null;
  interpreter_needed: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ReferralStoryEntriesTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  body: string;
  organisation_id: string;
  written_by: string | null;
  written_by_name: string;
  written_at: Generated<Date>;
}

export interface ReferralConsentsTable {
  id: Generated<string>;
  tenant_id: string;
  person_id: string;
  given_by: string;
  given_by_relationship: string | null;
  method: ConsentMethod;
  given_at: Date;
  wording: string;
  /** ISO date. */
  valid_until: string | null;
  recorded_by: string | null;
  recorded_by_name: string;
  recorded_by_organisation_id: string;
  withdrawn_at: Date | null;
  withdrawn_by_name: string | null;
  withdrawal_note: string | null;
  created_at: Generated<Date>;
}

export interface ReferralConsentOrganisationsTable {
  consent_id: string;
  organisation_id: string;
}

export interface ReferralsTable {
  id: Generated<string>;
  tenant_id: string;
  partnership_id: string;
  person_id: string;
  service_id: string | null;
  service_name: string;
  sending_organisation_id: string;
  receiving_organisation_id: string;
  consent_id: string | null;
  safeguarding_basis: string | null;
  needs: Generated<string[]>;
  needs_note: string | null;
  urgency: Generated<Urgency>;
  status: Generated<ReferralStatus>;
  status_reason: string | null;
  outcome_code: string | null;
  outcome_note: string | null;
  suggested_service_id: string | null;
  previous_referral_id: string | null;
  sent_by: string | null;
  sent_by_name: string;
  created_at: Generated<Date>;
  status_changed_at: Generated<Date>;
  accepted_at: Date | null;
  closed_at: Date | null;
  reminded_at: Date | null;
}

export interface ReferralEventsTable {
  id: Generated<string>;
  tenant_id: string;
  referral_id: string;
  kind: ReferralEventKind;
  from_status: ReferralStatus | null;
  to_status: ReferralStatus | null;
  reason: string | null;
  outcome_code: string | null;
  note: string | null;
  organisation_id: string | null;
  actor_id: string | null;
  actor_name: string;
  at: Generated<Date>;
}

export interface ReferralTables {
  referral_people: ReferralPeopleTable;
  referral_story_entries: ReferralStoryEntriesTable;
  referral_consents: ReferralConsentsTable;
  referral_consent_organisations: ReferralConsentOrganisationsTable;
  referrals: ReferralsTable;
  referral_events: ReferralEventsTable;
}
