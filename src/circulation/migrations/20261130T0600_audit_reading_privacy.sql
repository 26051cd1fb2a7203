-- Issue and request entries no longer name the member (the loan or request they name forgets the
-- reader when it finishes); entries written before that still do, and would tie a reader to a
-- title for ever. Their memberId goes; everything else in them stays.
-- The audit log refuses updates by trigger. Migrations run in one transaction, so the trigger is
-- off only for this statement and no other connection ever sees it off.
alter table audit_log disable trigger audit_log_no_update;

update audit_log
set details = details - 'memberId'
where action in ('loan.issued', 'request.placed', 'request.cancelled')
  and details ? 'memberId';

alter table audit_log enable trigger audit_log_no_update;
