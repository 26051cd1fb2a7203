-- A warning carries its own renew link: the emailed token is the warning's id and a secret, and
-- only the secret's digest is kept here. Sending a day's warnings then writes one row per warning,
-- and a link is found by primary key. Links sent before this change stop working; each says to use
-- the latest email, and staff can renew at the desk or from the arrangement page.
alter table neighbour_warnings
  add column renew_secret_hash text,
  add column renew_expires_at timestamptz,
  add column renew_used_at timestamptz;

drop table renew_links;
