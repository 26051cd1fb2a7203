import type { Generated } from 'kysely';
import type { LoginFailuresTable } from '../platform/auth/tables.ts';

export const AUDIENCES = ['everyone', 'adults', 'women', 'families', 'children', 'young_people', 'older_people'] as const;
export type Audience = (typeof AUDIENCES)[number];
export type ProgrammeStatus = 'active' | 'archived';
export const RESOURCE_KINDS = ['file', 'link', 'phrase_sheet'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export type SessionStatus = 'scheduled' | 'cancelled' | 'withdrawn';
export const HEARD_VIA = ['ambassador', 'school', 'partner_referral', 'walk_in', 'other'] as const;
export type HeardVia = (typeof HEARD_VIA)[number];
export const PARTICIPANT_CONSENT_METHODS = ['verbal', 'written', 'online'] as const;
export type ParticipantConsentMethod = (typeof PARTICIPANT_CONSENT_METHODS)[number];
export const OUTREACH_KINDS = ['school', 'community_group', 'faith_group', 'health', 'other'] as const;
export type OutreachKind = (typeof OUTREACH_KINDS)[number];
export const SIGNPOSTING_NEEDS = ['health', 'mental_health', 'housing', 'money', 'education', 'employment', 'legal', 'family', 'safety', 'language', 'social', 'other'] as const;
export type SignpostingNeed = (typeof SIGNPOSTING_NEEDS)[number];

export interface ProgrammesTable {
  id: Generated<string>;
  tenant_id: string;
  language: Generated<string>;
  name: string;
  description: Generated<string>;
  audience: Generated<Audience>;
  women_only: Generated<boolean>;
  free: Generated<boolean>;
  booking_needed: Generated<boolean>;
  eligibility_note: string | null;
  suggested_donation_pence: number | null;
  status: Generated<ProgrammeStatus>;
  shared: Generated<boolean>;
  copied_from_id: string | null;
  created_at: Generated<Date>;
  created_by: string | null;
  updated_at: Generated<Date>;
}

export interface ProgrammeTranslationsTable {
  programme_id: string;
  tenant_id: string;
  language: string;
  name: string;
  description: Generated<string>;
  eligibility_note: string | null;
}

export interface ProgrammeBranchesTable {
  programme_id: string;
  branch_id: string;
  tenant_id: string;
  added_at: Generated<Date>;
  added_by: string | null;
}

export interface ProgrammePartnersTable {
  programme_id: string;
  organisation_id: string;
  tenant_id: string;
}

export interface SkillTopicsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  description: string | null;
  created_at: Generated<Date>;
}

export interface ProgrammeTopicsTable {
  programme_id: string;
  topic_id: string;
  tenant_id: string;
}

export interface TopicResourcesTable {
  id: Generated<string>;
  tenant_id: string;
  topic_id: string;
  kind: ResourceKind;
  title: string;
  language: Generated<string>;
  url: string | null;
  file_name: string | null;
  content_type: string | null;
  /** A Buffer from PostgreSQL, a Uint8Array from PGlite. */
  content: Uint8Array | null;
  size_bytes: number | null;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface SessionSchedulesTable {
  id: Generated<string>;
  tenant_id: string;
  programme_id: string;
  joint_programme_id: string | null;
  branch_id: string;
  rrule: string;
  /** ISO date. */
  first_date: string;
  /** Local wall-clock time, 'HH:MM:SS'. */
  starts_local: string;
  ends_local: string;
  time_zone: Generated<string>;
  room: string | null;
  facilitator: string | null;
  capacity: number | null;
  created_at: Generated<Date>;
  created_by: string | null;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: Generated<string>;
  tenant_id: string;
  programme_id: string;
  joint_programme_id: string | null;
  branch_id: string;
  schedule_id: string | null;
  /** ISO date the schedule gave this occurrence; null for a one-off session. */
  occurrence_date: string | null;
  starts_at: Date;
  ends_at: Date;
  room: string | null;
  facilitator: string | null;
  capacity: number | null;
  topic: string | null;
  status: Generated<SessionStatus>;
  cancellation_reason: string | null;
  cancelled_at: Date | null;
  detached: Generated<boolean>;
  unnamed_attendees: Generated<number>;
  donations_pence: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionTopicsTable {
  session_id: string;
  topic_id: string;
  tenant_id: string;
}

export interface ParticipantsTable {
  id: Generated<string>;
  tenant_id: string;
  preferred_name: string;
  languages: Generated<string[]>;
  heard_via: HeardVia | null;
  invited_by_ambassador_id: string | null;
  contact: string | null;
  wants_cancellation_notices: Generated<boolean>;
  notice_language: Generated<string>;
  eligibility_confirmed: Generated<boolean>;
  consent_method: ParticipantConsentMethod;
  consent_given_at: Date;
  consent_recorded_by: string | null;
  first_programme_id: string | null;
  created_at: Generated<Date>;
  /** Set when she asked to be erased: her name is replaced and her contact removed, her attendance still counts. */
  erased_at: Date | null;
}

export interface AttendanceTable {
  session_id: string;
  participant_id: string;
  tenant_id: string;
  recorded_at: Generated<Date>;
  recorded_by: string | null;
}

export interface AmbassadorsTable {
  id: Generated<string>;
  tenant_id: string;
  participant_id: string;
  programme_id: string;
  invite_code: string;
  invite_opens: Generated<number>;
  promoted_at: Generated<Date>;
  promoted_by: string | null;
  stepped_down_at: Date | null;
}

export interface OutreachContactsTable {
  id: Generated<string>;
  tenant_id: string;
  programme_id: string;
  ambassador_id: string | null;
  contact_name: string;
  contact_kind: OutreachKind;
  /** ISO date. */
  contacted_on: string;
  outcome: string | null;
  follow_up_on: string | null;
  recorded_by: string | null;
  created_at: Generated<Date>;
}

export interface SignpostingsTable {
  id: Generated<string>;
  tenant_id: string;
  programme_id: string;
  session_id: string | null;
  need: SignpostingNeed;
  service_name: string;
  service_id: string | null;
  participant_id: string | null;
  participant_consented: Generated<boolean>;
  note: string | null;
  recorded_at: Generated<Date>;
  recorded_by: string | null;
}

export interface SessionCancellationNoticesTable {
  session_id: string;
  participant_id: string;
  outbox_id: string | null;
}

export interface ProgrammeTables {
  programmes: ProgrammesTable;
  programme_translations: ProgrammeTranslationsTable;
  programme_branches: ProgrammeBranchesTable;
  programme_partners: ProgrammePartnersTable;
  skill_topics: SkillTopicsTable;
  programme_topics: ProgrammeTopicsTable;
  topic_resources: TopicResourcesTable;
  session_schedules: SessionSchedulesTable;
  sessions: SessionsTable;
  session_topics: SessionTopicsTable;
  participants: ParticipantsTable;
  attendance: AttendanceTable;
  ambassadors: AmbassadorsTable;
  outreach_contacts: OutreachContactsTable;
  signpostings: SignpostingsTable;
  session_cancellation_notices: SessionCancellationNoticesTable;
  /** Answers to public invitation links, kept for the throttle's window; `email` holds the invitation code. */
  invitation_responses: LoginFailuresTable;
}
