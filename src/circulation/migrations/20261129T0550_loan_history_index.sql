-- A member's reading history, newest first, without scanning every returned loan.
create index loans_member_history on loans (member_id, returned_at desc, id desc) where returned_at is not null;
