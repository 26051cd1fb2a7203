-- Every request for a portal sign-in link, known address or not, so that the endpoint cannot be
-- used to flood someone's inbox and the throttle says nothing about which addresses are known.
-- Kept only for the throttle's window (see portal-auth.ts purge).
create table neighbour_sign_in_requests (
  id bigint generated always as identity primary key,
  email text not null,
  ip text not null,
  at timestamptz not null default now()
);
create index neighbour_sign_in_requests_email on neighbour_sign_in_requests (email, at);
create index neighbour_sign_in_requests_ip on neighbour_sign_in_requests (ip, at);

-- A sign-in link is asked for by email alone, before the library service is known.
create index neighbours_email_any on neighbours (lower(email)) where email is not null;
create index neighbour_sessions_expiry on neighbour_sessions (expires_at);
