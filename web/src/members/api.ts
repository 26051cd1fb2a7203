import { api, withQuery, type ListResponse } from '../platform/api';

export const memberStatuses = ['active', 'blocked', 'expired'] as const;
export type MemberStatus = (typeof memberStatuses)[number];
export const noticeChannels = ['email', 'phone', 'post', 'none'] as const;
export type NoticeChannel = (typeof noticeChannels)[number];

/** Languages offered for notices: those the server has notice templates for, from the same list it checks against. */
export { NOTICE_LANGUAGES as noticeLanguages } from '../../../src/notices/languages';

export interface Member {
  id: string;
  cardNumber: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  preferredChannel: NoticeChannel;
  language: string;
  homeBranch: { id: string; name: string };
  category: { id: string; code: string; name: string };
  status: MemberStatus;
  blockedReason: string | null;
  expiresOn: string | null;
  keepsHistory: boolean;
  historyConsentAt: string | null;
  advanceNotices: boolean;
  createdAt: string;
}

export interface MemberInput {
  name?: string;
  cardNumber?: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  preferredChannel?: NoticeChannel;
  language?: string;
  homeBranchId?: string;
  category?: string;
  status?: MemberStatus;
  blockedReason?: string | null;
  expiresOn?: string | null;
  keepsHistory?: boolean;
  advanceNotices?: boolean;
}

export interface MemberCategory {
  id: string;
  code: string;
  name: string;
}

const id = encodeURIComponent;

export const membersApi = {
  search: (q: string, signal?: AbortSignal) => api.get<ListResponse<Member>>(withQuery('/api/members', { q }), { signal }),
  get: (memberId: string, signal?: AbortSignal) => api.get<Member>(`/api/members/${id(memberId)}`, { signal }),
  byCard: (cardNumber: string, signal?: AbortSignal) => api.get<Member>(`/api/members/by-card/${id(cardNumber)}`, { signal }),
  create: (body: MemberInput) => api.post<Member>('/api/members', body),
  update: (memberId: string, body: MemberInput) => api.patch<Member>(`/api/members/${id(memberId)}`, body),
  categories: (signal?: AbortSignal) => api.get<ListResponse<MemberCategory>>('/api/member-categories', { signal }),
};
