-- The Good Neighbour scheme: housebound readers whose family or neighbours borrow for them.

-- Someone who collects for one or more readers. Identified by email for portal sign-in.
create table neighbours (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  name text not null,
  email text,
  phone text,
  -- Their own library card, when they have one: scanning it at the desk finds the readers they serve.
  member_id uuid references members (id),
  -- Where they usually collect: suggestions come from this branch's shelves.
  branch_id uuid references branches (id),
  language text not null default 'en',
  created_at timestamptz not null default now()
);
create unique index neighbours_email on neighbours (tenant_id, lower(email)) where email is not null;
create unique index neighbours_member on neighbours (member_id) where member_id is not null;

create table arrangements (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  reader_id uuid not null references members (id),
  status text not null default 'active' check (status in ('active', 'ended')),
  -- How the reader came to the scheme.
  referral_source text not null check (referral_source in ('self', 'family', 'library_staff', 'health', 'social_care', 'charity', 'other')),
  referral_note text,
  -- Restored when the arrangement ends.
  previous_category_id uuid not null references member_categories (id),
  -- The reader's consent to the arrangement.
  consent_method text not null check (consent_method in ('verbal', 'written', 'representative')),
  consent_given_at timestamptz not null,
  consent_withdrawn_at timestamptz,
  -- Warn neighbours about items due up to this many days after their next visit too.
  notice_margin_days integer not null default 2 check (notice_margin_days between 0 and 28),
  -- Renew renewable items in the notice run instead of warning about them.
  auto_renew boolean not null default false,
  -- A copy misplaced at home this long may be written off at no charge.
  write_off_after_days integer not null default 90 check (write_off_after_days > 0),
  started_at timestamptz not null default now(),
  started_by uuid,
  ended_at timestamptz,
  ended_by uuid,
  end_reason text,
  check ((status = 'ended') = (ended_at is not null))
);
create unique index arrangements_active_reader on arrangements (reader_id) where status = 'active';
create index arrangements_tenant on arrangements (tenant_id, status, started_at desc);

-- A neighbour serving a reader, what the reader lets them see, and when they visit.
create table arrangement_neighbours (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  arrangement_id uuid not null references arrangements (id),
  neighbour_id uuid not null references neighbours (id),
  relationship text not null,
  may_see_loans boolean not null default true,
  may_see_history boolean not null default false,
  may_see_profile boolean not null default true,
  -- Opted in to warnings before items fall due.
  advance_notice boolean not null default false,
  -- Visit pattern: every N days from a date, and/or explicit dates (neighbour_visit_dates).
  visit_every_days integer check (visit_every_days between 1 and 365),
  visits_from date,
  active boolean not null default true,
  -- The reader withdrew consent for this neighbour: they see nothing and get nothing.
  consent_withdrawn_at timestamptz,
  created_at timestamptz not null default now(),
  unique (arrangement_id, neighbour_id),
  check ((visit_every_days is null) = (visits_from is null))
);
create index arrangement_neighbours_neighbour on arrangement_neighbours (neighbour_id) where active;

create table neighbour_visit_dates (
  arrangement_neighbour_id uuid not null references arrangement_neighbours (id) on delete cascade,
  visit_on date not null,
  primary key (arrangement_neighbour_id, visit_on)
);

-- A neighbour who is away hands their visits between two dates to another neighbour of the reader.
create table neighbour_covers (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  arrangement_id uuid not null references arrangements (id),
  away_id uuid not null references arrangement_neighbours (id),
  cover_id uuid not null references arrangement_neighbours (id),
  starts_on date not null,
  ends_on date not null,
  created_at timestamptz not null default now(),
  created_by uuid,
  check (ends_on >= starts_on),
  check (away_id <> cover_id)
);
create index neighbour_covers_arrangement on neighbour_covers (arrangement_id, ends_on);

-- The last warning each neighbour was sent for a reader: a warning repeats only when its content changes.
create table neighbour_warnings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  arrangement_neighbour_id uuid not null references arrangement_neighbours (id),
  sent_on date not null,
  -- Which loans, due dates and misplaced marks the warning listed.
  fingerprint text not null,
  loan_ids uuid[] not null,
  next_visit date,
  outbox_message_id uuid,
  auto_renewed integer not null default 0,
  created_at timestamptz not null default now()
);
create index neighbour_warnings_latest on neighbour_warnings (arrangement_neighbour_id, created_at desc);

-- One-click renew links in warnings: single use, expiring; only a hash of the token is kept.
create table renew_links (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  arrangement_neighbour_id uuid not null references arrangement_neighbours (id),
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

-- Portal sign-in by emailed link (no password), and the sessions it starts.
create table neighbour_sign_in_links (
  token_hash text primary key,
  tenant_id uuid not null references library_services (id),
  neighbour_id uuid not null references neighbours (id),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create table neighbour_sessions (
  id_hash text primary key,
  tenant_id uuid not null references library_services (id),
  neighbour_id uuid not null references neighbours (id),
  csrf_token text not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);

-- What a reader likes, to help whoever chooses for them.
create table reading_profiles (
  reader_id uuid primary key references members (id),
  tenant_id uuid not null references library_services (id),
  subjects text[] not null default '{}',
  authors text[] not null default '{}',
  avoid text[] not null default '{}',
  formats text[] not null default '{}',
  languages text[] not null default '{}',
  notes text,
  -- The reader agreed that their reading history may guide suggestions.
  use_history boolean not null default false,
  updated_at timestamptz not null default now(),
  updated_by uuid
);

-- Titles chosen for a reader, held for collection on a neighbour's next visit.
create table selections (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  arrangement_id uuid not null references arrangements (id),
  for_visit date,
  pickup_branch_id uuid not null references branches (id),
  status text not null default 'open' check (status in ('open', 'collected', 'cancelled')),
  created_at timestamptz not null default now(),
  created_by_kind text not null check (created_by_kind in ('staff', 'neighbour')),
  created_by uuid
);
create index selections_arrangement on selections (arrangement_id, created_at desc);
create table selection_items (
  selection_id uuid not null references selections (id),
  record_id uuid not null references catalogue_records (id),
  -- The free request that holds a copy for the visit.
  request_id uuid references requests (id),
  added_at timestamptz not null default now(),
  primary key (selection_id, record_id)
);

-- Existing library services get the scheme's category, lending like adults but for longer and fine-free.
insert into member_categories (tenant_id, code, name, waives_fines, waives_request_fees)
select id, 'good_neighbour', 'Good Neighbour', true, true from library_services s
where not exists (select 1 from member_categories c where c.tenant_id = s.id and c.code = 'good_neighbour');
insert into lending_policies (tenant_id, member_category_id, item_type_id, loan_days, renewal_limit, daily_fine_pence, fine_cap_pence, request_fee_pence, loan_limit, grace_days, advance_notice_days)
select p.tenant_id, g.id, p.item_type_id, greatest(p.loan_days, 42), greatest(p.renewal_limit, 6), p.daily_fine_pence, p.fine_cap_pence, p.request_fee_pence, p.loan_limit, p.grace_days, p.advance_notice_days
from lending_policies p
join member_categories a on a.id = p.member_category_id and a.code = 'adult'
join member_categories g on g.tenant_id = p.tenant_id and g.code = 'good_neighbour'
on conflict do nothing;
