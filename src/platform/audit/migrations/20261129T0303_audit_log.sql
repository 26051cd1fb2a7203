create table audit_log (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references library_services (id),
  at timestamptz not null default now(),
  actor_id uuid,
  -- staff (signed in), token (API integration), system (jobs, start-up) or public (no sign-in).
  actor_kind text not null check (actor_kind in ('staff', 'token', 'system', 'public')),
  actor_label text,
  action text not null,
  entity_type text not null,
  entity_id text,
  ip text,
  details jsonb not null default '{}'
);
create index audit_log_tenant on audit_log (tenant_id, id desc);
create index audit_log_entity on audit_log (tenant_id, entity_type, entity_id);
create index audit_log_actor on audit_log (tenant_id, actor_id);

-- Append-only: history cannot be rewritten through the application's connection.
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
