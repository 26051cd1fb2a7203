import { api, withQuery, type ListResponse } from '../../platform/api';
import type { Format } from '../../catalogue/api';

export interface ReadingProfile {
  readerId: string;
  subjects: string[];
  authors: string[];
  avoid: string[];
  formats: Format[];
  languages: string[];
  notes: string | null;
  useHistory: boolean;
  /** The reader agreed to the library keeping their reading history; only then may it guide suggestions. */
  historyConsent: boolean;
  updatedAt: string | null;
}

export type ProfileInput = Omit<ReadingProfile, 'readerId' | 'historyConsent' | 'updatedAt'>;

export const reasonKinds = ['format', 'subject', 'genre', 'author', 'language', 'history_author', 'history_subject'] as const;
export type ReasonKind = (typeof reasonKinds)[number];

export interface Reason {
  kind: ReasonKind;
  value: string;
}

export interface Suggestion {
  recordId: string;
  title: string;
  authors: string[];
  format: Format;
  language: string | null;
  coverUrl: string | null;
  summary: string | null;
  availableCopies: number;
  score: number;
  reasons: Reason[];
}

export interface Suggestions {
  branchId: string;
  usedHistory: boolean;
  items: Suggestion[];
}

export type SelectionStatus = 'open' | 'collected' | 'cancelled';
export type RequestStatus = 'waiting' | 'ready' | 'collected' | 'cancelled' | 'expired';

export interface SelectionItem {
  recordId: string;
  title: string;
  authors: string[];
  format: Format;
  coverUrl: string | null;
  addedAt: string;
  requestId: string | null;
  requestStatus: RequestStatus | null;
  holdUntil: string | null;
}

export interface Selection {
  id: string;
  arrangementId: string;
  forVisit: string | null;
  pickupBranch: { id: string; name: string };
  status: SelectionStatus;
  createdAt: string;
  createdByKind: 'staff' | 'neighbour';
  collectedAt: string | null;
  items: SelectionItem[];
}

const base = (arrangementId: string) => `/api/good-neighbour/arrangements/${encodeURIComponent(arrangementId)}`;
const selection = (arrangementId: string, selectionId: string) => `${base(arrangementId)}/selections/${encodeURIComponent(selectionId)}`;

export const choosingApi = {
  profile: (arrangementId: string, signal?: AbortSignal) => api.get<ReadingProfile>(`${base(arrangementId)}/profile`, { signal }),
  saveProfile: (arrangementId: string, body: ProfileInput) => api.put<ReadingProfile>(`${base(arrangementId)}/profile`, body),
  suggestions: (arrangementId: string, query: { branchId?: string; limit?: number }, signal?: AbortSignal) =>
    api.get<Suggestions>(withQuery(`${base(arrangementId)}/suggestions`, query), { signal }),
  selections: (arrangementId: string, signal?: AbortSignal) => api.get<ListResponse<Selection>>(`${base(arrangementId)}/selections`, { signal }),
  startSelection: (arrangementId: string) => api.post<Selection>(`${base(arrangementId)}/selections`),
  addItem: (arrangementId: string, selectionId: string, recordId: string) => api.post<Selection>(`${selection(arrangementId, selectionId)}/items`, { recordId }),
  removeItem: (arrangementId: string, selectionId: string, recordId: string) =>
    api.delete<Selection>(`${selection(arrangementId, selectionId)}/items/${encodeURIComponent(recordId)}`),
  cancelSelection: (arrangementId: string, selectionId: string) => api.post<Selection>(`${selection(arrangementId, selectionId)}/cancel`),
  markCollected: (arrangementId: string, selectionId: string) => api.post<Selection>(`${selection(arrangementId, selectionId)}/collected`),
  largePrintUrl: (arrangementId: string) => `${base(arrangementId)}/large-print.pdf`,
};
