-- Search filters answered by the full-text index itself, so a narrow filter on a broad word reads
-- only the records that pass both, not every record with the word.
create extension if not exists btree_gin;

alter table catalogue_records
  add column available_now boolean generated always as (cardinality(available_branch_ids) > 0) stored;

drop index catalogue_records_search;
create index catalogue_records_search on catalogue_records
  using gin (search_document, format, language, holding_branch_ids, available_branch_ids, available_now);
