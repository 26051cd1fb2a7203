-- Need to know, held by the database as well: under the hearth_scoped role (see
-- platform/database/migrations) a caseworker's transaction reaches only the referrals her
-- organisation sent or received, the people it recorded or has a referral for, and their stories,
-- consents and timelines. access.ts answers first with the proper 404; these policies are the wall
-- behind it. Cascading deletes (erasure) and background work run as the owner, outside them.
-- What an organisation writes is also held to its own name: it sends its referrals, records its
-- people, writes its story entries and records its consents.

alter table referrals enable row level security;
create policy referrals_seen on referrals for all to hearth_scoped
  using (tenant_id = hearth_scope_tenant() and hearth_scope_organisation() in (sending_organisation_id, receiving_organisation_id));
create policy referrals_sent on referrals as restrictive for insert to hearth_scoped
  with check (sending_organisation_id = hearth_scope_organisation());

alter table referral_events enable row level security;
create policy referral_events_of_seen on referral_events for all to hearth_scoped
  using (tenant_id = hearth_scope_tenant() and exists (select from referrals r where r.id = referral_id));

-- The subquery reads referrals under their own policy, so "a referral of theirs" means one the
-- scope may see.
alter table referral_people enable row level security;
create policy referral_people_seen on referral_people for all to hearth_scoped
  using (
    tenant_id = hearth_scope_tenant()
    and (recorded_by_organisation_id = hearth_scope_organisation() or exists (select from referrals r where r.person_id = referral_people.id))
  );
create policy referral_people_recorded on referral_people as restrictive for insert to hearth_scoped
  with check (recorded_by_organisation_id = hearth_scope_organisation());

alter table referral_story_entries enable row level security;
create policy referral_story_of_seen on referral_story_entries for all to hearth_scoped
  using (tenant_id = hearth_scope_tenant() and exists (select from referral_people p where p.id = person_id));
create policy referral_story_written on referral_story_entries as restrictive for insert to hearth_scoped
  with check (organisation_id = hearth_scope_organisation());
-- The story is told once and added to, never rewritten: no caseworker changes or removes an entry
-- (erasure and the retention purge run outside the scope).
create policy referral_story_kept on referral_story_entries as restrictive for update to hearth_scoped using (false);
create policy referral_story_not_removed on referral_story_entries as restrictive for delete to hearth_scoped using (false);

alter table referral_consents enable row level security;
create policy referral_consents_of_seen on referral_consents for all to hearth_scoped
  using (tenant_id = hearth_scope_tenant() and exists (select from referral_people p where p.id = person_id));
create policy referral_consents_recorded on referral_consents as restrictive for insert to hearth_scoped
  with check (recorded_by_organisation_id = hearth_scope_organisation());

alter table referral_consent_organisations enable row level security;
create policy referral_consent_organisations_of_seen on referral_consent_organisations for all to hearth_scoped
  using (exists (select from referral_consents c where c.id = consent_id));
