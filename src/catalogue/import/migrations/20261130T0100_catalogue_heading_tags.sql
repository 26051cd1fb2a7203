-- The MARC tag of each imported name and subject that came under a tag other than the usual one
-- (110 for a corporate name rather than 100/700; 600, 610, 611, 630 or 651 rather than 650), as
-- {"heading": "tag"}, so an export writes every heading back under the tag it came from.
create table catalogue_heading_tags (
  record_id uuid primary key references catalogue_records (id) on delete cascade,
  tenant_id uuid not null references library_services (id),
  names jsonb not null default '{}',
  subjects jsonb not null default '{}'
);
