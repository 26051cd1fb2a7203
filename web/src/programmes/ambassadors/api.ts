import { api, type ListResponse } from '../../platform/api';

export interface Ambassador {
  id: string;
  participantId: string;
  preferredName: string;
  languages: string[];
  inviteCode: string;
  inviteUrl: string;
  newcomersBrought: number;
  promotedAt: string;
}

export const contactKinds = ['school', 'community_group', 'faith_group', 'health', 'other'] as const;
export type ContactKind = (typeof contactKinds)[number];

export interface OutreachContact {
  id: string;
  ambassador: { id: string; preferredName: string } | null;
  contactName: string;
  contactKind: ContactKind;
  contactedOn: string;
  outcome: string | null;
  followUpOn: string | null;
  /** The follow-up date has come, by the library service's calendar. */
  followUpDue: boolean;
}

export interface OutreachInput {
  ambassadorId?: string;
  contactName: string;
  contactKind: ContactKind;
  contactedOn: string;
  outcome?: string;
  followUpOn?: string;
}

/** A participant as the promote search lists her. */
export interface ParticipantMatch {
  id: string;
  preferredName: string;
  languages: string[];
}

export interface InvitationCards {
  inviteUrl: string;
  qrSvg: string;
  cards: { language: string; dir: 'ltr' | 'rtl'; heading: string; body: string; programmeName: string }[];
}

const id = encodeURIComponent;
const programme = (programmeId: string) => `/api/programmes/${id(programmeId)}`;

export const ambassadorsApi = {
  list: (programmeId: string, signal?: AbortSignal) => api.get<ListResponse<Ambassador>>(`${programme(programmeId)}/ambassadors`, { signal }),
  promote: (programmeId: string, participantId: string) => api.post<Ambassador>(`${programme(programmeId)}/ambassadors`, { participantId }),
  stepDown: (ambassadorId: string) => api.delete(`/api/programmes/ambassadors/${id(ambassadorId)}`),
  cards: (ambassadorId: string, signal?: AbortSignal) => api.get<InvitationCards>(`/api/programmes/ambassadors/${id(ambassadorId)}/invitation-cards`, { signal }),
  participants: (programmeId: string, q: string, signal?: AbortSignal) =>
    api.get<ListResponse<ParticipantMatch>>(`/api/programmes/participants?${new URLSearchParams({ programmeId, q }).toString()}`, { signal }),
  outreach: (programmeId: string, signal?: AbortSignal) => api.get<ListResponse<OutreachContact>>(`${programme(programmeId)}/outreach`, { signal }),
  addOutreach: (programmeId: string, body: OutreachInput) => api.post<OutreachContact>(`${programme(programmeId)}/outreach`, body),
  removeOutreach: (contactId: string) => api.delete(`/api/programmes/outreach/${id(contactId)}`),
};
