import type { Queryable } from '../platform/database/database.ts';
import type { OrganisationKind } from '../organisation/tables.ts';
import { makeLocalService, makeOrganisation, makePartnership } from '../directory/factories.ts';
import type { ReferralStatus } from './tables.ts';
import { CLOSED_STATUSES } from './tables.ts';

/**
 * Rows for the referral tests, written straight to the tables: a partnership whose members have
 * accepted its agreement, each with a service taking referrals, and referrals between them.
 */
export interface SharingPartner {
  organisationId: string;
  serviceId: string;
}

export interface ReferralPartnership {
  partnershipId: string;
  agreementId: string;
  library: SharingPartner;
  health: SharingPartner;
  charity: SharingPartner;
  /** An organisation of the same library service that is not in the partnership. */
  outsider: SharingPartner;
}

async function partnerWithService(db: Queryable, tenantId: string, kind: OrganisationKind, typicalResponseDays: number | null = 3): Promise<SharingPartner> {
  const organisation = await makeOrganisation(db, tenantId, { kind });
  const service = await makeLocalService(db, tenantId, { organisationId: organisation.id, acceptingReferrals: true });
  if (typicalResponseDays) await db.updateTable('directory_services').set({ typical_response_days: typicalResponseDays }).where('id', '=', service.id).execute();
  return { organisationId: organisation.id, serviceId: service.id };
}

/** Joins the partnership as accepting its agreement does. */
export async function joinWithAgreement(db: Queryable, tenantId: string, partnershipId: string, agreementId: string, organisationId: string) {
  await db.insertInto('partnership_members').values({ partnership_id: partnershipId, organisation_id: organisationId }).execute();
  await db.insertInto('partnership_agreement_acceptances').values({ agreement_id: agreementId, organisation_id: organisationId, tenant_id: tenantId, accepted_by_name: 'Test signer' }).execute();
}

/**
 * The library service's own organisation (library staff without an organisation act for it), a
 * health service and a charity in one partnership, and an outsider that is not in it.
 */
export async function makeReferralPartnership(db: Queryable, tenantId: string): Promise<ReferralPartnership> {
  const partnership = await makePartnership(db, tenantId);
  const agreement = await db
    .insertInto('partnership_agreements')
    .values({ tenant_id: tenantId, partnership_id: partnership.id, version: '1', body: 'We share what a person agrees to, with the organisations they name, for as long as they agree.' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const library = await partnerWithService(db, tenantId, 'library_service');
  const health = await partnerWithService(db, tenantId, 'health');
  const charity = await partnerWithService(db, tenantId, 'charity');
  const outsider = await partnerWithService(db, tenantId, 'council');
  for (const member of [library, health, charity]) await joinWithAgreement(db, tenantId, partnership.id, agreement.id, member.organisationId);
  return { partnershipId: partnership.id, agreementId: agreement.id, library, health, charity, outsider };
}

export interface ReferralFixture {
  partnershipId: string;
  from: string;
  to: SharingPartner;
  status?: ReferralStatus;
  personId?: string;
  personName?: string;
  story?: string;
  createdAt?: Date;
  acceptedAt?: Date | null;
  closedAt?: Date | null;
}

/** A referral with its person (unless given), story, a consent naming the receiver, and its `sent` event. */
export async function insertReferral(db: Queryable, tenantId: string, fields: ReferralFixture) {
  const createdAt = fields.createdAt ?? new Date();
  const status = fields.status ?? 'requested';
  const personId =
    fields.personId ??
    (
      await db
        .insertInto('referral_people')
        .values({ tenant_id: tenantId, partnership_id: fields.partnershipId, recorded_by_organisation_id: fields.from, name: fields.personName ?? 'Samira Haddad', contact_method: 'phone', contact_detail: '07700 900123', safe_times: 'Weekday mornings', safe_to_leave_message: false, preferred_language: 'ar', interpreter_needed: true })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await db
    .insertInto('referral_story_entries')
    .values({ tenant_id: tenantId, person_id: personId, body: fields.story ?? 'I moved here in the spring and I have not been able to see a doctor about my back.', organisation_id: fields.from, written_by_name: 'Test caseworker', written_at: createdAt })
    .execute();
  const consent = await db
    .insertInto('referral_consents')
    .values({ tenant_id: tenantId, person_id: personId, given_by: 'the person', method: 'verbal', given_at: createdAt, wording: 'I agree that my story and contact details are shared with the organisation named here.', recorded_by_name: 'Test caseworker', recorded_by_organisation_id: fields.from })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('referral_consent_organisations').values({ consent_id: consent.id, organisation_id: fields.to.organisationId }).execute();
  const service = await db.selectFrom('directory_services').select('name').where('id', '=', fields.to.serviceId).executeTakeFirstOrThrow();
  const closedAt = fields.closedAt !== undefined ? fields.closedAt : CLOSED_STATUSES.includes(status) ? createdAt : null;
  const referral = await db
    .insertInto('referrals')
    .values({
      tenant_id: tenantId,
      partnership_id: fields.partnershipId,
      person_id: personId,
      service_id: fields.to.serviceId,
      service_name: service.name,
      sending_organisation_id: fields.from,
      receiving_organisation_id: fields.to.organisationId,
      consent_id: consent.id,
      needs: ['health'],
      urgency: 'routine',
      status,
      sent_by_name: 'Test caseworker',
      created_at: createdAt,
      status_changed_at: closedAt ?? fields.acceptedAt ?? createdAt,
      accepted_at: fields.acceptedAt !== undefined ? fields.acceptedAt : status === 'requested' || status === 'rejected' || status === 'cancelled' ? null : createdAt,
      closed_at: closedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('referral_events').values({ tenant_id: tenantId, referral_id: referral.id, kind: 'sent', to_status: 'requested', organisation_id: fields.from, actor_name: 'Test caseworker', at: createdAt }).execute();
  return { id: referral.id, personId, consentId: consent.id };
}
