-- A loan's fine cap and grace days are the loan's, not each charge's: what its late renewals have
-- already used of them is kept on the loan, so the return (or loss) is fined only for the rest.
alter table loans add column overdue_fine_pence integer not null default 0;
alter table loans add column grace_days_used integer not null default 0;

-- Open loans renewed late before this: while a loan is open, its only charges are the fines of its
-- late renewals, and what the scheme forgave on it was forgiven at those renewals.
update loans set overdue_fine_pence = fine_waived_by_scheme_pence + coalesce(
  (select sum(f.amount_pence) from fine_transactions f where f.loan_id = loans.id and f.kind = 'charge'), 0)
where returned_at is null;

-- A fine was only worked out once the grace days had passed, so those loans have used them all.
update loans set grace_days_used = p.grace_days
from items i, members m, lending_policies p
where loans.returned_at is null and loans.overdue_fine_pence > 0
  and i.id = loans.item_id and m.id = loans.member_id
  and p.tenant_id = loans.tenant_id and p.member_category_id = m.category_id and p.item_type_id = i.item_type_id;
