import type { ColumnType, Generated } from 'kysely';
import type { NoticeLine } from './messages.ts';

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

export const PRINTED_CHANNELS = ['letter', 'phone'] as const;
export type PrintedChannel = (typeof PRINTED_CHANNELS)[number];

export interface PrintedNoticesTable {
  id: Generated<string>;
  tenant_id: string;
  member_id: string;
  notice_date: string;
  channel: PrintedChannel;
  lines: ColumnType<NoticeLine[], string, never>;
  created_at: Generated<Date>;
  done_at: Date | null;
  done_by: string | null;
  done_by_name: string | null;
}

export interface NoticeTables {
  notice_log: NoticeLogTable;
  printed_notices: PrintedNoticesTable;
}
