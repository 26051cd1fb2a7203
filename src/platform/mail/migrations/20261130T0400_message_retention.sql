-- How long a library service keeps what a sent message said. After that the body is blanked (a
-- notice lists titles next to an address, which undoes a member's choice to keep no reading
-- history); the row stays so the outbox still shows that it went, to whom and when.
alter table library_services
  add column message_retention_days integer not null default 30 check (message_retention_days > 0);

alter table outbox_messages add column body_purged_at timestamptz;
-- The nightly purge finds sent bodies still held without reading the whole outbox.
create index outbox_messages_sent_bodies on outbox_messages (tenant_id, sent_at) where status = 'sent' and body_purged_at is null;
