import { api, withQuery } from '../platform/api';

export const noticeKinds = ['advance', 'first_overdue', 'second_overdue', 'request_ready'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

export interface NoticeLine {
  kind: NoticeKind;
  title: string;
  author: string | null;
  date: string;
  branch?: string;
}

/** The digest written out in the member's language by the server, for the letter itself. */
export interface Letter {
  language: string;
  dir: 'ltr' | 'rtl';
  date: string;
  subject: string;
  greeting: string;
  sections: { kind: NoticeKind; heading: string; lines: string[] }[];
  closing: string;
  signOff: string;
  footer: string;
}

export interface PrintedNotice {
  id: string;
  channel: 'letter' | 'phone';
  noticeDate: string;
  member: { id: string; name: string; cardNumber: string; address: string | null; phone: string | null; language: string };
  branch: { id: string; name: string; address: string | null };
  libraryName: string;
  lines: NoticeLine[];
  letter: Letter;
  done: { at: string; by: { id: string | null; name: string } } | null;
}

export interface PrintedNoticeDay {
  date: string;
  letters: PrintedNotice[];
  calls: PrintedNotice[];
}

export interface NoticeRun {
  date: string;
  advance: number;
  firstOverdue: number;
  secondOverdue: number;
  requestReady: number;
  messages: number;
  /** Present once the run reports them: digests that became letters or phone calls. */
  letters?: number;
  calls?: number;
  expiredRequests: { holdShelfExpired: number; waitingExpired: number };
}

const id = encodeURIComponent;

export const noticesApi = {
  /** The library's today, which a run may not go beyond. */
  today: async (signal?: AbortSignal) => (await api.get<{ today: string }>('/api/auth/me', { signal })).today,
  run: (date: string) => api.post<NoticeRun>('/api/notices/run', { date }),
  /** Without a date, the server's today. Each read is recorded in the audit log. */
  printed: (date: string | null, signal?: AbortSignal) => api.get<PrintedNoticeDay>(withQuery('/api/notices/printed', { date }), { signal }),
  markDone: (noticeId: string) => api.post<PrintedNotice>(`/api/notices/printed/${id(noticeId)}/done`),
  undoDone: (noticeId: string) => api.delete<PrintedNotice>(`/api/notices/printed/${id(noticeId)}/done`),
};
