-- Catalogue import runs (MARC 21 binary, MARCXML, CSV) and the uploaded file each one reads.
create table catalogue_imports (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  format text not null check (format in ('marc', 'marcxml', 'csv')),
  file_name text,
  status text not null default 'queued' check (status in ('queued', 'running', 'completed', 'failed')),
  total integer not null default 0,
  processed integer not null default 0,
  imported integer not null default 0,
  updated integer not null default 0,
  rejected integer not null default 0,
  items_added integer not null default 0,
  -- { rejected: [{ index, controlNumber, title, reason }], warnings: [...] }, capped in size.
  report jsonb not null default '{"rejected":[],"warnings":[]}',
  failure text,
  -- Who started it (a member of staff or an API token), for the audit entry written at the end.
  started_by uuid,
  started_by_kind text not null check (started_by_kind in ('staff', 'token', 'system')),
  started_by_label text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index catalogue_imports_tenant on catalogue_imports (tenant_id, created_at desc);

-- Kept apart from the run so listing runs never reads the file; deleted once the run finishes.
create table catalogue_import_files (
  import_id uuid primary key references catalogue_imports (id) on delete cascade,
  content bytea not null
);
