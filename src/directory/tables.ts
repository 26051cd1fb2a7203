import type { Generated } from 'kysely';

export const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export const LOCATION_TYPES = ['physical', 'postal', 'virtual'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];
export const PHONE_TYPES = ['text', 'voice', 'fax', 'cell', 'video', 'pager', 'textphone'] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];

interface Imported {
  source_id: string | null;
  external_id: string | null;
}

export interface DirectorySourcesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  feed_url: string | null;
  imported_at: Date | null;
  imported_by: string | null;
  created_at: Generated<Date>;
}

export interface DirectoryOrganizationsTable extends Imported {
  id: Generated<string>;
  tenant_id: string;
  organisation_id: string | null;
  name: string;
  alternate_name: string | null;
  description: Generated<string>;
  email: string | null;
  website: string | null;
  updated_at: Generated<Date>;
  created_at: Generated<Date>;
}

export interface DirectoryServicesTable extends Imported {
  id: Generated<string>;
  tenant_id: string;
  organization_id: string;
  name: string;
  alternate_name: string | null;
  description: Generated<string>;
  url: string | null;
  email: string | null;
  status: Generated<ServiceStatus>;
  interpretation_services: string | null;
  application_process: string | null;
  fees_description: string | null;
  eligibility_description: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  accepting_referrals: Generated<boolean>;
  typical_response_days: number | null;
  languages: Generated<string[]>;
  /** ISO date. */
  assured_date: string | null;
  updated_at: Generated<Date>;
  created_at: Generated<Date>;
}

export interface DirectoryLocationsTable extends Imported {
  id: Generated<string>;
  tenant_id: string;
  organization_id: string | null;
  location_type: Generated<LocationType>;
  name: string | null;
  description: string | null;
  address_1: string | null;
  address_2: string | null;
  city: string | null;
  region: string | null;
  state_province: string | null;
  postal_code: string | null;
  country: Generated<string>;
  latitude: number | null;
  longitude: number | null;
  updated_at: Generated<Date>;
  created_at: Generated<Date>;
}

export interface DirectoryServiceAtLocationsTable {
  id: Generated<string>;
  tenant_id: string;
  service_id: string;
  location_id: string;
  description: string | null;
}

export interface DirectoryPhonesTable {
  id: Generated<string>;
  tenant_id: string;
  service_id: string | null;
  organization_id: string | null;
  location_id: string | null;
  number: string;
  extension: string | null;
  type: PhoneType | null;
  description: string | null;
  languages: Generated<string[]>;
}

export interface DirectoryContactsTable {
  id: Generated<string>;
  tenant_id: string;
  service_id: string | null;
  organization_id: string | null;
  name: string | null;
  title: string | null;
  department: string | null;
  email: string | null;
}

export interface DirectorySchedulesTable {
  id: Generated<string>;
  tenant_id: string;
  service_id: string | null;
  service_at_location_id: string | null;
  location_id: string | null;
  freq: Generated<'WEEKLY' | 'MONTHLY'>;
  byday: string | null;
  /** 'HH:MM:SS' */
  opens_at: string | null;
  closes_at: string | null;
  valid_from: string | null;
  valid_to: string | null;
  description: string | null;
}

export interface DirectoryTaxonomiesTable extends Imported {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  description: Generated<string>;
  uri: string | null;
  version: string | null;
}

export interface DirectoryTaxonomyTermsTable {
  id: Generated<string>;
  tenant_id: string;
  taxonomy_id: string;
  external_id: string | null;
  code: string | null;
  name: string;
  description: Generated<string>;
  parent_id: string | null;
  term_uri: string | null;
  language: string | null;
}

export interface DirectoryServiceTermsTable {
  service_id: string;
  term_id: string;
  tenant_id: string;
}

export interface PartnershipAgreementsTable {
  id: Generated<string>;
  tenant_id: string;
  partnership_id: string;
  version: string;
  body: string;
  published_at: Generated<Date>;
  published_by: string | null;
}

export interface PartnershipAgreementAcceptancesTable {
  agreement_id: string;
  organisation_id: string;
  tenant_id: string;
  accepted_at: Generated<Date>;
  accepted_by: string | null;
  accepted_by_name: string;
}

/** A postcode's centroid from the gazetteer an administrator loaded. */
export interface DirectoryPostcodePlacesTable {
  tenant_id: string;
  /** Compact: capitals, no spaces. */
  postcode: string;
  /** The district (outward code) of the postcode. */
  outward: string;
  latitude: number;
  longitude: number;
}

export interface DirectoryTables {
  directory_sources: DirectorySourcesTable;
  directory_organizations: DirectoryOrganizationsTable;
  directory_services: DirectoryServicesTable;
  directory_locations: DirectoryLocationsTable;
  directory_service_at_locations: DirectoryServiceAtLocationsTable;
  directory_phones: DirectoryPhonesTable;
  directory_contacts: DirectoryContactsTable;
  directory_schedules: DirectorySchedulesTable;
  directory_taxonomies: DirectoryTaxonomiesTable;
  directory_taxonomy_terms: DirectoryTaxonomyTermsTable;
  directory_service_terms: DirectoryServiceTermsTable;
  directory_postcode_places: DirectoryPostcodePlacesTable;
  partnership_agreements: PartnershipAgreementsTable;
  partnership_agreement_acceptances: PartnershipAgreementAcceptancesTable;
}
