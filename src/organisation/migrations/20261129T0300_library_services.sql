-- A library service is a tenant: every row holding its data carries its id as tenant_id.
create table library_services (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  slug text not null unique,
  currency char(3) not null default 'GBP',
  time_zone text not null default 'Europe/London',
  created_at timestamptz not null default now()
);

create table branches (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  name text not null,
  code text,
  address text,
  created_at timestamptz not null default now(),
  unique (tenant_id, name),
  unique (tenant_id, code)
);

-- A weekday with no row is a closed day. 1 = Monday … 7 = Sunday (ISO 8601).
create table branch_opening_hours (
  branch_id uuid not null references branches (id) on delete cascade,
  weekday smallint not null check (weekday between 1 and 7),
  opens time not null,
  closes time not null check (closes > opens),
  primary key (branch_id, weekday)
);

create table organisations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  name text not null,
  kind text not null check (kind in ('library_service', 'council', 'charity', 'health', 'other')),
  email text,
  phone text,
  website text,
  description text,
  created_at timestamptz not null default now(),
  unique (tenant_id, name)
);

create table partnerships (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  name text not null,
  description text,
  created_at timestamptz not null default now(),
  unique (tenant_id, name)
);

create table partnership_members (
  partnership_id uuid not null references partnerships (id) on delete cascade,
  organisation_id uuid not null references organisations (id),
  joined_at timestamptz not null default now(),
  primary key (partnership_id, organisation_id)
);
create index partnership_members_organisation on partnership_members (organisation_id);
