-- The words of a record's title and authors (weights A and B of its search document), indexed
-- with the search filters. When a query matches more records than a search can rank, the ones
-- whose title or authors match are read first, so "secret garden" finds The Secret Garden among
-- thousands of records that mention a secret and a garden somewhere in their summaries.
create index catalogue_records_heading_search on catalogue_records
  using gin (ts_filter(search_document, '{a,b}'), format, language, holding_branch_ids, available_branch_ids, available_now);
