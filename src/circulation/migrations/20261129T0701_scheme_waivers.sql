alter table loans
  -- Issued while the borrower's category waived fines: the loan stays fine-free to the end.
  add column scheme_waives_fines boolean not null default false,
  -- Fines worked out but forgiven by the scheme, on return or renewal.
  add column fine_waived_by_scheme_pence integer not null default 0 check (fine_waived_by_scheme_pence >= 0),
  -- Reported as somewhere in the reader's home: no charge while it is looked for.
  add column misplaced_at_home_on date,
  add column misplaced_reported_by text;

-- A misplaced copy that never turned up is written off at no charge.
alter table loans drop constraint loans_outcome_check;
alter table loans add constraint loans_outcome_check check (outcome in ('returned', 'lost', 'claimed_returned', 'written_off'));

alter table requests add column fee_waived_by_scheme_pence integer not null default 0 check (fee_waived_by_scheme_pence >= 0);
