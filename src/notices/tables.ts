import type { Generated } from 'kysely';

export const NOTICE_KINDS = ['advance', 'first_overdue', 'second_overdue', 'request_ready'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface NoticeLogTable {
  tenant_id: string;
  member_id: string;
  notice_date: string;
  kind: NoticeKind;
  subject_id: string;
  created_at: Generated<Date>;
}

export interface NoticeTables {
  notice_log: NoticeLogTable;
}
