-- Every message Hearth composes, whether or not SMTP is configured; staff read it in the outbox.
create table outbox_messages (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  kind text not null,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  -- held: no SMTP configured; queued → sent, or failed after the last retry.
  status text not null check (status in ('held', 'queued', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_messages_tenant on outbox_messages (tenant_id, created_at desc);
