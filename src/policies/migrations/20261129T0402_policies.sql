-- Lending rules by member category × item type, and days branches are closed beyond their weekly hours.
create table lending_policies (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  member_category_id uuid not null references member_categories (id),
  item_type_id uuid not null references item_types (id),
  loan_days integer not null check (loan_days > 0),
  renewal_limit integer not null check (renewal_limit >= 0),
  daily_fine_pence integer not null check (daily_fine_pence >= 0),
  fine_cap_pence integer not null check (fine_cap_pence >= 0),
  request_fee_pence integer not null default 0 check (request_fee_pence >= 0),
  loan_limit integer not null check (loan_limit > 0),
  grace_days integer not null default 0 check (grace_days >= 0),
  advance_notice_days integer not null default 3 check (advance_notice_days >= 0),
  updated_at timestamptz not null default now(),
  unique (tenant_id, member_category_id, item_type_id)
);

alter table library_services
  -- Unpaid fines above this block borrowing.
  add column fine_block_pence integer not null default 1000 check (fine_block_pence >= 0),
  add column hold_shelf_days integer not null default 7 check (hold_shelf_days > 0),
  add column request_expiry_days integer not null default 180 check (request_expiry_days > 0);

create table branch_closures (
  branch_id uuid not null references branches (id) on delete cascade,
  closed_on date not null,
  reason text,
  primary key (branch_id, closed_on)
);
