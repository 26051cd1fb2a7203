create table staff_users (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  email text not null,
  name text not null,
  role text not null check (role in ('admin', 'branch_staff', 'outreach', 'programme_leader', 'partner_caseworker')),
  organisation_id uuid references organisations (id),
  -- Null until an invited person chooses a password.
  password_hash text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz
);
-- Sign-in is by email alone, so an address belongs to one account across all library services.
create unique index staff_users_email on staff_users (lower(email));
create index staff_users_tenant on staff_users (tenant_id);
