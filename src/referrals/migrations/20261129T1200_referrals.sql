-- Warm Handover: closed-loop referrals between the organisations of a partnership. A person tells
-- their story once: one person record, one story appended to over time, consents naming each
-- receiving organisation, and referrals whose states follow the HL7 FHIR SDOH referral Task. Only the sending and the receiving organisation of a
-- referral see it; the person and their story are seen by the organisations of their referrals.

create table referral_people (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  partnership_id uuid not null references partnerships (id),
  -- The organisation that first recorded the person.
  recorded_by_organisation_id uuid not null references organisations (id),
  name text not null,
  -- How to reach them safely.
  contact_method text not null check (contact_method in ('phone', 'text', 'email', 'letter', 'in_person', 'through_referrer')),
  contact_detail text,
  safe_times text,
  safe_to_leave_message boolean not null default false,
  -- BCP 47 tag, e.g. 'ar', 'uk', 'prs'.
  preferred_language text,
  interpreter_needed boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index referral_people_tenant on referral_people (tenant_id, recorded_by_organisation_id);

-- The story in the person's own words, appended to and never rewritten.
create table referral_story_entries (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  person_id uuid not null references referral_people (id) on delete cascade,
  body text not null check (length(body) between 1 and 20000),
  organisation_id uuid not null references organisations (id),
  written_by uuid,
  -- Kept as written, so the entry survives the account.
  written_by_name text not null,
  written_at timestamptz not null default now()
);
create index referral_story_entries_person on referral_story_entries (person_id, written_at);

-- Consent to share, given to named organisations (a category of organisations is not enough).
create table referral_consents (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  person_id uuid not null references referral_people (id) on delete cascade,
  -- 'the person' themselves, or the name of who gave it for them (and how they are related).
  given_by text not null,
  given_by_relationship text,
  method text not null check (method in ('verbal', 'written')),
  given_at timestamptz not null,
  -- The exact words shown or read to the person.
  wording text not null check (length(wording) between 10 and 5000),
  valid_until date,
  recorded_by uuid,
  recorded_by_name text not null,
  recorded_by_organisation_id uuid not null references organisations (id),
  withdrawn_at timestamptz,
  withdrawn_by_name text,
  withdrawal_note text,
  created_at timestamptz not null default now()
);
create index referral_consents_person on referral_consents (person_id);

create table referral_consent_organisations (
  consent_id uuid not null references referral_consents (id) on delete cascade,
  organisation_id uuid not null references organisations (id),
  primary key (consent_id, organisation_id)
);

create table referrals (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  partnership_id uuid not null references partnerships (id),
  person_id uuid not null references referral_people (id) on delete cascade,
  service_id uuid references directory_services (id) on delete set null,
  -- Kept as sent, so the referral reads the same if the directory entry changes or goes.
  service_name text not null,
  sending_organisation_id uuid not null references organisations (id),
  receiving_organisation_id uuid not null references organisations (id),
  consent_id uuid references referral_consents (id),
  -- Sharing without consent only on a recorded safeguarding basis; flagged and audited.
  safeguarding_basis text,
  needs text[] not null default '{}',
  needs_note text,
  urgency text not null default 'routine' check (urgency in ('routine', 'soon', 'urgent')),
  -- FHIR SDOH referral Task states.
  status text not null default 'requested'
    check (status in ('requested', 'accepted', 'rejected', 'in_progress', 'on_hold', 'completed', 'failed', 'cancelled')),
  status_reason text,
  outcome_code text,
  outcome_note text,
  -- A rejection may point to a better service.
  suggested_service_id uuid references directory_services (id) on delete set null,
  -- Re-referral: the referral this one carries the story on from.
  previous_referral_id uuid references referrals (id) on delete set null,
  sent_by uuid,
  sent_by_name text not null,
  created_at timestamptz not null default now(),
  status_changed_at timestamptz not null default now(),
  accepted_at timestamptz,
  closed_at timestamptz,
  reminded_at timestamptz,
  check (consent_id is not null or safeguarding_basis is not null),
  check (sending_organisation_id <> receiving_organisation_id),
  check ((status in ('rejected', 'completed', 'failed', 'cancelled')) = (closed_at is not null))
);
create index referrals_incoming on referrals (tenant_id, receiving_organisation_id, status, created_at desc);
create index referrals_outgoing on referrals (tenant_id, sending_organisation_id, status, created_at desc);
create index referrals_person on referrals (person_id);
create index referrals_service on referrals (service_id, created_at);
create index referrals_closed on referrals (tenant_id, closed_at) where closed_at is not null;

-- The timeline both sides see: every change, view, contact and reminder.
create table referral_events (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  referral_id uuid not null references referrals (id) on delete cascade,
  kind text not null check (kind in ('sent', 'viewed', 'status_changed', 'contact_recorded', 'note', 'story_appended', 'consent_withdrawn', 'reminder_sent', 're_referred')),
  from_status text,
  to_status text,
  reason text,
  outcome_code text,
  note text,
  organisation_id uuid references organisations (id),
  actor_id uuid,
  actor_name text not null,
  at timestamptz not null default now()
);
create index referral_events_referral on referral_events (referral_id, at);
