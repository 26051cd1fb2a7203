-- hearth_scoped: the role a transaction takes on when the database itself must hold it to one
-- organisation's rows. Tables with row-level security give this role only the rows their policies
-- allow for the scope set in the transaction (hearth.tenant_id, hearth.organisation_id); the
-- application's own checks stay in front, so a query that forgets one still cannot reach another
-- organisation's data. Hearth's own login role owns the tables and is not bound by the policies:
-- background work (reminders, retention) runs as it.
--
-- Roles belong to the whole server, so several databases (or instances starting together) may
-- try to create it at once: the loser of that race finds it made.
do $$
begin
  if not exists (select from pg_roles where rolname = 'hearth_scoped') then
    create role hearth_scoped nologin;
  end if;
exception when duplicate_object or unique_violation then
  null;
end $$;

-- Hearth's login role must be able to take the scoped role on. A superuser always can; another
-- role needs membership, which needs CREATEROLE (or an administrator granting it beforehand).
do $$
begin
  if not pg_has_role(current_user, 'hearth_scoped', 'member') then
    execute format('grant hearth_scoped to %I', current_user);
  end if;
exception when duplicate_object or unique_violation then
  null;
end $$;

grant usage on schema public to hearth_scoped;
grant select, insert, update, delete on all tables in schema public to hearth_scoped;
grant usage, select on all sequences in schema public to hearth_scoped;
alter default privileges in schema public grant select, insert, update, delete on tables to hearth_scoped;
alter default privileges in schema public grant usage, select on sequences to hearth_scoped;

-- The scope of the current transaction; null outside a scoped one.
create function hearth_scope_tenant() returns uuid language sql stable
  as $$ select nullif(current_setting('hearth.tenant_id', true), '')::uuid $$;
create function hearth_scope_organisation() returns uuid language sql stable
  as $$ select nullif(current_setting('hearth.organisation_id', true), '')::uuid $$;
