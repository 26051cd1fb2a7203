import { api, withQuery, type ListResponse } from '../../platform/api';
import type { HeardVia } from '../register/api';

/** A participant as the server gives her: a preferred name and only what she chose to share. */
export interface Participant {
  id: string;
  preferredName: string;
  languages: string[];
  heardVia: HeardVia | null;
  invitedBy: { ambassadorId: string; preferredName: string | null } | null;
  contact: string | null;
  wantsCancellationNotices: boolean;
  noticeLanguage: string;
  eligibilityConfirmed: boolean;
  firstProgrammeId: string | null;
  ambassadorId: string | null;
  visits: number;
  lastAttendedOn: string | null;
}

/** What a leader may change about her; the server keeps the rest as she gave it. */
export interface ParticipantChanges {
  languages?: string[];
  heardVia?: HeardVia;
  contact?: string | null;
  wantsCancellationNotices?: boolean;
  noticeLanguage?: string;
  eligibilityConfirmed?: boolean;
}

/** The server lists at most this many, so a full page means the search should narrow. */
export const PARTICIPANT_LIST_LIMIT = 200;

const one = (participantId: string) => `/api/programmes/participants/${encodeURIComponent(participantId)}`;

export const participantsApi = {
  list: (query: { q?: string; programmeId?: string }, signal?: AbortSignal) => api.get<ListResponse<Participant>>(withQuery('/api/programmes/participants', query), { signal }),
  get: (participantId: string, signal?: AbortSignal) => api.get<Participant>(one(participantId), { signal }),
  update: (participantId: string, changes: ParticipantChanges) => api.patch<Participant>(one(participantId), changes),
  erase: (participantId: string) => api.delete(one(participantId)),
};
