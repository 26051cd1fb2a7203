-- The scheme report counts a few loans and requests among many: each figure reads only its own
-- rows through a partial index instead of scanning the library service's whole lending history.
create index loans_issued_under_scheme on loans (tenant_id, issued_at) where scheme_waives_fines;
create index loans_fine_waived_by_scheme on loans (tenant_id, returned_at) where fine_waived_by_scheme_pence > 0;
create index loans_misplaced_at_home on loans (tenant_id, returned_at) where misplaced_at_home_on is not null;
create index requests_fee_waived_by_scheme on requests (tenant_id, placed_at) where fee_waived_by_scheme_pence > 0;
