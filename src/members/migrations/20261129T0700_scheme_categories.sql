-- A category can belong to a lending scheme that forgives fines or request fees (the Good Neighbour
-- scheme for housebound readers). Charges are still worked out, and recorded as waived by the
-- scheme, so the saving to readers can be counted.
alter table member_categories
  add column waives_fines boolean not null default false,
  add column waives_request_fees boolean not null default false;
