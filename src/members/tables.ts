import type { Generated } from 'kysely';

export const MEMBER_STATUSES = ['active', 'blocked', 'expired'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const NOTICE_CHANNELS = ['email', 'phone', 'post', 'none'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

export interface MemberCategoriesTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  name: string;
  created_at: Generated<Date>;
  /** The category belongs to a scheme that forgives overdue fines (worked out, recorded as waived). */
  waives_fines: Generated<boolean>;
  /** The category belongs to a scheme that forgives request fees. */
  waives_request_fees: Generated<boolean>;
}

export interface MembersTable {
  id: Generated<string>;
  tenant_id: string;
  card_number: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  preferred_channel: Generated<NoticeChannel>;
  language: Generated<string>;
  home_branch_id: string;
  category_id: string;
  status: Generated<MemberStatus>;
  blocked_reason: string | null;
  expires_on: string | null;
  keeps_history: Generated<boolean>;
  history_consent_at: Date | null;
  advance_notices: Generated<boolean>;
  created_at: Generated<Date>;
  /** The name folded for search (see search-text.ts). */
  search_name: Generated<string>;
}

export interface MemberTables {
  member_categories: MemberCategoriesTable;
  members: MembersTable;
}
