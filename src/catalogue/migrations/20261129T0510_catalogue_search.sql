-- Catalogue search: ranked full-text with stemming and accent folding, plus trigram typo tolerance.
create extension if not exists unaccent;
create extension if not exists pg_trgm;

alter table catalogue_records
  -- Title A, authors B, subjects and genres C, summary D; kept by the trigger below because
  -- unaccent() is not immutable, so it cannot feed a generated column.
  add column search_document tsvector not null default ''::tsvector,
  -- Accent-free lower-case title and authors, for similarity matching of misspelt queries.
  add column search_names text not null default '';

create function catalogue_records_search_fields() returns trigger
language plpgsql as $$
begin
  new.search_document :=
    setweight(to_tsvector('english', unaccent(concat_ws(' ', new.title, new.subtitle))), 'A')
    || setweight(to_tsvector('english', unaccent(array_to_string(new.authors, ' '))), 'B')
    || setweight(to_tsvector('english', unaccent(array_to_string(new.subjects || new.genres, ' '))), 'C')
    || setweight(to_tsvector('english', unaccent(coalesce(new.summary, ''))), 'D');
  new.search_names := lower(unaccent(concat_ws(' ', new.title, array_to_string(new.authors, ' '))));
  return new;
end
$$;

create trigger catalogue_records_search_fields
  before insert or update of title, subtitle, authors, subjects, genres, summary
  on catalogue_records
  for each row execute function catalogue_records_search_fields();

create index catalogue_records_search on catalogue_records using gin (search_document);
create index catalogue_records_names_trgm on catalogue_records using gin (search_names gin_trgm_ops);
create index catalogue_records_title on catalogue_records (tenant_id, title, id);
-- Availability of a page of results and branch facets read items by record without the heap.
create index items_record_branch_status on items (record_id, branch_id, status);

-- Where a title is held and where a copy is on the shelf now, kept beside the record so that
-- branch and availability filters and facets need no join to items.
alter table catalogue_records
  add column holding_branch_ids uuid[] not null default '{}',
  add column available_branch_ids uuid[] not null default '{}';

create function catalogue_records_refresh_holdings() returns trigger
language plpgsql as $$
begin
  update catalogue_records r
  set holding_branch_ids = h.holding, available_branch_ids = h.available
  from (
    select c.record_id,
      coalesce((select array_agg(distinct i.branch_id) from items i where i.record_id = c.record_id and i.status <> 'withdrawn'), '{}') as holding,
      coalesce((select array_agg(distinct i.branch_id) from items i where i.record_id = c.record_id and i.status = 'available'), '{}') as available
    from (select distinct record_id from changed_items) c
  ) h
  -- Only a real change writes the record, so most loans and returns leave it untouched.
  where r.id = h.record_id and (r.holding_branch_ids, r.available_branch_ids) is distinct from (h.holding, h.available);
  return null;
end
$$;

create trigger items_refresh_holdings_after_insert after insert on items
  referencing new table as changed_items for each statement execute function catalogue_records_refresh_holdings();
create trigger items_refresh_holdings_after_update after update on items
  referencing new table as changed_items for each statement execute function catalogue_records_refresh_holdings();
create trigger items_refresh_holdings_after_delete after delete on items
  referencing old table as changed_items for each statement execute function catalogue_records_refresh_holdings();
