import type { Actor } from '../platform/auth/principal.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import type { Caseworker } from './access.ts';
import { recordReferralEvent } from './events.ts';
import { appendStory, insertConsent, insertPerson } from './people.ts';
import { insertReferralRow, type ReferralRowFields } from './referrals.ts';
import type { PersonFields } from './schemas.ts';
import { writeStatusChange, type StatusChange } from './transitions.ts';
import type { ReferralStatus, Urgency } from './tables.ts';

interface ReferralDemoInput {
  organisations: Record<'library' | 'council' | 'charity' | 'health', { id: string }>;
  partnership: { id: string };
}

type Partner = keyof ReferralDemoInput['organisations'];
type DemoService = ReferralRowFields['service'];

const CONSENT_WORDING =
  'I agree that my story, what I need help with and how to reach me safely are shared with the organisations named here, so I do not have to tell it again. I can change my mind at any time.';

/** Noon on the day `days` before today, so the demo reads the same whatever the hour it is loaded. */
const daysBefore = (today: string, days: number, hour = 12) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000 + hour * 3_600_000);

/**
 * Warm Handover Suffolk at work: six referrals between the library, the refugee charity, social
 * prescribing and the council, in every part of the loop. Amina is referred twice and told her
 * story once; Stefan's referral is declined with a better service suggested and passed on to it.
 */
export async function loadReferralDemo(db: Db, today: string, context: ReferralDemoInput & { actor: Actor }) {
  const { organisations, partnership, actor } = context;
  const services = await partnerServices(db, actor.tenantId, organisations);
  const staffId = async (email: string) => (await db.selectFrom('staff_users').select('id').where('tenant_id', '=', actor.tenantId).where('email', '=', email).executeTakeFirst())?.id ?? null;
  const as = (partner: Partner, name: string, actorId: string | null = null): Caseworker => ({
    actor: { tenantId: actor.tenantId, actorId, actorKind: actorId ? 'staff' : 'system', actorLabel: name, ip: null },
    organisationId: organisations[partner].id,
  });
  const tom = as('library', 'Tom Ellis', await staffId('outreach@demo.hearth.example'));
  const grace = as('charity', 'Grace Okafor', await staffId('caseworker@demo.hearth.example'));
  const linkWorker = as('health', 'Dr Hannah Price');
  const council = as('council', 'Mark Lewis');
  const at = (days: number, hour?: number) => daysBefore(today, days, hour);

  await db.transaction().execute(async (trx) => {
    const story = new DemoStory(trx, partnership.id);

    // Amina came to Chat and chill; Tom referred her to the refugee charity, who passed her on to social prescribing.
    const amina = await story.person(tom, { name: 'Amina Yusuf', contactMethod: 'text', contactDetail: '07700 900311', safeTimes: 'Weekday mornings, when the children are at school', safeToLeaveMessage: false, preferredLanguage: 'ar', interpreterNeeded: true });
    await appendStory(trx, tom, amina, 'We arrived from Sudan in March. My asylum claim was refused and I do not understand the letter. I have two children at school and I am frightened we will have to leave our room.', { at: at(14, 10) });
    const aminaConsent = await insertConsent(trx, tom, amina, { givenBy: 'the person', method: 'verbal', givenAt: at(14, 10).toISOString(), wording: CONSENT_WORDING, organisationIds: [organisations.charity.id] });
    const advice = await story.refer(tom, amina, services.advice, { consentId: aminaConsent, needs: ['refugees', 'money'], needsNote: 'Refused asylum claim, letter needs explaining in Arabic.', urgency: 'soon', sentAt: at(14, 11) });
    await story.move(grace, advice, 'accepted', at(12, 9));
    await recordReferralEvent(trx, actor.tenantId, advice, grace, { kind: 'contact_recorded', reason: 'phone', note: 'Called with an Arabic interpreter; appointment booked at the hub for Thursday.', at: at(11, 15) });

    await appendStory(trx, grace, amina, 'Since the letter I cannot sleep and I get pains in my chest. I have not seen a doctor here; I do not know how.', { at: at(9, 14) });
    const healthConsent = await insertConsent(trx, grace, amina, { givenBy: 'the person', method: 'written', givenAt: at(9, 14).toISOString(), wording: CONSENT_WORDING, organisationIds: [organisations.health.id], validUntil: daysBefore(today, -365).toISOString().slice(0, 10) });
    const prescribing = await story.refer(grace, amina, services.prescribing, { consentId: healthConsent, needs: ['health', 'mental-health'], needsNote: 'Not registered with a GP.', urgency: 'soon', sentAt: at(9, 15) });
    await story.move(linkWorker, prescribing, 'accepted', at(8, 10));
    await story.move(linkWorker, prescribing, 'in_progress', at(6, 11));
    await recordReferralEvent(trx, actor.tenantId, prescribing, linkWorker, { kind: 'note', note: 'GP registration done; first link worker session booked with an interpreter.', at: at(6, 11) });

    // Derek, a Good Neighbour member, struggles at home; the council assessed him and arranged help.
    const derek = await story.person(tom, { name: 'Derek Whitmore', contactMethod: 'phone', contactDetail: '01473 555 0198', safeTimes: 'Any time; he is hard of hearing, let it ring', safeToLeaveMessage: true, preferredLanguage: 'en', interpreterNeeded: false });
    await appendStory(trx, tom, derek, 'My wife used to do everything. Since she died I cannot get in and out of the bath and I have fallen twice. I do not want to go into a home.', { at: at(40, 10) });
    const derekConsent = await insertConsent(trx, tom, derek, { givenBy: 'the person', method: 'verbal', givenAt: at(40, 10).toISOString(), wording: CONSENT_WORDING, organisationIds: [organisations.council.id] });
    const assessment = await story.refer(tom, derek, services.assessment, { consentId: derekConsent, needs: ['care'], needsNote: 'Two falls this year.', urgency: 'urgent', sentAt: at(40, 11) });
    await story.move(council, assessment, 'accepted', at(38, 9));
    await story.move(council, assessment, 'in_progress', at(33, 10));
    await story.move(council, assessment, 'completed', at(20, 16), { outcomeCode: 'service_provided', outcomeNote: 'Assessed at home; grab rails and a bath lift fitted, carer visits twice a week.' });

    // Joan's link worker asked the library to bring her books at home; the referral waits for an answer.
    const joan = await story.person(linkWorker, { name: 'Joan Pryce', contactMethod: 'phone', contactDetail: '01502 555 0144', safeTimes: 'Afternoons', safeToLeaveMessage: true, preferredLanguage: 'en', interpreterNeeded: false });
    await appendStory(trx, linkWorker, joan, 'I have read all my life but my eyes are going and I cannot get to the library any more. Large print crime novels, please, and nothing too gory.', { at: at(1, 10) });
    const joanConsent = await insertConsent(trx, linkWorker, joan, { givenBy: 'the person', method: 'verbal', givenAt: at(1, 10).toISOString(), wording: CONSENT_WORDING, organisationIds: [organisations.library.id] });
    await story.refer(linkWorker, joan, services.homeLibrary, { consentId: joanConsent, needs: ['reading', 'social'], needsNote: null, urgency: 'routine', sentAt: at(1, 11) });

    // Stefan cares for his mother; the carers' team declined and suggested an assessment, so his link worker passed him on.
    const stefan = await story.person(linkWorker, { name: 'Stefan Nowak', contactMethod: 'email', contactDetail: 'stefan.nowak@example.org', safeTimes: null, safeToLeaveMessage: true, preferredLanguage: 'pl', interpreterNeeded: false });
    await appendStory(trx, linkWorker, stefan, 'I look after my mother, who has dementia, and I work nights. I have not had a full night’s sleep in months and I am worried I will make a mistake at work.', { at: at(7, 10) });
    const stefanConsent = await insertConsent(trx, linkWorker, stefan, { givenBy: 'the person', method: 'written', givenAt: at(7, 10).toISOString(), wording: CONSENT_WORDING, organisationIds: [organisations.council.id] });
    const carers = await story.refer(linkWorker, stefan, services.carers, { consentId: stefanConsent, needs: ['carers'], needsNote: 'Night shifts; mother alone at night.', urgency: 'soon', sentAt: at(7, 11) });
    await story.move(council, carers, 'rejected', at(5, 9), { reason: 'His mother needs a care needs assessment first; carers’ support follows from it.', suggestedServiceId: services.assessment.id });
    const passedOn = await story.refer(linkWorker, stefan, services.assessment, { consentId: stefanConsent, needs: ['care', 'carers'], needsNote: 'Suggested by the carers’ team.', urgency: 'soon', sentAt: at(4, 10), previousReferralId: carers });
    await recordReferralEvent(trx, actor.tenantId, carers, linkWorker, { kind: 're_referred', at: at(4, 10) });
    await story.move(council, passedOn, 'accepted', at(2, 14));
  });
}

/** The demo's referrals, written with their own dates so the boxes show a loop in motion. */
class DemoStory {
  constructor(
    private readonly trx: Queryable,
    private readonly partnershipId: string,
  ) {}

  async person(by: Caseworker, fields: PersonFields) {
    return (await insertPerson(this.trx, by, this.partnershipId, fields)).id;
  }

  async refer(by: Caseworker, personId: string, service: DemoService, fields: { consentId: string; needs: string[]; needsNote: string | null; urgency: Urgency; sentAt: Date; previousReferralId?: string }) {
    const referral = await insertReferralRow(this.trx, by, {
      partnershipId: this.partnershipId,
      personId,
      service,
      consentId: fields.consentId,
      safeguardingBasis: null,
      needs: fields.needs,
      needsNote: fields.needsNote,
      urgency: fields.urgency,
      previousReferralId: fields.previousReferralId ?? null,
      at: fields.sentAt,
    });
    return referral.id;
  }

  async move(by: Caseworker, referralId: string, to: ReferralStatus, at: Date, extra: Omit<StatusChange, 'status'> = {}) {
    const row = await this.trx.selectFrom('referrals').selectAll().where('id', '=', referralId).executeTakeFirstOrThrow();
    await writeStatusChange(this.trx, by, row, { status: to, ...extra }, at);
  }
}

/** The directory demo's services that take referrals, by what they are for. */
async function partnerServices(db: Db, tenantId: string, organisations: ReferralDemoInput['organisations']) {
  const rows = await db
    .selectFrom('directory_services as s')
    .innerJoin('directory_organizations as o', 'o.id', 's.organization_id')
    .select(['s.id', 's.name', 'o.organisation_id'])
    .where('s.tenant_id', '=', tenantId)
    .where('o.organisation_id', 'is not', null)
    .execute();
  const named = (partner: Partner, name: string): DemoService => {
    const row = rows.find((r) => r.name === name && r.organisation_id === organisations[partner].id);
    if (!row) throw new Error(`The directory demo has no service “${name}”.`);
    return { id: row.id, name: row.name, organisationId: organisations[partner].id };
  };
  return {
    advice: named('charity', 'Advice and advocacy for refugees'),
    prescribing: named('health', 'Social prescribing link workers'),
    assessment: named('council', 'Care needs assessment'),
    carers: named('council', 'Support for unpaid carers'),
    homeLibrary: named('library', 'Good Neighbour home library service'),
  };
}
