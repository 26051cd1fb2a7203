import { api, type ListResponse } from '../platform/api';
import { can, type Role } from '../platform/auth';

export const formats = ['book', 'large_print', 'audiobook_cd', 'talking_book', 'dvd', 'ebook'] as const;
export type Format = (typeof formats)[number];
export const itemStatuses = ['available', 'on_loan', 'on_hold_shelf', 'in_transit', 'missing', 'lost', 'withdrawn'] as const;
export type ItemStatus = (typeof itemStatuses)[number];

export const audiences = ['adult', 'young_adult', 'children'] as const;
export type Audience = (typeof audiences)[number];
/** Statuses staff set by hand; circulation sets the others (on loan, on hold shelf, in transit, lost). */
export const staffSetStatuses = ['available', 'missing', 'withdrawn'] as const;
export type StaffSetStatus = (typeof staffSetStatuses)[number];

export function isStaffSetStatus(status: ItemStatus): status is StaffSetStatus {
  return (staffSetStatuses as readonly string[]).includes(status);
}

/** Cataloguers add and change records and copies; the API allows the same roles that import. */
export const canCatalogue = (role: Role) => can.importCatalogue(role);

export function isFormat(value: string): value is Format {
  return (formats as readonly string[]).includes(value);
}

export interface CatalogueRecord {
  id: string;
  title: string;
  subtitle: string | null;
  authors: string[];
  subjects: string[];
  genres: string[];
  isbns: string[];
  controlNumber: string | null;
  format: Format;
  language: string | null;
  audience: Audience | null;
  summary: string | null;
  publisher: string | null;
  publicationYear: number | null;
  coverUrl: string | null;
}

export interface Item {
  id: string;
  recordId: string;
  barcode: string;
  branchId: string;
  branchName: string;
  itemTypeId: string;
  itemTypeName: string;
  shelfLocation: string | null;
  status: ItemStatus;
}

export interface BranchAvailability {
  branchId: string;
  branchName: string;
  available: number;
  onLoan: number;
  onHoldShelf: number;
  inTransit: number;
  total: number;
}

export interface RecordWithHoldings extends CatalogueRecord {
  availability: BranchAvailability[];
  items: Item[];
}

export interface FacetValue {
  value: string;
  count: number;
  label?: string;
}

export interface SearchResult {
  items: (CatalogueRecord & { availableCount: number })[];
  total: number;
  /** The total and facet counts are estimated from a sample: very many records matched. */
  totalIsEstimate: boolean;
  approximate: boolean;
  closeSpellings: string[];
  facets: { format: FacetValue[]; language: FacetValue[]; branch: FacetValue[]; availability: FacetValue[] };
}

export interface SearchFilters {
  q: string;
  format: Format[];
  language: string[];
  branchId: string;
  availableNow: boolean;
  page: number;
}

export const SEARCH_PAGE_SIZE = 20;

function searchQuery(filters: SearchFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  for (const format of filters.format) params.append('format', format);
  for (const language of filters.language) params.append('language', language);
  if (filters.branchId) params.set('branchId', filters.branchId);
  if (filters.availableNow) params.set('availableNow', 'true');
  params.set('limit', String(SEARCH_PAGE_SIZE));
  params.set('offset', String((filters.page - 1) * SEARCH_PAGE_SIZE));
  return params.toString();
}

/** What the record forms send: every field, so that clearing one on an edit clears it. */
export interface RecordInput {
  title: string;
  subtitle: string | null;
  authors: string[];
  subjects: string[];
  genres: string[];
  isbns: string[];
  format: Format;
  language: string | null;
  audience: Audience | null;
  summary: string | null;
  publisher: string | null;
  publicationYear: number | null;
  coverUrl: string | null;
}

export interface ItemInput {
  recordId: string;
  barcode: string;
  branchId: string;
  itemTypeId?: string;
  shelfLocation: string | null;
}

export interface ItemChanges {
  branchId?: string;
  itemTypeId?: string;
  shelfLocation?: string | null;
  status?: StaffSetStatus;
}

export interface ItemType {
  id: string;
  code: string;
  name: string;
}

const id = encodeURIComponent;

export const catalogueApi = {
  search: (filters: SearchFilters, signal?: AbortSignal) =>
    api.get<SearchResult>(`/api/catalogue/search?${searchQuery(filters)}`, { signal }),
  record: (recordId: string, signal?: AbortSignal) =>
    api.get<RecordWithHoldings>(`/api/catalogue/records/${id(recordId)}`, { signal }),
  createRecord: (body: RecordInput) => api.post<CatalogueRecord>('/api/catalogue/records', body),
  updateRecord: (recordId: string, body: RecordInput) => api.patch<CatalogueRecord>(`/api/catalogue/records/${id(recordId)}`, body),
  itemTypes: (signal?: AbortSignal) => api.get<ListResponse<ItemType>>('/api/item-types', { signal }),
  createItem: (body: ItemInput) => api.post<Item>('/api/items', body),
  updateItem: (itemId: string, body: ItemChanges) => api.patch<Item>(`/api/items/${id(itemId)}`, body),
};
