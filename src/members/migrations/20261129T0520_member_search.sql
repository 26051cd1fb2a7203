-- Names folded for searching (lower case, accents removed, e.g. "Zoë Łukasiewicz" → "zoe lukasiewicz"),
-- written by the application so both engines fold alike without an extension.
alter table members add column search_name text not null default '';
update members set search_name = lower(name);
create index members_search_name on members (tenant_id, search_name);
