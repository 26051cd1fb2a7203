-- The words of each library service's titles and authors, accent-free and lower-case, so that a
-- misspelt search word is put right by comparing it with a few thousand known words instead of
-- with the title and authors of every record.
create table catalogue_words (
  tenant_id uuid not null references library_services(id),
  word text not null,
  primary key (tenant_id, word)
);
create index catalogue_words_trgm on catalogue_words using gin (word gin_trgm_ops);

-- Words as the full-text parser splits them, in any script. Shorter ones are too short to correct,
-- and ones with punctuation (addresses, hyphenated words) could not stand alone in a query.
create function catalogue_words_in(names text) returns setof text
language sql immutable as $$
  select word from unnest(tsvector_to_array(to_tsvector('simple', names))) as word
  where char_length(word) >= 3 and word !~ '[[:punct:]]'
$$;

create function catalogue_words_of_added_records() returns trigger
language plpgsql as $$
begin
  insert into catalogue_words (tenant_id, word)
  select distinct r.tenant_id, w from added_records r, catalogue_words_in(r.search_names) as w
  on conflict do nothing;
  return null;
end
$$;

create function catalogue_words_of_changed_record() returns trigger
language plpgsql as $$
begin
  insert into catalogue_words (tenant_id, word)
  select new.tenant_id, w from catalogue_words_in(new.search_names) as w
  on conflict do nothing;
  return null;
end
$$;

-- Once per statement for inserts, so an import of thousands of records adds its words in one go;
-- per row for edits of titles and authors only, so holdings and availability updates pay nothing.
create trigger catalogue_words_after_insert after insert on catalogue_records
  referencing new table as added_records for each statement execute function catalogue_words_of_added_records();
create trigger catalogue_words_after_names_change after update of title, authors on catalogue_records
  for each row when (old.search_names is distinct from new.search_names) execute function catalogue_words_of_changed_record();

insert into catalogue_words (tenant_id, word)
select distinct r.tenant_id, w from catalogue_records r, catalogue_words_in(r.search_names) as w;

-- Misspellings are now matched word by word against the vocabulary, not against every record's names.
drop index catalogue_records_names_trgm;
