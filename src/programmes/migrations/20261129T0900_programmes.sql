-- Community programmes such as Chat and chill: groups that meet at branches, run on the least personal data.

create table programmes (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  -- Name, description and note in the programme's own language; other languages in programme_translations.
  language text not null default 'en',
  name text not null,
  description text not null default '',
  audience text not null default 'adults' check (audience in ('everyone', 'adults', 'women', 'families', 'children', 'young_people', 'older_people')),
  -- Shown to the public as badges: eligibility is confirmed by the person, never recorded as a characteristic.
  women_only boolean not null default false,
  free boolean not null default true,
  booking_needed boolean not null default false,
  eligibility_note text,
  suggested_donation_pence integer check (suggested_donation_pence >= 0),
  status text not null default 'active' check (status in ('active', 'archived')),
  -- Other library services may browse it and adopt it as a template.
  shared boolean not null default false,
  copied_from_id uuid references programmes (id) on delete set null,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  unique (tenant_id, name)
);
create index programmes_shared on programmes (shared) where shared and status = 'active';

create table programme_translations (
  programme_id uuid not null references programmes (id) on delete cascade,
  tenant_id uuid not null references library_services (id),
  language text not null,
  name text not null,
  description text not null default '',
  eligibility_note text,
  primary key (programme_id, language)
);

create table programme_branches (
  programme_id uuid not null references programmes (id) on delete cascade,
  branch_id uuid not null references branches (id),
  tenant_id uuid not null references library_services (id),
  added_at timestamptz not null default now(),
  added_by uuid,
  primary key (programme_id, branch_id)
);
create index programme_branches_branch on programme_branches (branch_id);

create table programme_partners (
  programme_id uuid not null references programmes (id) on delete cascade,
  organisation_id uuid not null references organisations (id),
  tenant_id uuid not null references library_services (id),
  primary key (programme_id, organisation_id)
);

-- Everyday skills a programme teaches, such as booking a GP appointment.
create table skill_topics (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  name text not null,
  description text,
  created_at timestamptz not null default now(),
  unique (tenant_id, name)
);

create table programme_topics (
  programme_id uuid not null references programmes (id) on delete cascade,
  topic_id uuid not null references skill_topics (id) on delete cascade,
  tenant_id uuid not null references library_services (id),
  primary key (programme_id, topic_id)
);

-- Files, links and phrase sheets for a topic, each in one language.
create table topic_resources (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  topic_id uuid not null references skill_topics (id) on delete cascade,
  kind text not null check (kind in ('file', 'link', 'phrase_sheet')),
  title text not null,
  language text not null default 'en',
  url text,
  file_name text,
  content_type text,
  content bytea,
  size_bytes integer,
  created_at timestamptz not null default now(),
  created_by uuid,
  check ((url is not null) <> (content is not null))
);
create index topic_resources_topic on topic_resources (topic_id);

-- A recurring pattern of sessions in the service's local time; occurrences are kept in sessions.
create table session_schedules (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  programme_id uuid not null references programmes (id),
  -- A schedule shared by two programmes, such as a joint English class and gardening club.
  joint_programme_id uuid references programmes (id),
  branch_id uuid not null references branches (id),
  -- RFC 5545 RRULE value (no DTSTART), e.g. FREQ=WEEKLY;BYDAY=TU.
  rrule text not null,
  first_date date not null,
  starts_local time not null,
  ends_local time not null check (ends_local > starts_local),
  time_zone text not null default 'Europe/London',
  room text,
  facilitator text,
  capacity integer check (capacity > 0),
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  check (joint_programme_id is null or joint_programme_id <> programme_id)
);
create index session_schedules_programme on session_schedules (programme_id);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  programme_id uuid not null references programmes (id),
  joint_programme_id uuid references programmes (id),
  branch_id uuid not null references branches (id),
  -- Null for a one-off session.
  schedule_id uuid references session_schedules (id) on delete cascade,
  -- The date the schedule gave this occurrence (its RECURRENCE-ID), kept when it is moved.
  occurrence_date date,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  room text,
  facilitator text,
  capacity integer check (capacity > 0),
  topic text,
  -- withdrawn: no longer part of an edited schedule; kept so feeds can report it gone.
  status text not null default 'scheduled' check (status in ('scheduled', 'cancelled', 'withdrawn')),
  cancellation_reason text,
  cancelled_at timestamptz,
  -- Changed on its own, so editing the schedule leaves it be and feeds carry it as an exception.
  detached boolean not null default false,
  -- People present whose names were not taken (a headcount-only session records only this).
  unnamed_attendees integer not null default 0 check (unnamed_attendees >= 0),
  donations_pence integer not null default 0 check (donations_pence >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check ((schedule_id is null) = (occurrence_date is null)),
  check (joint_programme_id is null or joint_programme_id <> programme_id)
);
create unique index sessions_occurrence on sessions (schedule_id, occurrence_date) where schedule_id is not null;
create index sessions_programme_time on sessions (programme_id, starts_at);
create index sessions_joint_programme_time on sessions (joint_programme_id, starts_at) where joint_programme_id is not null;
create index sessions_branch_time on sessions (branch_id, starts_at);
create index sessions_changes on sessions (updated_at, id);

create table session_topics (
  session_id uuid not null references sessions (id) on delete cascade,
  topic_id uuid not null references skill_topics (id) on delete cascade,
  tenant_id uuid not null references library_services (id),
  primary key (session_id, topic_id)
);

-- A woman who comes along: a preferred name and nothing she has not chosen to give.
create table participants (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  preferred_name text not null,
  languages text[] not null default '{}',
  heard_via text check (heard_via in ('ambassador', 'school', 'partner_referral', 'walk_in', 'other')),
  invited_by_ambassador_id uuid,
  -- Optional: an email address or phone number she chose to give, and whether to hear of cancellations.
  contact text,
  wants_cancellation_notices boolean not null default false,
  notice_language text not null default 'en',
  -- The programme's eligibility (e.g. women only), confirmed by a tick.
  eligibility_confirmed boolean not null default false,
  consent_method text not null check (consent_method in ('verbal', 'written', 'online')),
  consent_given_at timestamptz not null,
  consent_recorded_by uuid,
  first_programme_id uuid references programmes (id),
  created_at timestamptz not null default now(),
  check (contact is not null or not wants_cancellation_notices)
);
create index participants_tenant_name on participants (tenant_id, lower(preferred_name));

create table attendance (
  session_id uuid not null references sessions (id) on delete cascade,
  participant_id uuid not null references participants (id) on delete cascade,
  tenant_id uuid not null references library_services (id),
  recorded_at timestamptz not null default now(),
  recorded_by uuid,
  primary key (session_id, participant_id)
);
create index attendance_participant on attendance (participant_id);

create table ambassadors (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  participant_id uuid not null unique references participants (id) on delete cascade,
  programme_id uuid not null references programmes (id),
  -- In her invitation link and QR code; newcomers who arrive through it are attributed to her.
  invite_code text not null unique,
  invite_opens integer not null default 0,
  promoted_at timestamptz not null default now(),
  promoted_by uuid,
  stepped_down_at timestamptz
);
create index ambassadors_programme on ambassadors (programme_id);
alter table participants add constraint participants_invited_by foreign key (invited_by_ambassador_id) references ambassadors (id) on delete set null;
create index participants_invited_by on participants (invited_by_ambassador_id) where invited_by_ambassador_id is not null;

-- Schools and groups an ambassador (or staff) has been in touch with.
create table outreach_contacts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  programme_id uuid not null references programmes (id),
  ambassador_id uuid references ambassadors (id) on delete set null,
  contact_name text not null,
  contact_kind text not null check (contact_kind in ('school', 'community_group', 'faith_group', 'health', 'other')),
  contacted_on date not null,
  outcome text,
  follow_up_on date,
  recorded_by uuid,
  created_at timestamptz not null default now()
);
create index outreach_contacts_programme on outreach_contacts (programme_id, contacted_on desc);

-- Staff pointing someone to a service; she is named only if she agreed.
create table signpostings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references library_services (id),
  programme_id uuid not null references programmes (id),
  session_id uuid references sessions (id) on delete set null,
  need text not null check (need in ('health', 'mental_health', 'housing', 'money', 'education', 'employment', 'legal', 'family', 'safety', 'language', 'social', 'other')),
  service_name text not null,
  -- A service from the directory, once one is chosen there.
  service_id uuid,
  participant_id uuid references participants (id) on delete set null,
  participant_consented boolean not null default false,
  note text,
  recorded_at timestamptz not null default now(),
  recorded_by uuid,
  check (participant_id is null or participant_consented)
);
create index signpostings_programme on signpostings (programme_id, recorded_at desc);

-- Who was told about a cancelled session, so the notice goes once.
create table session_cancellation_notices (
  session_id uuid not null references sessions (id) on delete cascade,
  participant_id uuid not null references participants (id) on delete cascade,
  outbox_id uuid,
  primary key (session_id, participant_id)
);
