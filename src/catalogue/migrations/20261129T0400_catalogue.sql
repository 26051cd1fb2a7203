-- Bibliographic records (what a title is) and items (the copies on the shelves).
create table item_types (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  code text not null,
  name text not null,
  created_at timestamptz not null default now(),
  unique (tenant_id, code)
);

create table catalogue_records (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  title text not null,
  subtitle text,
  authors text[] not null default '{}',
  subjects text[] not null default '{}',
  genres text[] not null default '{}',
  isbns text[] not null default '{}',
  -- MARC 001 with its 003 agency, when the record came from MARC: matches re-imports.
  control_number text,
  format text not null check (format in ('book', 'large_print', 'audiobook_cd', 'talking_book', 'dvd', 'ebook')),
  -- MARC language code (ISO 639-2/B), e.g. eng, ara, pol.
  language text,
  audience text check (audience in ('adult', 'young_adult', 'children')),
  summary text,
  publisher text,
  publication_year integer check (publication_year between 1000 and 2999),
  cover_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index catalogue_records_tenant on catalogue_records (tenant_id, created_at desc);
create unique index catalogue_records_control_number on catalogue_records (tenant_id, control_number) where control_number is not null;
create index catalogue_records_isbns on catalogue_records using gin (isbns);

create table items (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  record_id uuid not null references catalogue_records (id),
  barcode text not null,
  branch_id uuid not null references branches (id),
  item_type_id uuid not null references item_types (id),
  shelf_location text,
  status text not null default 'available'
    check (status in ('available', 'on_loan', 'on_hold_shelf', 'in_transit', 'missing', 'lost', 'withdrawn')),
  -- Where an item in transit is going, or which branch's hold shelf it waits on.
  destination_branch_id uuid references branches (id),
  status_changed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  unique (tenant_id, barcode)
);
create index items_record on items (record_id);
create index items_branch_status on items (tenant_id, branch_id, status);
