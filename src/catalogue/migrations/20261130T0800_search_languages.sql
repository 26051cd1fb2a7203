-- Each record's words are stemmed by the rules of its own language, so an Arabic title is found
-- without its article (الحديقة by حديقة) and a French one by its other forms (château, châteaux).
-- A language with no stemmer here keeps its words as written.
create table catalogue_stemming (
  -- MARC 21 language code, as records carry it
  language text primary key,
  config regconfig not null,
  -- Unicode script of the language's words: a query word in that script (other than Latin) is stemmed this way too
  script text not null
);
insert into catalogue_stemming (language, config, script) values
  ('eng', 'english', 'Latin'), ('baq', 'basque', 'Latin'), ('cat', 'catalan', 'Latin'), ('dan', 'danish', 'Latin'),
  ('dut', 'dutch', 'Latin'), ('fin', 'finnish', 'Latin'), ('fre', 'french', 'Latin'), ('ger', 'german', 'Latin'),
  ('hun', 'hungarian', 'Latin'), ('ind', 'indonesian', 'Latin'), ('gle', 'irish', 'Latin'), ('ita', 'italian', 'Latin'),
  ('lit', 'lithuanian', 'Latin'), ('nor', 'norwegian', 'Latin'), ('nob', 'norwegian', 'Latin'), ('nno', 'norwegian', 'Latin'),
  ('por', 'portuguese', 'Latin'), ('rum', 'romanian', 'Latin'), ('spa', 'spanish', 'Latin'), ('swe', 'swedish', 'Latin'),
  ('tur', 'turkish', 'Latin'), ('ara', 'arabic', 'Arabic'), ('rus', 'russian', 'Cyrillic'), ('srp', 'serbian', 'Cyrillic'),
  ('gre', 'greek', 'Greek'), ('arm', 'armenian', 'Armenian'), ('hin', 'hindi', 'Devanagari'), ('nep', 'nepali', 'Devanagari'),
  ('tam', 'tamil', 'Tamil'), ('yid', 'yiddish', 'Hebrew');

-- The words of a text under a language's rules. A record in a language other than English also
-- keeps each word as written, so a query's words match it whichever language they are stemmed in.
create function catalogue_search_words(config regconfig, words text) returns tsvector
language sql immutable as $$
  select case when config in ('english'::regconfig, 'simple'::regconfig) then to_tsvector(config, words)
    else to_tsvector(config, words) || to_tsvector('simple', words) end
$$;

create or replace function catalogue_records_search_fields() returns trigger
language plpgsql as $$
declare
  -- No language given is taken as English, most of a library's stock.
  config regconfig := case when new.language is null then 'english'::regconfig
    else coalesce((select s.config from catalogue_stemming s where s.language = new.language), 'simple'::regconfig) end;
begin
  new.search_document :=
    setweight(catalogue_search_words(config, unaccent(concat_ws(' ', new.title, new.subtitle))), 'A')
    || setweight(catalogue_search_words(config, unaccent(array_to_string(new.authors, ' '))), 'B')
    || setweight(catalogue_search_words(config, unaccent(array_to_string(new.subjects || new.genres, ' '))), 'C')
    || setweight(catalogue_search_words(config, unaccent(coalesce(new.summary, ''))), 'D');
  new.search_names := lower(unaccent(concat_ws(' ', new.title, array_to_string(new.authors, ' '))));
  return new;
end
$$;

drop trigger catalogue_records_search_fields on catalogue_records;
create trigger catalogue_records_search_fields
  before insert or update of title, subtitle, authors, subjects, genres, summary, language
  on catalogue_records
  for each row execute function catalogue_records_search_fields();

-- Records already held in other languages are stemmed anew.
update catalogue_records set language = language where language is not null and language <> 'eng';
