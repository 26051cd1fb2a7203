-- Each entry Hearth writes on a member's account carries its reason as a code and a subject (the
-- copy's barcode, the title requested or the payment method), so screens show it in the reader's
-- language; `reason` keeps the English. A waiver in staff's own words has no code.
alter table fine_transactions
  add column if not exists reason_code text,
  add column if not exists reason_subject text;

-- Entries written before carry only their English, in these shapes, each by the kind of entry
-- that writes it (so a waiver that staff happened to word alike keeps no code). "Overdue until
-- renewal: " goes before "Overdue: ", which it would otherwise match.
update fine_transactions set reason_code = 'overdue_until_renewal', reason_subject = substr(reason, char_length('Overdue until renewal: ') + 1)
where reason_code is null and kind = 'charge' and starts_with(reason, 'Overdue until renewal: ');
update fine_transactions set reason_code = 'overdue', reason_subject = substr(reason, char_length('Overdue: ') + 1)
where reason_code is null and kind = 'charge' and starts_with(reason, 'Overdue: ');
update fine_transactions set reason_code = 'replacement', reason_subject = substr(reason, char_length('Replacement: ') + 1)
where reason_code is null and kind = 'charge' and starts_with(reason, 'Replacement: ');
update fine_transactions set reason_code = 'request_fee', reason_subject = substr(reason, char_length('Request: ') + 1)
where reason_code is null and kind = 'charge' and starts_with(reason, 'Request: ');
update fine_transactions set reason_code = 'found', reason_subject = substr(reason, char_length('Found: ') + 1)
where reason_code is null and kind in ('waiver', 'refund') and starts_with(reason, 'Found: ');
update fine_transactions set reason_code = 'request_fee_refunded', reason_subject = substr(reason, char_length('Request fee refunded: ') + 1)
where reason_code is null and kind = 'refund' and starts_with(reason, 'Request fee refunded: ');
update fine_transactions set reason_code = 'payment', reason_subject = method
where reason_code is null and kind = 'payment' and method is not null and reason = 'Payment (' || method || ')';
