-- Every notice composed, one row per member, day, kind and loan or request: a second run of the
-- same day finds its rows already here and sends nothing new.
create table notice_log (
  tenant_id uuid not null references library_services (id),
  member_id uuid not null references members (id),
  notice_date date not null,
  kind text not null check (kind in ('advance', 'first_overdue', 'second_overdue', 'request_ready')),
  -- The loan, or for request_ready the request.
  subject_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (member_id, notice_date, kind, subject_id)
);
create index notice_log_subject on notice_log (subject_id, kind);
