-- The service directory, shaped on Open Referral HSDS 3 and its UK profile. Each library service
-- keeps the directory of its partnership: its partners' services and those imported from other
-- councils' HSDS feeds. Column names follow HSDS so the feed maps one to one.

-- Where imported records came from; local records have no source.
create table directory_sources (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  name text not null,
  feed_url text,
  imported_at timestamptz,
  imported_by uuid,
  created_at timestamptz not null default now(),
  unique (tenant_id, name)
);

-- An organisation listed in the directory: a partner (organisation_id set) or one from an imported feed.
create table directory_organizations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  organisation_id uuid unique references organisations (id),
  source_id uuid references directory_sources (id) on delete cascade,
  external_id text,
  name text not null,
  alternate_name text,
  description text not null default '',
  email text,
  website text,
  updated_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  check (organisation_id is null or source_id is null)
);
create unique index directory_organizations_external on directory_organizations (source_id, external_id) where source_id is not null;
create index directory_organizations_tenant on directory_organizations (tenant_id, lower(name));

create table directory_services (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  organization_id uuid not null references directory_organizations (id) on delete cascade,
  source_id uuid references directory_sources (id) on delete cascade,
  external_id text,
  name text not null,
  alternate_name text,
  description text not null default '',
  url text,
  email text,
  status text not null default 'active' check (status in ('active', 'inactive', 'defunct', 'temporarily closed')),
  interpretation_services text,
  application_process text,
  fees_description text,
  eligibility_description text,
  minimum_age integer check (minimum_age >= 0),
  maximum_age integer check (maximum_age >= 0),
  -- Warm Handover: whether the service takes referrals now, and how soon it usually answers.
  accepting_referrals boolean not null default false,
  typical_response_days integer check (typical_response_days > 0),
  -- ISO 639 codes of the languages the service is offered in.
  languages text[] not null default '{}',
  assured_date date,
  updated_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  check (minimum_age is null or maximum_age is null or minimum_age <= maximum_age)
);
create unique index directory_services_external on directory_services (source_id, external_id) where source_id is not null;
create index directory_services_organization on directory_services (organization_id);
create index directory_services_tenant on directory_services (tenant_id, status, lower(name));

create table directory_locations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  organization_id uuid references directory_organizations (id) on delete cascade,
  source_id uuid references directory_sources (id) on delete cascade,
  external_id text,
  location_type text not null default 'physical' check (location_type in ('physical', 'postal', 'virtual')),
  name text,
  description text,
  address_1 text,
  address_2 text,
  city text,
  region text,
  state_province text,
  postal_code text,
  country char(2) not null default 'GB',
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  updated_at timestamptz not null default now(),
  created_at timestamptz not null default now()
);
create unique index directory_locations_external on directory_locations (source_id, external_id) where source_id is not null;

create table directory_service_at_locations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  service_id uuid not null references directory_services (id) on delete cascade,
  location_id uuid not null references directory_locations (id) on delete cascade,
  description text,
  unique (service_id, location_id)
);
create index directory_service_at_locations_location on directory_service_at_locations (location_id);

create table directory_phones (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  service_id uuid references directory_services (id) on delete cascade,
  organization_id uuid references directory_organizations (id) on delete cascade,
  location_id uuid references directory_locations (id) on delete cascade,
  number text not null,
  extension text,
  type text check (type in ('text', 'voice', 'fax', 'cell', 'video', 'pager', 'textphone')),
  description text,
  languages text[] not null default '{}',
  check (num_nonnulls(service_id, organization_id, location_id) = 1)
);
create index directory_phones_service on directory_phones (service_id);

create table directory_contacts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  service_id uuid references directory_services (id) on delete cascade,
  organization_id uuid references directory_organizations (id) on delete cascade,
  name text,
  title text,
  department text,
  email text,
  check (num_nonnulls(service_id, organization_id) = 1)
);
create index directory_contacts_service on directory_contacts (service_id);

-- Weekly opening (RFC 5545 WEEKLY with BYDAY), for "open now".
create table directory_schedules (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  service_id uuid references directory_services (id) on delete cascade,
  service_at_location_id uuid references directory_service_at_locations (id) on delete cascade,
  location_id uuid references directory_locations (id) on delete cascade,
  freq text not null default 'WEEKLY' check (freq in ('WEEKLY', 'MONTHLY')),
  -- e.g. 'MO,TU,WE'
  byday text,
  opens_at time,
  closes_at time,
  valid_from date,
  valid_to date,
  description text,
  check (num_nonnulls(service_id, service_at_location_id, location_id) = 1),
  check (opens_at is null or closes_at is null or closes_at > opens_at)
);
create index directory_schedules_service on directory_schedules (service_id);

create table directory_taxonomies (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  source_id uuid references directory_sources (id) on delete cascade,
  external_id text,
  name text not null,
  description text not null default '',
  uri text,
  version text,
  unique (tenant_id, name)
);

create table directory_taxonomy_terms (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  taxonomy_id uuid not null references directory_taxonomies (id) on delete cascade,
  external_id text,
  code text,
  name text not null,
  description text not null default '',
  parent_id uuid references directory_taxonomy_terms (id) on delete set null,
  term_uri text,
  language text,
  unique (taxonomy_id, code)
);
create index directory_taxonomy_terms_parent on directory_taxonomy_terms (parent_id);

-- HSDS attributes linking a service to the needs it meets.
create table directory_service_terms (
  service_id uuid not null references directory_services (id) on delete cascade,
  term_id uuid not null references directory_taxonomy_terms (id) on delete cascade,
  tenant_id uuid not null references library_services (id),
  primary key (service_id, term_id)
);
create index directory_service_terms_term on directory_service_terms (term_id);

-- A partnership's data-sharing agreement; organisations join by accepting its current version.
create table partnership_agreements (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  partnership_id uuid not null references partnerships (id) on delete cascade,
  version text not null,
  body text not null,
  published_at timestamptz not null default now(),
  published_by uuid,
  unique (partnership_id, version)
);

create table partnership_agreement_acceptances (
  agreement_id uuid not null references partnership_agreements (id) on delete cascade,
  organisation_id uuid not null references organisations (id),
  tenant_id uuid not null references library_services (id),
  accepted_at timestamptz not null default now(),
  accepted_by uuid,
  -- Kept as written, so the record survives the account.
  accepted_by_name text not null,
  primary key (agreement_id, organisation_id)
);
