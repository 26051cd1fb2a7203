import { api, withQuery, type ListResponse } from '../platform/api';
import type { Role } from '../platform/auth';

/** Who shapes programmes, schedules and topics; the server enforces the same list (PROGRAMME_EDITORS). */
export const canEditProgrammes = (role: Role) => role === 'admin' || role === 'programme_leader';
/** Who helps run sessions and so sees programmes and their calendar (SESSION_HELPERS). */
export const canSeeProgrammes = (role: Role) => role !== 'partner_caseworker';

/** The languages Hearth's public programme pages come in, and which of them read right to left. */
export const programmeLanguages = ['en', 'ar', 'uk', 'ro', 'pl', 'prs', 'ps'] as const;
export type ProgrammeLanguage = (typeof programmeLanguages)[number];
const rightToLeft: readonly string[] = ['ar', 'prs', 'ps'];
export const textDirection = (language: string): 'rtl' | 'ltr' => (rightToLeft.includes(language) ? 'rtl' : 'ltr');

export const audiences = ['everyone', 'adults', 'women', 'families', 'children', 'young_people', 'older_people'] as const;
export type Audience = (typeof audiences)[number];

export interface Named {
  id: string;
  name: string;
}

export interface ProgrammeSummary {
  id: string;
  name: string;
  status: 'active' | 'archived';
  womenOnly: boolean;
  free: boolean;
  bookingNeeded: boolean;
  branches: Named[];
  nextSession: { id: string; startsAt: string; branchName: string } | null;
  languages: string[];
}

export interface Translation {
  language: string;
  name: string;
  description: string | null;
  eligibilityNote: string | null;
}

export interface Schedule {
  id: string;
  programmeId: string;
  jointProgrammeId: string | null;
  branchId: string;
  branchName: string;
  rrule: string;
  firstDate: string;
  startsLocal: string;
  endsLocal: string;
  timeZone: string;
  room: string | null;
  facilitator: string | null;
  capacity: number | null;
}

export interface Programme {
  id: string;
  name: string;
  description: string | null;
  language: string;
  audience: Audience;
  womenOnly: boolean;
  free: boolean;
  bookingNeeded: boolean;
  eligibilityNote: string | null;
  suggestedDonationPence: number | null;
  status: 'active' | 'archived';
  shared: boolean;
  copiedFromId: string | null;
  translations: Translation[];
  branches: (Named & { address: string | null; addedAt: string })[];
  partners: Named[];
  topics: Named[];
  schedules: Schedule[];
}

export interface ProgrammeInput {
  name?: string;
  description?: string;
  language?: string;
  audience?: Audience;
  womenOnly?: boolean;
  free?: boolean;
  bookingNeeded?: boolean;
  eligibilityNote?: string | null;
  suggestedDonationPence?: number | null;
  shared?: boolean;
  partnerOrganisationIds?: string[];
  topicIds?: string[];
  status?: 'active' | 'archived';
}

export interface TranslationInput {
  name: string;
  description?: string;
  eligibilityNote?: string | null;
}

export interface ScheduleInput {
  branchId: string;
  rrule: string;
  firstDate: string;
  startsLocal: string;
  endsLocal: string;
  room?: string | null;
  facilitator?: string | null;
  capacity?: number | null;
  jointProgrammeId?: string | null;
}

export type SessionStatus = 'scheduled' | 'cancelled' | 'withdrawn';

export interface Session {
  id: string;
  programmeId: string;
  programmeName: string;
  jointProgrammeId: string | null;
  jointProgrammeName: string | null;
  branchId: string;
  branchName: string;
  scheduleId: string | null;
  occurrenceDate: string | null;
  date: string;
  startsLocal: string;
  endsLocal: string;
  startsAt: string;
  endsAt: string;
  room: string | null;
  facilitator: string | null;
  capacity: number | null;
  topic: string | null;
  status: SessionStatus;
  cancellationReason: string | null;
  detached: boolean;
  presentCount: number;
  donationsPence: number;
}

export interface SessionChanges {
  date?: string;
  startsLocal?: string;
  endsLocal?: string;
  room?: string | null;
  facilitator?: string | null;
  capacity?: number | null;
  topic?: string | null;
}

export interface OneOffSessionInput extends SessionChanges {
  branchId: string;
  date: string;
  startsLocal: string;
  endsLocal: string;
  jointProgrammeId?: string | null;
}

export interface SharedProgramme {
  id: string;
  name: string;
  description: string | null;
  libraryService: { name: string };
  branchCount: number;
  topics: string[];
}

export const resourceKinds = ['link', 'file', 'phrase_sheet'] as const;
export type ResourceKind = (typeof resourceKinds)[number];

export interface TopicResource {
  id: string;
  kind: ResourceKind;
  title: string;
  language: string;
  url: string | null;
  fileName: string | null;
}

export interface Topic {
  id: string;
  name: string;
  description: string | null;
  resources: TopicResource[];
}

export type ResourceInput =
  | { kind: 'link'; title: string; language: string; url: string }
  | { kind: 'file' | 'phrase_sheet'; title: string; language: string; fileName: string; contentType: string; contentBase64: string };

const base = '/api/programmes';
const id = encodeURIComponent;
const one = (programmeId: string) => `${base}/${id(programmeId)}`;
const session = (sessionId: string) => `${base}/sessions/${id(sessionId)}`;

export const programmesApi = {
  list: (signal?: AbortSignal) => api.get<ListResponse<ProgrammeSummary>>(base, { signal }),
  get: (programmeId: string, signal?: AbortSignal) => api.get<Programme>(one(programmeId), { signal }),
  create: (body: ProgrammeInput & { name: string; branchIds?: string[]; translations?: Translation[] }) => api.post<Programme>(base, body),
  update: (programmeId: string, body: ProgrammeInput) => api.patch<Programme>(one(programmeId), body),
  putTranslation: (programmeId: string, language: string, body: TranslationInput) =>
    api.put<unknown>(`${one(programmeId)}/translations/${id(language)}`, body),
  deleteTranslation: (programmeId: string, language: string) => api.delete(`${one(programmeId)}/translations/${id(language)}`),
  addBranch: (programmeId: string, branchId: string) => api.post<unknown>(`${one(programmeId)}/branches`, { branchId }),
  removeBranch: (programmeId: string, branchId: string) => api.delete(`${one(programmeId)}/branches/${id(branchId)}`),
  shared: (signal?: AbortSignal) => api.get<ListResponse<SharedProgramme>>(`${base}/shared`, { signal }),
  copy: (programmeId: string, body: { name: string; branchIds?: string[] }) => api.post<Programme>(`${one(programmeId)}/copy`, body),
  addSchedule: (programmeId: string, body: ScheduleInput) => api.post<Schedule>(`${one(programmeId)}/schedules`, body),
  updateSchedule: (scheduleId: string, body: Partial<ScheduleInput>) => api.patch<Schedule>(`${base}/schedules/${id(scheduleId)}`, body),
  deleteSchedule: (scheduleId: string) => api.delete(`${base}/schedules/${id(scheduleId)}`),
  calendar: (query: { from: string; to: string; branchId?: string }, signal?: AbortSignal) =>
    api.get<ListResponse<Session>>(withQuery(`${base}/sessions`, query), { signal }),
  /** The programme's sessions of the next eight weeks, joint ones included. */
  sessions: (programmeId: string, signal?: AbortSignal) => api.get<ListResponse<Session>>(`${one(programmeId)}/sessions`, { signal }),
  addSession: (programmeId: string, body: OneOffSessionInput) => api.post<Session>(`${one(programmeId)}/sessions`, body),
  updateSession: (sessionId: string, body: SessionChanges) => api.patch<Session>(session(sessionId), body),
  cancelSession: (sessionId: string, reason: string) => api.post<{ session: Session; notified: number }>(`${session(sessionId)}/cancel`, { reason }),
  reinstateSession: (sessionId: string) => api.post<Session>(`${session(sessionId)}/reinstate`),
  topics: (signal?: AbortSignal) => api.get<ListResponse<Topic>>(`${base}/topics`, { signal }),
  addTopic: (body: { name: string; description?: string }) => api.post<Topic>(`${base}/topics`, body),
  deleteTopic: (topicId: string) => api.delete(`${base}/topics/${id(topicId)}`),
  addResource: (topicId: string, body: ResourceInput) => api.post<TopicResource>(`${base}/topics/${id(topicId)}/resources`, body),
  deleteResource: (resourceId: string) => api.delete(`${base}/resources/${id(resourceId)}`),
  resourceFileUrl: (resourceId: string) => `${base}/resources/${id(resourceId)}/file`,
  publicPageUrl: (programmeId: string, language?: string) => withQuery(`/public/programmes/${id(programmeId)}`, { lang: language }),
  calendarFeedUrl: (programmeId: string) => `/api/public/programmes/${id(programmeId)}/calendar.ics`,
};

/** Today's date in the browser's time zone, as the API writes dates. */
export function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The date `days` after an ISO date. */
export function addDaysIso(date: string, days: number): string {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** "10:00:00" or "10:00" as the time inputs and the API's bodies want it: "10:00". */
export const hhmm = (time: string) => time.slice(0, 5);
