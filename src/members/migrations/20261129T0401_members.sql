create table member_categories (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  code text not null,
  name text not null,
  created_at timestamptz not null default now(),
  unique (tenant_id, code)
);

create table members (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  card_number text not null,
  name text not null,
  email text,
  phone text,
  address text,
  preferred_channel text not null default 'email' check (preferred_channel in ('email', 'phone', 'post', 'none')),
  -- BCP 47 language tag for notices, e.g. en, ar, pl.
  language text not null default 'en',
  home_branch_id uuid not null references branches (id),
  category_id uuid not null references member_categories (id),
  status text not null default 'active' check (status in ('active', 'blocked', 'expired')),
  blocked_reason text,
  expires_on date,
  -- Reading history is kept only with the member's consent; without it returned loans are de-linked.
  keeps_history boolean not null default false,
  history_consent_at timestamptz,
  advance_notices boolean not null default true,
  created_at timestamptz not null default now(),
  unique (tenant_id, card_number)
);
create index members_email on members (tenant_id, lower(email));
create index members_name on members (tenant_id, lower(name));
