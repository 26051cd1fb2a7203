-- Every newcomer registration through a public invitation link, kept only for the throttle's
-- window (see invitations.ts purge). Its columns are those of the sign-in logs so that one throttle
-- count serves all: `email` holds the invitation code the request was for.
create table invitation_responses (
  id bigint generated always as identity primary key,
  email text not null,
  ip text not null,
  at timestamptz not null default now()
);
create index invitation_responses_code on invitation_responses (email, at);
create index invitation_responses_ip on invitation_responses (ip, at);
create index invitation_responses_at on invitation_responses (at);
