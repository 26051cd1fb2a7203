-- The postcode gazetteer: where each postcode is, loaded by an administrator from open postcode
-- centroids (ONS Postcode Directory, NSPL). A distance search can then start from any postcode,
-- not only from those of the directory's own locations. Each library service keeps its own list,
-- usually its county's, so one service's load never moves another's searches.
create table directory_postcode_places (
  tenant_id uuid not null references library_services (id),
  -- As compared: capitals, no spaces ('IP13DT').
  postcode text not null check (postcode ~ '^[A-Z0-9]{5,7}$'),
  -- The district, kept so a search by district ('IP1') or by a postcode not listed can take the
  -- middle of the district's postcodes through the index below.
  outward text not null check (outward ~ '^[A-Z0-9]{2,4}$'),
  latitude double precision not null check (latitude between -90 and 90),
  longitude double precision not null check (longitude between -180 and 180),
  primary key (tenant_id, postcode)
);
create index directory_postcode_places_outward on directory_postcode_places (tenant_id, outward);
