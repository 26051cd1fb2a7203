import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type {
  DirectoryContactsTable,
  DirectoryLocationsTable,
  DirectoryOrganizationsTable,
  DirectoryPhonesTable,
  DirectorySchedulesTable,
  DirectoryServicesTable,
  DirectoryTaxonomiesTable,
  DirectoryTaxonomyTermsTable,
} from './tables.ts';

export type OrganizationRow = Selectable<DirectoryOrganizationsTable>;
export type ServiceRow = Selectable<DirectoryServicesTable>;
export type LocationRow = Selectable<DirectoryLocationsTable>;
export type PhoneRow = Selectable<DirectoryPhonesTable>;
export type ScheduleRow = Selectable<DirectorySchedulesTable>;
export type ContactRow = Selectable<DirectoryContactsTable>;
export type TaxonomyRow = Selectable<DirectoryTaxonomiesTable>;
export type TermRow = Selectable<DirectoryTaxonomyTermsTable>;

type Json = Record<string, unknown>;

/** HSDS fields are typed without null: a value Hearth does not hold is left out, not sent as null. */
export function compact<T extends Json>(fields: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined)) as { [K in keyof T]: Exclude<T[K], null> };
}

/**
 * HSDS gives every language and address its own id, where Hearth keeps them as fields of their
 * owner; a name-based (version 5 style) UUID of the owner and the part keeps those ids stable
 * from one read of the feed to the next.
 */
export function derivedId(...parts: string[]): string {
  const bytes = createHash('sha1').update(`hearth-directory:${parts.join(':')}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

function languageName(code: string): string | undefined {
  try {
    return languageNames.of(code);
  } catch {
    return undefined;
  }
}

export const presentLanguage = (ownerId: string, code: string, owner: 'service_id' | 'phone_id') =>
  compact({ id: derivedId(ownerId, 'language', code), [owner]: ownerId, code, name: languageName(code) });

const numericExtension = (extension: string | null) => (extension && /^\d+$/.test(extension) ? Number(extension) : undefined);

export const presentPhone = (row: PhoneRow) =>
  compact({
    id: row.id,
    service_id: row.service_id,
    organization_id: row.organization_id,
    location_id: row.location_id,
    number: row.number,
    extension: numericExtension(row.extension),
    type: row.type,
    description: row.description,
    languages: row.languages.map((code) => presentLanguage(row.id, code, 'phone_id')),
  });

export const presentSchedule = (row: ScheduleRow) =>
  compact({
    id: row.id,
    service_id: row.service_id,
    location_id: row.location_id,
    service_at_location_id: row.service_at_location_id,
    valid_from: row.valid_from,
    valid_to: row.valid_to,
    freq: row.freq,
    byday: row.byday,
    opens_at: row.opens_at,
    closes_at: row.closes_at,
    description: row.description,
  });

export const presentContact = (row: ContactRow) =>
  compact({ id: row.id, service_id: row.service_id, organization_id: row.organization_id, name: row.name, title: row.title, department: row.department, email: row.email });

/** HSDS requires a street, town and postcode of an address; a location without them has no address to give. */
function presentAddress(row: LocationRow) {
  if (!row.address_1 || !row.city || !row.postal_code) return null;
  return compact({
    id: derivedId(row.id, 'address'),
    location_id: row.id,
    address_1: row.address_1,
    address_2: row.address_2,
    city: row.city,
    region: row.region,
    state_province: row.state_province ?? row.region ?? '',
    postal_code: row.postal_code,
    country: row.country.trim(),
    address_type: row.location_type,
  });
}

export const presentLocationBasic = (row: LocationRow) =>
  compact({
    id: row.id,
    location_type: row.location_type,
    organization_id: row.organization_id,
    name: row.name,
    description: row.description,
    latitude: row.latitude,
    longitude: row.longitude,
  });

export function presentLocation(row: LocationRow, related: { phones?: PhoneRow[]; schedules?: ScheduleRow[] } = {}) {
  const address = presentAddress(row);
  return compact({
    ...presentLocationBasic(row),
    addresses: address ? [address] : [],
    phones: related.phones?.map(presentPhone),
    schedules: related.schedules?.map(presentSchedule),
  });
}

export const presentOrganizationBasic = (row: OrganizationRow) =>
  compact({ id: row.id, name: row.name, alternate_name: row.alternate_name, description: row.description, email: row.email, website: row.website });

export const presentTaxonomy = (row: TaxonomyRow) => compact({ id: row.id, name: row.name, description: row.description, uri: row.uri, version: row.version });

export const presentTerm = (row: TermRow, taxonomy: TaxonomyRow) =>
  compact({
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    parent_id: row.parent_id,
    taxonomy: taxonomy.name,
    taxonomy_detail: presentTaxonomy(taxonomy),
    language: row.language,
    taxonomy_id: row.taxonomy_id,
    term_uri: row.term_uri,
  });

export const presentServiceBasic = (row: ServiceRow, organization?: OrganizationRow) =>
  compact({
    id: row.id,
    organization_id: row.organization_id,
    name: row.name,
    alternate_name: row.alternate_name,
    description: row.description,
    url: row.url,
    email: row.email,
    status: row.status,
    interpretation_services: row.interpretation_services,
    application_process: row.application_process,
    fees_description: row.fees_description,
    eligibility_description: row.eligibility_description,
    minimum_age: row.minimum_age,
    maximum_age: row.maximum_age,
    assured_date: row.assured_date,
    last_modified: row.updated_at.toISOString(),
    organization: organization && presentOrganizationBasic(organization),
  });

/** The minimal listing HSDS offers for harvesting: enough to tell what changed since the last run. */
export const presentServiceMinimal = (row: ServiceRow) => ({ id: row.id, name: row.name, status: row.status, last_modified: row.updated_at.toISOString() });

export interface Paging {
  page: number;
  perPage: number;
}

/** The HSDS `Page` envelope around one page of items. */
export function pageOf<T>(contents: T[], totalItems: number, paging: Paging) {
  const totalPages = Math.ceil(totalItems / paging.perPage);
  return {
    total_items: totalItems,
    total_pages: totalPages,
    page_number: paging.page,
    size: contents.length,
    first_page: paging.page === 1,
    last_page: paging.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
