-- What a lost copy costs the member, by item type.
alter table item_types add column replacement_fee_pence integer not null default 1000 check (replacement_fee_pence >= 0);

-- How a loan ended: brought back, declared lost, or claimed returned (the item is then missing).
alter table loans add column outcome text check (outcome in ('returned', 'lost', 'claimed_returned'));
alter table loans add constraint loans_outcome_when_closed check ((returned_at is null) = (outcome is null));

-- How a payment was made (cash, card, online); null for charges and waivers.
alter table fine_transactions add column method text check (method in ('cash', 'card', 'online'));
create index requests_ready_hold_until on requests (tenant_id, hold_until) where status = 'ready';
create index requests_waiting_expiry on requests (tenant_id, expires_on) where status = 'waiting';
