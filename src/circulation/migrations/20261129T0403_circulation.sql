create table loans (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  item_id uuid not null references items (id),
  -- Null once returned by a member who does not keep a reading history.
  member_id uuid references members (id),
  -- The Good Neighbour (or other person) who collected the item for the member.
  on_behalf_of text,
  issued_at timestamptz not null default now(),
  issued_branch_id uuid not null references branches (id),
  due_date date not null,
  renewals integer not null default 0,
  returned_at timestamptz,
  returned_branch_id uuid references branches (id),
  created_by uuid
);
-- An item is on at most one open loan, whatever the concurrency.
create unique index loans_open_item on loans (item_id) where returned_at is null;
create index loans_member_open on loans (member_id) where returned_at is null;
create index loans_due on loans (tenant_id, due_date) where returned_at is null;

create table requests (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  record_id uuid not null references catalogue_records (id),
  member_id uuid not null references members (id),
  pickup_branch_id uuid not null references branches (id),
  status text not null default 'waiting' check (status in ('waiting', 'ready', 'collected', 'cancelled', 'expired')),
  -- Order within the title's queue; assigned under a lock on the record, never reused.
  queue_number integer not null,
  item_id uuid references items (id),
  fee_pence integer not null default 0,
  placed_at timestamptz not null default now(),
  ready_at timestamptz,
  hold_until date,
  expires_on date,
  closed_at timestamptz,
  unique (record_id, queue_number)
);
create index requests_record_active on requests (record_id, queue_number) where status in ('waiting', 'ready');
create index requests_member on requests (member_id) where status in ('waiting', 'ready');
create unique index requests_ready_item on requests (item_id) where status = 'ready';

-- Every money movement on a member's account; the balance is charges less payments and waivers.
create table fine_transactions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  member_id uuid not null references members (id),
  loan_id uuid references loans (id),
  request_id uuid references requests (id),
  kind text not null check (kind in ('charge', 'payment', 'waiver')),
  amount_pence integer not null check (amount_pence > 0),
  reason text not null,
  created_at timestamptz not null default now(),
  created_by uuid
);
create index fine_transactions_member on fine_transactions (member_id, created_at);
