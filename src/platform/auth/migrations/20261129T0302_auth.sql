-- Only hashes of session ids, invitation and API tokens are stored: a copy of the database
-- cannot be used to sign in.
create table auth_sessions (
  id_hash text primary key,
  user_id uuid not null references staff_users (id) on delete cascade,
  tenant_id uuid not null references library_services (id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index auth_sessions_user on auth_sessions (user_id);
create index auth_sessions_expiry on auth_sessions (expires_at);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  created_by uuid not null references staff_users (id),
  name text not null,
  role text not null check (role in ('admin', 'branch_staff', 'outreach', 'programme_leader', 'partner_caseworker')),
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_tenant on api_tokens (tenant_id);

create table login_failures (
  id bigint generated always as identity primary key,
  email text not null,
  ip text not null,
  at timestamptz not null default now()
);
create index login_failures_email on login_failures (email, at);
create index login_failures_ip on login_failures (ip, at);

create table staff_invitations (
  token_hash text primary key,
  user_id uuid not null references staff_users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index staff_invitations_user on staff_invitations (user_id);
