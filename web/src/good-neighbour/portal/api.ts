import { ApiError, withQuery, type Problem } from '../../platform/api';

/**
 * The portal talks to its own routes with its own session: the neighbour's CSRF token travels
 * here rather than in the staff client's, so a person who is also signed in as staff in the same
 * browser never sends one session's token with the other's request.
 */
let csrfToken: string | null = null;

export function setPortalCsrfToken(token: string | null) {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'DELETE';

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Partial<Problem> | null;
    if (body && typeof body === 'object') return { ...body, status: response.status };
  } catch {
    // No readable body: the status alone says what happened.
  }
  return { status: response.status, title: response.statusText };
}

async function call<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Accept-Language': document.documentElement.lang || 'en' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network_error' });
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(await problemOf(response), Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export type Format = 'book' | 'large_print' | 'audiobook_cd' | 'talking_book' | 'dvd' | 'ebook';

export interface NeighbourSession {
  neighbour: { name: string };
  csrfToken: string;
  expiresAt: string;
}

export interface ServedReader {
  id: string;
  firstName: string;
  nextVisit: string | null;
  loansOut: number | null;
  loansDue: number | null;
}

export interface PortalLoan {
  id: string;
  title: string;
  authors: string[];
  format: Format;
  coverUrl: string | null;
  dueDate: string;
  issuedAt: string;
  collectedBy: string | null;
  misplacedAtHomeOn: string | null;
  overdue: boolean;
}

export type LookForReason = 'misplaced' | 'overdue' | 'due_before_visit';

export interface PortalRequest {
  id: string;
  recordId: string;
  title: string;
  status: 'waiting' | 'ready';
  position: number | null;
  pickupBranchName: string;
  holdUntil: string | null;
  placedAt: string;
  askedBy: string | null;
}

export interface PortalSelection {
  id: string;
  forVisit: string | null;
  pickupBranchName: string;
  status: 'open' | 'collected';
  collectedAt: string | null;
  items: {
    recordId: string;
    title: string;
    authors: string[];
    format: Format;
    coverUrl: string | null;
    requestStatus: 'waiting' | 'ready' | 'collected' | 'cancelled' | 'expired' | null;
    holdUntil: string | null;
  }[];
}

export interface ReaderView {
  today: string;
  reader: { id: string; firstName: string };
  allows: { loans: boolean; history: boolean; profile: boolean };
  nextVisit: string | null;
  visits: string[];
  loans: PortalLoan[] | null;
  toLookFor: (PortalLoan & { why: LookForReason })[] | null;
  requests: PortalRequest[];
  selections: PortalSelection[];
  history: { recordId: string; title: string; authors: string[] }[] | null;
  pickupBranch: { id: string; name: string } | null;
}

export interface Refusal {
  title: string;
  dueDate: string;
  code: string;
  reason: string;
}

export interface RenewResult {
  renewed: { title: string; dueDate: string }[];
  refused: Refusal[];
}

export interface TitleFound {
  id: string;
  title: string;
  subtitle: string | null;
  authors: string[];
  format: Format;
  publicationYear: number | null;
  coverUrl: string | null;
  availableCount: number;
}

export const REASON_KINDS = ['format', 'subject', 'genre', 'author', 'language', 'history_author', 'history_subject'] as const;

export interface Suggestion {
  recordId: string;
  title: string;
  authors: string[];
  format: Format;
  coverUrl: string | null;
  summary: string | null;
  availableCopies: number;
  reasons: { kind: (typeof REASON_KINDS)[number]; value: string }[];
}

export interface RenewLink {
  reader: string;
  library: string;
  expiresAt: string;
  loans: { title: string; author: string | null; format: Format; dueDate: string; misplaced: boolean }[];
}

const readerPath = (readerId: string) => `/api/neighbour-portal/readers/${encodeURIComponent(readerId)}`;
const renewLinkPath = (token: string) => `/api/good-neighbour/renew-links/${encodeURIComponent(token)}`;

export const portalApi = {
  askForLink: (email: string) => call<{ detail: string }>('POST', '/api/neighbour-portal/sign-in', { email }),
  signIn: (token: string) => call<NeighbourSession>('POST', '/api/neighbour-portal/session', { token }),
  session: (signal?: AbortSignal) => call<NeighbourSession>('GET', '/api/neighbour-portal/session', undefined, signal),
  signOut: () => call<void>('DELETE', '/api/neighbour-portal/session'),
  readers: (signal?: AbortSignal) => call<{ items: ServedReader[]; today: string }>('GET', '/api/neighbour-portal/readers', undefined, signal),
  reader: (readerId: string, signal?: AbortSignal) => call<ReaderView>('GET', readerPath(readerId), undefined, signal),
  renew: (readerId: string, loanIds?: string[]) => call<RenewResult>('POST', `${readerPath(readerId)}/renew`, loanIds ? { loanIds } : {}),
  misplaced: (readerId: string, loanId: string) => call<PortalLoan>('POST', `${readerPath(readerId)}/loans/${encodeURIComponent(loanId)}/misplaced`, {}),
  found: (readerId: string, loanId: string) => call<PortalLoan>('DELETE', `${readerPath(readerId)}/loans/${encodeURIComponent(loanId)}/misplaced`),
  request: (readerId: string, recordId: string) => call<PortalRequest>('POST', `${readerPath(readerId)}/requests`, { recordId }),
  collected: (readerId: string, selectionId: string) => call<PortalSelection>('POST', `${readerPath(readerId)}/selections/${encodeURIComponent(selectionId)}/collected`, {}),
  suggestions: (readerId: string, signal?: AbortSignal) => call<{ items: Suggestion[] }>('GET', `${readerPath(readerId)}/suggestions`, undefined, signal),
  findTitles: (q: string, signal?: AbortSignal) => call<{ items: TitleFound[] }>('GET', withQuery('/api/neighbour-portal/catalogue', { q }), undefined, signal),
  describeRenewLink: (token: string, signal?: AbortSignal) => call<RenewLink>('GET', renewLinkPath(token), undefined, signal),
  useRenewLink: (token: string) => call<RenewResult>('POST', renewLinkPath(token), {}),
};
