import { recordAudit } from '../platform/audit/audit.ts';
import type { Queryable } from '../platform/database/database.ts';
import { AppError, conflict, invalid } from '../platform/http/errors.ts';
import type { Hearth } from '../platform/http/app-types.ts';
import { caseworkerTransaction, referralFor, type Caseworker, type Side } from './access.ts';
import { recordReferralEvent, type ReferralEventFields } from './events.ts';
import { isClosed, isTransition, requirementOf, sideThatMoves, type OutcomeCode } from './lifecycle.ts';
import { notifyOrganisation } from './notifications.ts';
import { organisationNamesOf, presentEvent, presentReferralDetail, type ReferralRow } from './presenters.ts';
import type { ReferralDetail, ReferralEvent } from './schemas.ts';
import { CONTACT_METHODS, type ReferralStatus } from './tables.ts';

/**
 * How a caseworker reached the person: the ways a person can ask to be contacted, and a video
 * call. Kept in the contact event's `reason`, the timeline's field for the "how" of an event.
 */
export const CONTACT_RECORD_METHODS = [...CONTACT_METHODS, 'video'] as const;
export type ContactRecordMethod = (typeof CONTACT_RECORD_METHODS)[number];

export interface StatusChange {
  status: ReferralStatus;
  reason?: string;
  outcomeCode?: OutcomeCode;
  outcomeNote?: string;
  suggestedServiceId?: string;
}

export interface ContactRecord {
  method: ContactRecordMethod;
  at?: string;
  note: string;
}

const blank = (text: string | undefined) => !text || text.trim() === '';

const wrongSide = (side: Side) =>
  side === 'sender'
    ? new AppError('not_the_receiver', 403, 'Only the receiving organisation answers and works a referral.')
    : new AppError('not_the_sender', 403, 'Only the sending organisation can cancel a referral.');

/** What a move must carry, checked after the lifecycle so a move that cannot happen says so first. */
function checkCarries(change: StatusChange) {
  const requirement = requirementOf(change.status);
  if (requirement === 'reason' && blank(change.reason)) throw new AppError('reason_required', 400, 'Say why the referral is declined or cancelled.');
  if (requirement === 'outcome' && (!change.outcomeCode || blank(change.outcomeNote))) {
    throw new AppError('outcome_required', 400, 'Say how the referral ended: an outcome code, and what was provided.');
  }
  if (requirement !== 'outcome' && (change.outcomeCode || change.outcomeNote)) {
    throw new AppError('outcome_only_when_finished', 400, 'An outcome is recorded only when a referral is completed or failed.');
  }
  if (change.suggestedServiceId && change.status !== 'rejected') {
    throw new AppError('suggestion_only_when_declined', 400, 'A better service is suggested only when the referral is declined.');
  }
}

async function checkSuggestedService(db: Queryable, tenantId: string, serviceId: string) {
  const service = await db.selectFrom('directory_services').select('id').where('tenant_id', '=', tenantId).where('id', '=', serviceId).executeTakeFirst();
  if (!service) throw invalid('unknown_service', 'The suggested service is not in the directory.', [{ field: 'suggestedServiceId', message: 'is not a directory service' }]);
}

const otherSide = (row: { sending_organisation_id: string; receiving_organisation_id: string }, side: Side) =>
  side === 'sender' ? row.receiving_organisation_id : row.sending_organisation_id;

/** Writes a move the lifecycle allows: the referral's new state and the timeline's `status_changed` event. */
export async function writeStatusChange(db: Queryable, caseworker: Caseworker, row: ReferralRow, change: StatusChange, at: Date): Promise<ReferralRow> {
  const to = change.status;
  const updated = await db
    .updateTable('referrals')
    .set({
      status: to,
      status_changed_at: at,
      status_reason: change.reason ?? null,
      ...(to === 'accepted' && { accepted_at: at }),
      ...(isClosed(to) && { closed_at: at }),
      ...(requirementOf(to) === 'outcome' && { outcome_code: change.outcomeCode, outcome_note: change.outcomeNote }),
      ...(to === 'rejected' && { suggested_service_id: change.suggestedServiceId ?? null }),
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordReferralEvent(db, caseworker.actor.tenantId, row.id, caseworker, {
    kind: 'status_changed',
    fromStatus: row.status,
    toStatus: to,
    reason: change.reason ?? null,
    outcomeCode: change.outcomeCode ?? null,
    note: change.outcomeNote ?? null,
    at,
  });
  return updated;
}

/**
 * Moves a referral along its lifecycle. The row is locked first, so of two moves made at the same
 * moment the second sees the first's result and is refused if it no longer fits.
 */
export async function changeReferralStatus(hearth: Hearth, caseworker: Caseworker, id: string, change: StatusChange): Promise<ReferralDetail> {
  const tenantId = caseworker.actor.tenantId;
  return caseworkerTransaction(hearth.database.db, caseworker, async (trx) => {
    const { row, side } = await referralFor(trx, caseworker, id, { forUpdate: true });
    const to = change.status;
    if (!isTransition(row.status, to)) throw conflict('invalid_transition', `A referral that is ${row.status} cannot become ${to}.`);
    if (sideThatMoves(to) !== side) throw wrongSide(side);
    checkCarries(change);
    if (change.suggestedServiceId) await checkSuggestedService(trx, tenantId, change.suggestedServiceId);

    const now = hearth.clock.now();
    const updated = await writeStatusChange(trx, caseworker, row, change, now);
    await notifyOrganisation(hearth, trx, tenantId, otherSide(row, side), { kind: 'referral_updated', referralId: row.id });
    await recordAudit(trx, caseworker.actor, {
      action: 'referral.status_changed',
      entityType: 'referral',
      entityId: row.id,
      details: { organisationId: caseworker.organisationId, fromStatus: row.status, toStatus: to, outcomeCode: change.outcomeCode ?? null, suggestedServiceId: change.suggestedServiceId ?? null },
    });
    return presentReferralDetail(trx, caseworker, { row: updated, side }, now);
  });
}

/** Writes a timeline event and presents it as both sides see it. */
async function addEvent(db: Queryable, caseworker: Caseworker, referralId: string, event: ReferralEventFields): Promise<ReferralEvent> {
  const row = await recordReferralEvent(db, caseworker.actor.tenantId, referralId, caseworker, event);
  return presentEvent(row, await organisationNamesOf(db, [row.organisation_id]));
}

/** When the contact happened: now unless given, and never in the future. */
function contactTime(now: Date, at: string | undefined): Date {
  if (!at) return now;
  const when = new Date(at);
  if (when.getTime() > now.getTime()) throw invalid('contact_in_future', 'A contact is recorded once it has happened.', [{ field: 'at', message: 'is in the future' }]);
  return when;
}

/** Records that a caseworker reached (or tried to reach) the person; only while the referral is open. */
export async function recordContact(hearth: Hearth, caseworker: Caseworker, id: string, contact: ContactRecord): Promise<ReferralEvent> {
  return caseworkerTransaction(hearth.database.db, caseworker, async (trx) => {
    const { row } = await referralFor(trx, caseworker, id, { forUpdate: true });
    if (isClosed(row.status)) throw conflict('referral_closed', `The referral is ${row.status}; contacts are recorded while it is open.`);
    const at = contactTime(hearth.clock.now(), contact.at);
    const event = await addEvent(trx, caseworker, row.id, { kind: 'contact_recorded', reason: contact.method, note: contact.note, at });
    await recordAudit(trx, caseworker.actor, {
      action: 'referral.contact_recorded',
      entityType: 'referral',
      entityId: row.id,
      details: { organisationId: caseworker.organisationId, eventId: event.id, method: contact.method },
    });
    return event;
  });
}

/** A note on the timeline for the other side, also once the referral is closed (a follow-up, say). */
export async function addReferralNote(hearth: Hearth, caseworker: Caseworker, id: string, note: string): Promise<ReferralEvent> {
  return caseworkerTransaction(hearth.database.db, caseworker, async (trx) => {
    const { row } = await referralFor(trx, caseworker, id);
    const event = await addEvent(trx, caseworker, row.id, { kind: 'note', note, at: hearth.clock.now() });
    await recordAudit(trx, caseworker.actor, {
      action: 'referral.note_added',
      entityType: 'referral',
      entityId: row.id,
      details: { organisationId: caseworker.organisationId, eventId: event.id },
    });
    return event;
  });
}
