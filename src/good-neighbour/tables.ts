import type { Generated } from 'kysely';

export const REFERRAL_SOURCES = ['self', 'family', 'library_staff', 'health', 'social_care', 'charity', 'other'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];
export const CONSENT_METHODS = ['verbal', 'written', 'representative'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
export type ArrangementStatus = 'active' | 'ended';
export type SelectionStatus = 'open' | 'collected' | 'cancelled';

export interface NeighboursTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  member_id: string | null;
  branch_id: string | null;
  language: Generated<string>;
  created_at: Generated<Date>;
}

export interface ArrangementsTable {
  id: Generated<string>;
  tenant_id: string;
  reader_id: string;
  status: Generated<ArrangementStatus>;
  referral_source: ReferralSource;
  referral_note: string | null;
  previous_category_id: string;
  consent_method: ConsentMethod;
  consent_given_at: Date;
  consent_withdrawn_at: Date | null;
  notice_margin_days: Generated<number>;
  auto_renew: Generated<boolean>;
  write_off_after_days: Generated<number>;
  started_at: Generated<Date>;
  started_by: string | null;
  ended_at: Date | null;
  ended_by: string | null;
  end_reason: string | null;
}

export interface ArrangementNeighboursTable {
  id: Generated<string>;
  tenant_id: string;
  arrangement_id: string;
  neighbour_id: string;
  relationship: string;
  may_see_loans: Generated<boolean>;
  may_see_history: Generated<boolean>;
  may_see_profile: Generated<boolean>;
  advance_notice: Generated<boolean>;
  visit_every_days: number | null;
  visits_from: string | null;
  active: Generated<boolean>;
  consent_withdrawn_at: Date | null;
  created_at: Generated<Date>;
}

export interface NeighbourVisitDatesTable {
  arrangement_neighbour_id: string;
  visit_on: string;
}

export interface NeighbourCoversTable {
  id: Generated<string>;
  tenant_id: string;
  arrangement_id: string;
  away_id: string;
  cover_id: string;
  starts_on: string;
  ends_on: string;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface NeighbourWarningsTable {
  id: Generated<string>;
  tenant_id: string;
  arrangement_neighbour_id: string;
  sent_on: string;
  fingerprint: string;
  loan_ids: string[];
  next_visit: string | null;
  outbox_message_id: string | null;
  auto_renewed: Generated<number>;
  /** The digest of the secret in the warning's renew link; the link's token is `{id}.{secret}`. */
  renew_secret_hash: string | null;
  renew_expires_at: Date | null;
  renew_used_at: Date | null;
  created_at: Generated<Date>;
}

export interface NeighbourSignInLinksTable {
  token_hash: string;
  tenant_id: string;
  neighbour_id: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: Generated<Date>;
}

export interface NeighbourSessionsTable {
  id_hash: string;
  tenant_id: string;
  neighbour_id: string;
  csrf_token: string;
  expires_at: Date;
  created_at: Generated<Date>;
}

export interface ReadingProfilesTable {
  reader_id: string;
  tenant_id: string;
  subjects: Generated<string[]>;
  authors: Generated<string[]>;
  avoid: Generated<string[]>;
  formats: Generated<string[]>;
  languages: Generated<string[]>;
  notes: string | null;
  use_history: Generated<boolean>;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export interface SelectionsTable {
  id: Generated<string>;
  tenant_id: string;
  arrangement_id: string;
  for_visit: string | null;
  pickup_branch_id: string;
  status: Generated<SelectionStatus>;
  created_at: Generated<Date>;
  created_by_kind: 'staff' | 'neighbour';
  created_by: string | null;
  /** When the copies chosen were lent to the reader, or staff or the neighbour said they were taken. */
  collected_at: Date | null;
}

export interface SelectionItemsTable {
  selection_id: string;
  record_id: string;
  request_id: string | null;
  added_at: Generated<Date>;
}

export interface GoodNeighbourTables {
  neighbours: NeighboursTable;
  arrangements: ArrangementsTable;
  arrangement_neighbours: ArrangementNeighboursTable;
  neighbour_visit_dates: NeighbourVisitDatesTable;
  neighbour_covers: NeighbourCoversTable;
  neighbour_warnings: NeighbourWarningsTable;
  neighbour_sign_in_links: NeighbourSignInLinksTable;
  neighbour_sessions: NeighbourSessionsTable;
  reading_profiles: ReadingProfilesTable;
  selections: SelectionsTable;
  selection_items: SelectionItemsTable;
}
