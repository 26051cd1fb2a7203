import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import type { Hearth } from '../platform/http/app-types.ts';
import { AppError, invalid } from '../platform/http/errors.ts';
import { caseworkerTransaction, referralFor, type Caseworker } from './access.ts';
import { checkConsent, checkOneBasis, consentRequired, coversOrganisation } from './consent.ts';
import { recordReferralEvent } from './events.ts';
import { notifyOrganisation } from './notifications.ts';
import { appendStory, checkConsentFields, insertConsent, insertPerson, visiblePersonFor } from './people.ts';
import { presentReferralDetail, presentSummaries, type PersonRow, type ReferralRow } from './presenters.ts';
import type { ConsentFields, CreateReferralFields, PersonFields, ReferralDetail, ReferralSummary, ReReferFields } from './schemas.ts';
import { CLOSED_STATUSES, type ReferralStatus, type Urgency } from './tables.ts';

/** The moment a request is handled, as the server's clock tells it. */
export interface Moment {
  now: Date;
  /** YYYY-MM-DD: consents run through their last day. */
  today: string;
}

const notInPartnership = (detail: string) => invalid('service_not_in_partnership', detail);

/** The service a referral goes to and the partner organisation behind it, checked to be able to take it. */
async function receivingServiceOf(db: Queryable, caseworker: Caseworker, serviceId: string) {
  const service = await db
    .selectFrom('directory_services as s')
    .innerJoin('directory_organizations as o', 'o.id', 's.organization_id')
    .select(['s.id', 's.name', 's.status', 's.accepting_referrals', 's.source_id', 'o.organisation_id'])
    .where('s.tenant_id', '=', caseworker.actor.tenantId)
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
  if (!service) throw invalid('service_not_found', 'There is no such service in the directory.');
  if (service.source_id !== null || service.organisation_id === null) {
    throw notInPartnership('The service comes from an imported directory feed: refer to it by signposting, as it is not run by a partner organisation.');
  }
  if (service.organisation_id === caseworker.organisationId) throw invalid('cannot_refer_to_own_organisation', 'The service is your own organisation’s: a referral goes to a partner.');
  if (!service.accepting_referrals || service.status !== 'active') throw invalid('service_not_accepting_referrals', 'The service is not taking referrals at the moment.');
  return { id: service.id, name: service.name, organisationId: service.organisation_id };
}

/**
 * The partnerships a referral between the two organisations may go through: both are members and
 * both have accepted its current (latest published) agreement. Oldest first.
 */
export async function sharedPartnerships(db: Queryable, tenantId: string, sender: string, receiver: string): Promise<string[]> {
  const agreements = await db
    .selectFrom('partnership_agreements as a')
    .innerJoin('partnerships as p', 'p.id', 'a.partnership_id')
    .select(['a.id', 'a.partnership_id'])
    .where('a.tenant_id', '=', tenantId)
    .where((eb) =>
      eb.and(
        [sender, receiver].map((organisationId) =>
          eb.exists(eb.selectFrom('partnership_members as m').select('m.organisation_id').whereRef('m.partnership_id', '=', 'a.partnership_id').where('m.organisation_id', '=', organisationId)),
        ),
      ),
    )
    .orderBy('p.created_at')
    .orderBy('p.id')
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  const current = new Map<string, string>();
  for (const agreement of agreements) if (!current.has(agreement.partnership_id)) current.set(agreement.partnership_id, agreement.id);
  if (current.size === 0) return [];
  const acceptances = await db
    .selectFrom('partnership_agreement_acceptances')
    .select(['agreement_id', 'organisation_id'])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', 'in', [...current.values()])
    .where('organisation_id', 'in', [sender, receiver])
    .execute();
  const acceptedBoth = (agreementId: string) => [sender, receiver].every((organisationId) => acceptances.some((a) => a.agreement_id === agreementId && a.organisation_id === organisationId));
  return [...current].filter(([, agreementId]) => acceptedBoth(agreementId)).map(([partnershipId]) => partnershipId);
}

/** The partnership named, or the preferred one (the person's, the earlier referral's), or the oldest that qualifies. */
async function partnershipFor(db: Queryable, caseworker: Caseworker, receiver: string, requested: string | undefined, preferred: string | undefined) {
  const qualifying = await sharedPartnerships(db, caseworker.actor.tenantId, caseworker.organisationId, receiver);
  if (requested) {
    if (!qualifying.includes(requested)) throw notInPartnership('Your organisation and the service’s do not both belong to that partnership with its current agreement accepted.');
    return requested;
  }
  if (preferred && qualifying.includes(preferred)) return preferred;
  const first = qualifying[0];
  if (!first) throw notInPartnership('Your organisation and the service’s do not share a partnership whose current agreement both have accepted.');
  return first;
}

/** The lawful basis a referral rests on, checked before anything is written. */
type Basis = { kind: 'new_consent'; fields: ConsentFields } | { kind: 'consent'; consentId: string } | { kind: 'safeguarding'; basis: string };

interface BasisRequest {
  consent?: ConsentFields;
  consentId?: string;
  safeguardingBasis?: string;
}

async function consentTermsOf(db: Queryable, tenantId: string, personId: string) {
  const consents = await db.selectFrom('referral_consents').select(['id', 'withdrawn_at', 'valid_until', 'given_at']).where('tenant_id', '=', tenantId).where('person_id', '=', personId).orderBy('given_at', 'desc').orderBy('id').execute();
  if (consents.length === 0) return [];
  const named = await db
    .selectFrom('referral_consent_organisations')
    .select(['consent_id', 'organisation_id'])
    .where(
      'consent_id',
      'in',
      consents.map((consent) => consent.id),
    )
    .execute();
  return consents.map((consent) => ({
    id: consent.id,
    withdrawnAt: consent.withdrawn_at,
    validUntil: consent.valid_until,
    organisationIds: named.filter((n) => n.consent_id === consent.id).map((n) => n.organisation_id),
  }));
}

/**
 * A new consent must be sound and name the receiver; a recorded one must be this person's,
 * current and name the receiver; with neither, a current consent already naming the receiver
 * serves (the person is not asked twice), or else only a safeguarding basis lets it go.
 */
async function basisFor(db: Queryable, caseworker: Caseworker, person: PersonRow | null, receiver: string, request: BasisRequest, moment: Moment): Promise<Basis> {
  const tenantId = caseworker.actor.tenantId;
  checkOneBasis({ consentGiven: request.consent !== undefined, consentId: request.consentId !== undefined, safeguardingBasis: request.safeguardingBasis });
  if (request.consent) {
    await checkConsentFields(db, tenantId, request.consent, moment);
    checkConsent({ withdrawnAt: null, validUntil: request.consent.validUntil ?? null, organisationIds: request.consent.organisationIds }, receiver, moment.today);
    return { kind: 'new_consent', fields: request.consent };
  }
  const recorded = person ? await consentTermsOf(db, tenantId, person.id) : [];
  if (request.consentId) {
    const consent = recorded.find((terms) => terms.id === request.consentId);
    if (!consent) throw invalid('consent_not_for_person', 'That consent was not given by the person being referred.');
    checkConsent(consent, receiver, moment.today);
    return { kind: 'consent', consentId: consent.id };
  }
  if (request.safeguardingBasis) return { kind: 'safeguarding', basis: request.safeguardingBasis.trim() };
  const covering = recorded.find((terms) => coversOrganisation(terms, receiver, moment.today));
  if (covering) return { kind: 'consent', consentId: covering.id };
  throw consentRequired();
}

interface Sending {
  serviceId: string;
  partnershipId?: string;
  /** The partnership to use when several qualify and none is named. */
  preferredPartnershipId?: string;
  person: { existing: PersonRow } | { fields: PersonFields };
  story?: string;
  needs: string[];
  needsNote: string | null;
  urgency: Urgency;
  basis: BasisRequest;
  previousReferralId?: string;
}

export interface ReferralRowFields {
  partnershipId: string;
  personId: string;
  service: { id: string; name: string; organisationId: string };
  consentId: string | null;
  safeguardingBasis: string | null;
  needs: string[];
  needsNote: string | null;
  urgency: Urgency;
  previousReferralId: string | null;
  at: Date;
}

/** Writes a referral whose rules have been checked, with the `sent` event that opens its timeline. */
export async function insertReferralRow(db: Queryable, caseworker: Caseworker, fields: ReferralRowFields): Promise<ReferralRow> {
  const referral = await db
    .insertInto('referrals')
    .values({
      tenant_id: caseworker.actor.tenantId,
      partnership_id: fields.partnershipId,
      person_id: fields.personId,
      service_id: fields.service.id,
      service_name: fields.service.name,
      sending_organisation_id: caseworker.organisationId,
      receiving_organisation_id: fields.service.organisationId,
      consent_id: fields.consentId,
      safeguarding_basis: fields.safeguardingBasis,
      needs: fields.needs,
      needs_note: fields.needsNote,
      urgency: fields.urgency,
      previous_referral_id: fields.previousReferralId,
      sent_by: caseworker.actor.actorId,
      sent_by_name: caseworker.actor.actorLabel ?? 'Hearth',
      created_at: fields.at,
      status_changed_at: fields.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordReferralEvent(db, caseworker.actor.tenantId, referral.id, caseworker, { kind: 'sent', toStatus: 'requested', at: fields.at });
  return referral;
}

/**
 * Sends a referral inside the caller's transaction: every rule is checked before the first write,
 * so a refused referral leaves nothing behind. The receiving organisation is told by email.
 */
async function send(hearth: Hearth, trx: Queryable, caseworker: Caseworker, sending: Sending, moment: Moment): Promise<ReferralRow> {
  const tenantId = caseworker.actor.tenantId;
  const service = await receivingServiceOf(trx, caseworker, sending.serviceId);
  const existing = 'existing' in sending.person ? sending.person.existing : null;
  const partnershipId = await partnershipFor(trx, caseworker, service.organisationId, sending.partnershipId, sending.preferredPartnershipId ?? existing?.partnership_id);
  if (!existing && !sending.story?.trim()) throw invalid('story_required', 'Write the person’s story in their own words: it is told once and goes with every referral.');
  const basis = await basisFor(trx, caseworker, existing, service.organisationId, sending.basis, moment);

  const person = 'fields' in sending.person ? await insertPerson(trx, caseworker, partnershipId, sending.person.fields) : sending.person.existing;
  if (sending.story?.trim()) await appendStory(trx, caseworker, person.id, sending.story);
  const consentId = basis.kind === 'new_consent' ? await insertConsent(trx, caseworker, person.id, basis.fields) : basis.kind === 'consent' ? basis.consentId : null;
  const referral = await insertReferralRow(trx, caseworker, {
    partnershipId,
    personId: person.id,
    service,
    consentId,
    safeguardingBasis: basis.kind === 'safeguarding' ? basis.basis : null,
    needs: sending.needs.map((need) => need.trim()),
    needsNote: sending.needsNote?.trim() || null,
    urgency: sending.urgency,
    previousReferralId: sending.previousReferralId ?? null,
    at: moment.now,
  });
  await recordAudit(trx, caseworker.actor, {
    action: 'referral.sent',
    entityType: 'referral',
    entityId: referral.id,
    details: { personId: person.id, partnershipId, serviceId: service.id, receivingOrganisationId: service.organisationId, consentId, previousReferralId: referral.previous_referral_id },
  });
  if (basis.kind === 'safeguarding') {
    await recordAudit(trx, caseworker.actor, { action: 'referral.safeguarding_basis_used', entityType: 'referral', entityId: referral.id, details: { personId: person.id, receivingOrganisationId: service.organisationId } });
  }
  await notifyOrganisation(hearth, trx, tenantId, service.organisationId, { kind: 'referral_received', referralId: referral.id });
  return referral;
}

const personAmbiguous = () => new AppError('person_ambiguous', 400, 'Give either personId (someone already known) or person (someone new), not both.');

export function createReferral(hearth: Hearth, caseworker: Caseworker, body: CreateReferralFields, moment: Moment): Promise<ReferralDetail> {
  if (body.personId && body.person) throw personAmbiguous();
  checkOneBasis({ consentGiven: body.consent !== undefined, consentId: body.consentId !== undefined, safeguardingBasis: body.safeguardingBasis });
  return caseworkerTransaction(hearth.database.db, caseworker, async (trx) => {
    let person: Sending['person'];
    if (body.personId) person = { existing: await visiblePersonFor(trx, caseworker, body.personId) };
    else if (body.person) person = { fields: body.person };
    else throw invalid('person_required', 'Say who is being referred: someone already known (personId) or someone new (person).');
    const referral = await send(
      hearth,
      trx,
      caseworker,
      {
        serviceId: body.serviceId,
        partnershipId: body.partnershipId,
        person,
        story: body.story,
        needs: body.needs,
        needsNote: body.needsNote ?? null,
        urgency: body.urgency,
        basis: { consent: body.consent, consentId: body.consentId, safeguardingBasis: body.safeguardingBasis },
      },
      moment,
    );
    return presentReferralDetail(trx, caseworker, { row: referral, side: 'sender' }, moment.now);
  });
}

/**
 * Passes the person on from a referral either side holds: the caller's organisation sends, the
 * story carries on (with anything added), and the earlier referral's timeline says so.
 */
export function reRefer(hearth: Hearth, caseworker: Caseworker, referralId: string, body: ReReferFields, moment: Moment): Promise<ReferralDetail> {
  checkOneBasis({ consentGiven: body.consent !== undefined, consentId: body.consentId !== undefined, safeguardingBasis: body.safeguardingBasis });
  const tenantId = caseworker.actor.tenantId;
  return caseworkerTransaction(hearth.database.db, caseworker, async (trx) => {
    const earlier = await referralFor(trx, caseworker, referralId, { forUpdate: true });
    const person = await visiblePersonFor(trx, caseworker, earlier.row.person_id).catch((error: unknown) => {
      // The referral is hers to see, so the person is hidden only because their consent was withdrawn.
      if (error instanceof AppError && error.status === 404) throw invalid('consent_withdrawn', 'The person has withdrawn the consent this referral rested on, so it cannot be passed on.');
      throw error;
    });
    const referral = await send(
      hearth,
      trx,
      caseworker,
      {
        serviceId: body.serviceId,
        partnershipId: body.partnershipId,
        preferredPartnershipId: earlier.row.partnership_id,
        person: { existing: person },
        story: body.storyAddition,
        needs: body.needs ?? earlier.row.needs,
        needsNote: body.needsNote !== undefined ? body.needsNote : earlier.row.needs_note,
        urgency: body.urgency ?? earlier.row.urgency,
        basis: { consent: body.consent, consentId: body.consentId, safeguardingBasis: body.safeguardingBasis },
        previousReferralId: earlier.row.id,
      },
      moment,
    );
    await recordReferralEvent(trx, tenantId, earlier.row.id, caseworker, { kind: 're_referred', at: moment.now });
    await recordAudit(trx, caseworker.actor, { action: 'referral.re_referred', entityType: 'referral', entityId: earlier.row.id, details: { referralId: referral.id, organisationId: caseworker.organisationId } });
    const otherSide = earlier.side === 'sender' ? earlier.row.receiving_organisation_id : earlier.row.sending_organisation_id;
    if (otherSide !== referral.receiving_organisation_id) await notifyOrganisation(hearth, trx, tenantId, otherSide, { kind: 'referral_updated', referralId: earlier.row.id });
    return presentReferralDetail(trx, caseworker, { row: referral, side: 'sender' }, moment.now);
  });
}

export interface ReferralListQuery {
  box: 'incoming' | 'outgoing';
  state?: 'open' | 'closed' | 'all';
  status?: ReferralStatus;
  limit?: number;
  offset?: number;
}

/** The caseworker's incoming or outgoing box, newest first. */
export function listReferrals(db: Db, caseworker: Caseworker, query: ReferralListQuery, now: Date): Promise<{ items: ReferralSummary[]; total: number }> {
  return caseworkerTransaction(db, caseworker, (trx) => boxOf(trx, caseworker, query, now));
}

async function boxOf(db: Queryable, caseworker: Caseworker, query: ReferralListQuery, now: Date): Promise<{ items: ReferralSummary[]; total: number }> {
  const state = query.state ?? 'open';
  const column = query.box === 'incoming' ? 'receiving_organisation_id' : 'sending_organisation_id';
  const base = db
    .selectFrom('referrals')
    .where('tenant_id', '=', caseworker.actor.tenantId)
    .where(column, '=', caseworker.organisationId)
    .$if(state === 'open', (q) => q.where('status', 'not in', CLOSED_STATUSES))
    .$if(state === 'closed', (q) => q.where('status', 'in', CLOSED_STATUSES))
    .$if(query.status !== undefined, (q) => q.where('status', '=', query.status!));
  const rows = await base
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0)
    .execute();
  const { total } = await base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  return { items: await presentSummaries(db, caseworker, rows, now), total: Number(total) };
}

const startOfDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

/** Whether this caseworker's opening of the referral is already on today's timeline. */
async function viewedToday(db: Queryable, caseworker: Caseworker, id: string, now: Date): Promise<boolean> {
  const event = await db
    .selectFrom('referral_events')
    .select('id')
    .where('referral_id', '=', id)
    .where('kind', '=', 'viewed')
    .where('actor_id', caseworker.actor.actorId === null ? 'is' : '=', caseworker.actor.actorId)
    .where('organisation_id', '=', caseworker.organisationId)
    .where('at', '>=', startOfDay(now))
    .executeTakeFirst();
  return event !== undefined;
}

/**
 * A referral read in full. When the receiving side opens it, both sides see so on the timeline,
 * once a day per reader at most (the sender reading its own referral says nothing new); every read
 * is audited, and the story read separately by the presenter.
 */
export function viewReferral(hearth: Hearth, caseworker: Caseworker, id: string, now: Date): Promise<ReferralDetail> {
  const tenantId = caseworker.actor.tenantId;
  return caseworkerTransaction(hearth.database.db, caseworker, async (trx) => {
    const found = await referralFor(trx, caseworker, id);
    if (found.side === 'receiver' && !(await viewedToday(trx, caseworker, id, now))) await recordReferralEvent(trx, tenantId, id, caseworker, { kind: 'viewed', at: now });
    await recordAudit(trx, caseworker.actor, { action: 'referral.viewed', entityType: 'referral', entityId: id, details: { organisationId: caseworker.organisationId, side: found.side } });
    return presentReferralDetail(trx, caseworker, found, now);
  });
}
