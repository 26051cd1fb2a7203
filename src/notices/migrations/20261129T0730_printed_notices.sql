-- Notices for members email does not reach (post or phone as their channel, or no address to
-- write to): one letter to post or one phone call per member per run, listing what that run
-- claimed for them in notice_log. Staff mark each done once it is posted or the call is made.
create table printed_notices (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  member_id uuid not null references members (id),
  notice_date date not null,
  channel text not null check (channel in ('letter', 'phone')),
  -- The digest lines as claimed ({kind, title, author, date, branch}), as an email keeps its body:
  -- the letter says what was true on the day even after the loan is returned.
  lines jsonb not null,
  created_at timestamptz not null default now(),
  done_at timestamptz,
  -- The staff user or API token that marked it done (no foreign key: tokens are not staff), and
  -- the name it went by then.
  done_by uuid,
  done_by_name text,
  check ((done_at is null) = (done_by_name is null))
);
create index printed_notices_day on printed_notices (tenant_id, notice_date);
create index printed_notices_member on printed_notices (member_id);
