-- A finished request (collected, cancelled or expired) names its member only while they keep a
-- reading history, as a returned loan does; otherwise it would link them to the title for ever.
alter table requests alter column member_id drop not null;

-- A request still waiting or ready is being served for someone.
alter table requests add constraint requests_open_have_member
  check (member_id is not null or status in ('collected', 'cancelled', 'expired'));

update requests r
set member_id = null
from members m
where m.id = r.member_id
  and not m.keeps_history
  and r.status in ('collected', 'cancelled', 'expired');
