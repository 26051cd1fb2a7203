-- Good Neighbours act for the readers they serve through the portal, and are audited as such.
alter table audit_log drop constraint audit_log_actor_kind_check;
alter table audit_log add constraint audit_log_actor_kind_check check (actor_kind in ('staff', 'token', 'system', 'public', 'neighbour'));
