-- Keyset paging for the outbox: newest first by insertion order, which uuids cannot give.
alter table outbox_messages add column seq bigint generated always as identity;
create unique index outbox_messages_tenant_seq on outbox_messages (tenant_id, seq desc);
drop index outbox_messages_tenant;

-- The body holds a secret (e.g. a single-use sign-in link): only admins may read it in the outbox.
alter table outbox_messages add column confidential boolean not null default false;
