import type { Generated } from 'kysely';

export const FORMATS = ['book', 'large_print', 'audiobook_cd', 'talking_book', 'dvd', 'ebook'] as const;
export type Format = (typeof FORMATS)[number];
export const AUDIENCES = ['adult', 'young_adult', 'children'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const ITEM_STATUSES = ['available', 'on_loan', 'on_hold_shelf', 'in_transit', 'missing', 'lost', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface ItemTypesTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  name: string;
  created_at: Generated<Date>;
}

export interface CatalogueRecordsTable {
  id: Generated<string>;
  tenant_id: string;
  title: string;
  subtitle: string | null;
  authors: Generated<string[]>;
  subjects: Generated<string[]>;
  genres: Generated<string[]>;
  isbns: Generated<string[]>;
  control_number: string | null;
  format: Format;
  language: string | null;
  audience: Audience | null;
  summary: string | null;
  publisher: string | null;
  publication_year: number | null;
  cover_url: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ItemsTable {
  id: Generated<string>;
  tenant_id: string;
  record_id: string;
  barcode: string;
  branch_id: string;
  item_type_id: string;
  shelf_location: string | null;
  status: Generated<ItemStatus>;
  destination_branch_id: string | null;
  status_changed_at: Generated<Date>;
  created_at: Generated<Date>;
}

export interface CatalogueTables {
  item_types: ItemTypesTable;
  catalogue_records: CatalogueRecordsTable;
  items: ItemsTable;
}
