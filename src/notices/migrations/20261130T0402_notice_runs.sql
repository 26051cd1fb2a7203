-- Each day a library service's notices were run. The next run claims every notice that fell due
-- since the last one, so a day the run was missed is caught up; a first run claims its own day only.
create table notice_runs (
  tenant_id uuid not null references library_services (id),
  run_date date not null,
  primary key (tenant_id, run_date)
);
