-- A selection is collected when the copies chosen for the visit have been lent to the reader.
alter table selections add column collected_at timestamptz;

-- Lending a held copy closes its request at whichever desk lends it; reaching every selection from
-- here keeps the selection true to its requests however the copy was lent.
create index selection_items_request on selection_items (request_id);

-- A selection is collected once none of its requests waits any longer and at least one was
-- collected: titles taken out of it or given up do not hold it open.
create function selections_settle_collected() returns trigger
language plpgsql as $$
begin
  update selections s
  set status = 'collected', collected_at = now()
  where s.status = 'open'
    and s.id in (select si.selection_id from selection_items si join changed_requests c on c.id = si.request_id where c.status not in ('waiting', 'ready'))
    and exists (
      select 1 from selection_items si join requests q on q.id = si.request_id
      where si.selection_id = s.id and q.status = 'collected')
    and not exists (
      select 1 from selection_items si join requests q on q.id = si.request_id
      where si.selection_id = s.id and q.status in ('waiting', 'ready'));
  return null;
end
$$;

create trigger requests_settle_selections after update on requests
  referencing new table as changed_requests for each statement execute function selections_settle_collected();
