import { api, withQuery, type ListResponse } from '../../platform/api';
import type { Session } from '../api';

export const heardVia = ['ambassador', 'school', 'partner_referral', 'walk_in', 'other'] as const;
export type HeardVia = (typeof heardVia)[number];
export const consentMethods = ['verbal', 'written'] as const;
export const needs = ['health', 'mental_health', 'housing', 'money', 'education', 'employment', 'legal', 'family', 'safety', 'language', 'social', 'other'] as const;
export type Need = (typeof needs)[number];

export interface Counts {
  named: number;
  unnamed: number;
  total: number;
  newcomers: number;
  returning: number;
}

export interface ExpectedParticipant {
  participantId: string;
  preferredName: string;
  languages: string[];
  visits: number;
  lastAttendedOn: string | null;
  ambassador: boolean;
  invitedBy: string | null;
  present: boolean;
}

export interface Register {
  sessionId: string;
  status: Session['status'];
  expected: ExpectedParticipant[];
  unnamedAttendees: number;
  donationsPence: number;
  topicIds: string[];
  counts: Counts;
}

export interface NewcomerInput {
  preferredName: string;
  languages?: string[];
  heardVia?: HeardVia;
  invitedByAmbassadorId?: string;
  contact?: string;
  wantsCancellationNotices?: boolean;
  noticeLanguage?: string;
  eligibilityConfirmed?: boolean;
  consentMethod?: (typeof consentMethods)[number];
}

export interface Tally {
  unnamedAttendees?: number;
  donationsPence?: number;
  topicIds?: string[];
}

export interface Signposting {
  id: string;
  sessionId: string | null;
  need: Need;
  serviceName: string;
  /** Only when she agreed to be named. */
  participant: { id: string; preferredName: string } | null;
  note: string | null;
  recordedAt: string;
}

export interface SignpostingInput {
  need: Need;
  serviceName: string;
  participantId?: string;
  participantConsented?: boolean;
  note?: string;
}

const programme = (programmeId: string) => `/api/programmes/${encodeURIComponent(programmeId)}`;
const session = (sessionId: string) => `/api/programmes/sessions/${encodeURIComponent(sessionId)}`;

export const registerApi = {
  session: (sessionId: string, signal?: AbortSignal) => api.get<Session>(session(sessionId), { signal }),
  register: (sessionId: string, signal?: AbortSignal) => api.get<Register>(`${session(sessionId)}/register`, { signal }),
  tick: (sessionId: string, participantId: string) => api.put<Counts>(`${session(sessionId)}/attendance/${encodeURIComponent(participantId)}`, {}),
  untick: (sessionId: string, participantId: string) => api.delete<Counts>(`${session(sessionId)}/attendance/${encodeURIComponent(participantId)}`),
  addNewcomer: (sessionId: string, body: NewcomerInput) => api.post<{ participant: { id: string; preferredName: string }; counts: Counts }>(`${session(sessionId)}/newcomers`, body),
  saveTally: (sessionId: string, body: Tally) => api.put<Counts>(`${session(sessionId)}/tally`, body),
  signpostings: (programmeId: string, period: { from: string; to: string }, signal?: AbortSignal) =>
    api.get<ListResponse<Signposting>>(withQuery(`${programme(programmeId)}/signpostings`, period), { signal }),
  signpost: (sessionId: string, body: SignpostingInput) => api.post<Signposting>(`${session(sessionId)}/signpostings`, body),
  removeSignposting: (signpostingId: string) => api.delete(`/api/programmes/signpostings/${encodeURIComponent(signpostingId)}`),
};
