import { api, withQuery, type ListResponse } from '../platform/api';
import { roles, type Role, type User } from '../platform/auth';

/** Everyone who works in the partnership looks services up: library staff and partner caseworkers (DIRECTORY_READERS). */
export const canReadDirectory = (role: Role) => roles.includes(role);
/** Who maintains services (DIRECTORY_EDITORS); a partner caseworker only her own organisation's. */
export const canEditDirectory = (role: Role) => role === 'admin' || role === 'outreach' || role === 'partner_caseworker';
/** Who loads another council's HSDS feed into the directory. */
export const canImportDirectory = (role: Role) => role === 'admin';
/** Who publishes a partnership's data-sharing agreement. */
export const canPublishAgreements = (role: Role) => role === 'admin';
/** Who accepts an agreement: the library service for any organisation, a caseworker for her own (AGREEMENT_SIGNERS). */
export const canAcceptAgreements = (role: Role) => role === 'admin' || role === 'partner_caseworker';

export const serviceStatuses = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof serviceStatuses)[number];
export const phoneTypes = ['voice', 'cell', 'text', 'textphone', 'video', 'fax', 'pager'] as const;
export type PhoneType = (typeof phoneTypes)[number];

/** The languages offered as choices: English and the community languages most asked for in UK libraries. */
export const directoryLanguages = ['en', 'ar', 'bn', 'zh', 'fa', 'fr', 'gu', 'ku', 'pl', 'ps', 'pt', 'pa', 'ro', 'so', 'es', 'ti', 'tr', 'uk', 'ur', 'cy'] as const;

export interface ServiceLocation {
  id: string;
  name: string | null;
  locationType: 'physical' | 'postal' | 'virtual';
  address1: string | null;
  address2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string;
  latitude: number | null;
  longitude: number | null;
}

export interface ServiceSchedule {
  id: string;
  /** RFC 5545 weekdays, e.g. "MO,TU". */
  byday: string | null;
  opensAt: string | null;
  closesAt: string | null;
  description: string | null;
}

/** What a service says about itself, the same whether read or sent. */
interface ServiceDetails {
  name: string;
  alternateName: string | null;
  description: string;
  url: string | null;
  email: string | null;
  status: ServiceStatus;
  eligibilityDescription: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  feesDescription: string | null;
  applicationProcess: string | null;
  interpretationServices: string | null;
  acceptingReferrals: boolean;
  typicalResponseDays: number | null;
  languages: string[];
}

/** How a service has answered referrals over the last 12 months, worked out by the server. */
export interface ReferralFigures {
  received: number;
  /** Accepted or rejected. */
  answered: number;
  accepted: number;
  /** accepted / answered, from 0 to 1; null while none has been answered. */
  shareAccepted: number | null;
  /** Median hours from sending to acceptance; null while none has been accepted. */
  medianHoursToAccept: number | null;
}

export interface DirectoryService extends ServiceDetails {
  id: string;
  organisation: { id: string; organisationId: string | null; name: string };
  source: { id: string; name: string } | null;
  terms: { id: string; code: string | null; name: string; taxonomy: { id: string; name: string } }[];
  locations: ServiceLocation[];
  phones: { id: string; number: string; type: PhoneType | null; description: string | null; languages: string[] }[];
  contacts: { id: string; name: string | null; title: string | null; email: string | null }[];
  schedules: ServiceSchedule[];
  referralFigures: ReferralFigures;
  updatedAt: string;
  createdAt: string;
}

export interface FoundService extends DirectoryService {
  distanceKm: number | null;
  openNow: boolean;
}

export interface SearchPage {
  items: FoundService[];
  total: number;
  page: number;
  perPage: number;
}

export interface DirectorySearch {
  q: string;
  termId: string;
  language: string;
  postcode: string;
  radiusKm: string;
  age: string;
  openNow: boolean;
  acceptingReferrals: boolean;
  page: number;
}

export const SEARCH_PAGE_SIZE = 20;

export interface TaxonomyTerm {
  id: string;
  code: string | null;
  name: string;
  parentId: string | null;
  /** 0 for a top-level term, 1 for its children, and so on. */
  depth: number;
}

export interface Taxonomy {
  id: string;
  name: string;
  /** The tree walked depth first: each term comes before the terms under it. */
  terms: TaxonomyTerm[];
}

export interface LocationInput {
  name: string | null;
  address1: string;
  address2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  latitude: number | null;
  longitude: number | null;
}

export interface ServiceInput extends ServiceDetails {
  organisationId?: string;
  termIds: string[];
  locations: LocationInput[];
  phones: { number: string; type: PhoneType | null; description: string | null }[];
  contacts: { name: string | null; title: string | null; email: string | null }[];
  schedules: { byday: string; opensAt: string; closesAt: string }[];
}

export interface ImportReport {
  imported: number;
  updated: number;
  rejected: { externalId: string | null; reason: string }[];
}

/** What the postcode gazetteer holds. */
export interface PostcodeSummary {
  count: number;
  /** Distinct outward codes. */
  districts: number;
}

export interface PostcodeLoadReport {
  loaded: number;
  /** Terminated postcodes and those without a grid reference. */
  skipped: number;
  /** The first rows that could not be read; rejectedCount counts them all. */
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
}

export type ImportRequest = { sourceName: string; feedUrl: string } | { sourceName: string; document: unknown };

export interface AgreementAcceptance {
  organisation: { id: string; name: string };
  acceptedAt: string;
  acceptedByName: string;
}

export interface Agreement {
  id: string;
  version: string;
  body: string;
  publishedAt: string;
  /** The latest version, the only one that can be accepted. */
  current: boolean;
  acceptances: AgreementAcceptance[];
}

/** A caseworker changes only her own organisation's services; imported ones are changed at their source. */
export function canEditService(user: User, service: DirectoryService): boolean {
  if (!canEditDirectory(user.role) || service.source) return false;
  return user.role !== 'partner_caseworker' || service.organisation.organisationId === user.organisationId;
}

const id = encodeURIComponent;
const base = '/api/service-directory';

function searchQuery(search: DirectorySearch) {
  return {
    q: search.q.trim(),
    termId: search.termId,
    language: search.language,
    postcode: search.postcode.trim(),
    radiusKm: search.postcode.trim() ? search.radiusKm : '',
    age: search.age.trim(),
    openNow: search.openNow || undefined,
    acceptingReferrals: search.acceptingReferrals || undefined,
    page: search.page,
    perPage: SEARCH_PAGE_SIZE,
  };
}

export const directoryApi = {
  search: (search: DirectorySearch, signal?: AbortSignal) => api.get<SearchPage>(withQuery(`${base}/services`, searchQuery(search)), { signal }),
  service: (serviceId: string, signal?: AbortSignal) => api.get<DirectoryService>(`${base}/services/${id(serviceId)}`, { signal }),
  create: (body: ServiceInput) => api.post<DirectoryService>(`${base}/services`, body),
  update: (serviceId: string, body: ServiceInput) => api.patch<DirectoryService>(`${base}/services/${id(serviceId)}`, body),
  taxonomies: (signal?: AbortSignal) => api.get<ListResponse<Taxonomy>>(`${base}/taxonomies`, { signal }),
  import: (body: ImportRequest) => api.post<ImportReport>(`${base}/imports`, body),
  postcodes: (signal?: AbortSignal) => api.get<PostcodeSummary>(`${base}/postcodes`, { signal }),
  /** Sent as text/csv whatever type the browser gave the file (some say application/vnd.ms-excel). */
  loadPostcodes: (file: File) => api.upload<PostcodeLoadReport>(`${base}/postcodes`, new Blob([file], { type: 'text/csv' })),
  clearPostcodes: () => api.delete<{ removed: number }>(`${base}/postcodes`),
};

export const agreementsApi = {
  list: (partnershipId: string, signal?: AbortSignal) => api.get<ListResponse<Agreement>>(`/api/partnerships/${id(partnershipId)}/agreements`, { signal }),
  publish: (partnershipId: string, body: { version: string; body: string }) => api.post<Agreement>(`/api/partnerships/${id(partnershipId)}/agreements`, body),
  accept: (partnershipId: string, agreementId: string, organisationId?: string) =>
    api.post<unknown>(`/api/partnerships/${id(partnershipId)}/agreements/${id(agreementId)}/accept`, organisationId ? { organisationId } : {}),
};
