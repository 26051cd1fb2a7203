-- A refund is money owed back to the member for a charge they paid that no longer stands, such as
-- the replacement fee of a lost copy that was found: it reduces the balance like a payment does,
-- so an account can stand in the member's credit until it is paid out or set against later fines.
alter table fine_transactions drop constraint fine_transactions_kind_check;
alter table fine_transactions add constraint fine_transactions_kind_check check (kind in ('charge', 'payment', 'waiver', 'refund'));
