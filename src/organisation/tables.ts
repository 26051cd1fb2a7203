import type { Generated } from 'kysely';

export interface LibraryServicesTable {
  id: Generated<string>;
  name: string;
  slug: string;
  currency: Generated<string>;
  time_zone: Generated<string>;
  fine_block_pence: Generated<number>;
  hold_shelf_days: Generated<number>;
  request_expiry_days: Generated<number>;
  /** Days sent messages keep their bodies (added by the mail module's migration). */
  message_retention_days: Generated<number>;
  created_at: Generated<Date>;
}

export interface BranchesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  code: string | null;
  address: string | null;
  created_at: Generated<Date>;
}

export interface BranchOpeningHoursTable {
  branch_id: string;
  weekday: number;
  opens: string;
  closes: string;
}

export const ORGANISATION_KINDS = ['library_service', 'council', 'charity', 'health', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface OrganisationsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  kind: OrganisationKind;
  email: string | null;
  phone: string | null;
  website: string | null;
  description: string | null;
  created_at: Generated<Date>;
}

export interface PartnershipsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  description: string | null;
  created_at: Generated<Date>;
}

export interface PartnershipMembersTable {
  partnership_id: string;
  organisation_id: string;
  joined_at: Generated<Date>;
}

export interface OrganisationTables {
  library_services: LibraryServicesTable;
  branches: BranchesTable;
  branch_opening_hours: BranchOpeningHoursTable;
  organisations: OrganisationsTable;
  partnerships: PartnershipsTable;
  partnership_members: PartnershipMembersTable;
}
