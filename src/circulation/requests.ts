import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { AppError, conflict, notFound } from '../platform/http/errors.ts';
import { addDays } from '../policies/calendar.ts';
import { memberNotFound } from './issue.ts';
import { presentRequest, type HoldRequest } from './presenters.ts';
import { routeCheckedInItem } from './routing.ts';
import {
  activeRequestOf,
  findBranchRow,
  findMemberByCardNumber,
  findServiceSettings,
  insertLedgerEntry,
  ledgerReason,
  insertRequest,
  lockItem,
  lockRecord,
  lockRequest,
  memberOfFinishedRequest,
  nextQueueNumber,
  requestFeeFor,
  requestsWithPositions,
} from './store.ts';

export interface RequestInput {
  cardNumber: string;
  recordId: string;
  pickupBranchId: string;
  /** The Good Neighbour or other person asking for the member. */
  onBehalfOf?: string | null;
}

const readRequest = async (db: Queryable, tenantId: string, id: string) =>
  presentRequest((await requestsWithPositions(db, tenantId).where('requests.id', '=', id).executeTakeFirst())!);

/**
 * Places a title-level request. The title's row is locked while the queue number is taken, so
 * simultaneous requests get consecutive places and none is skipped or repeated. A request placed
 * while a copy sits on the shelf still queues: it is filled when staff check that copy in. A member
 * whose category forgives request fees is charged nothing; the fee they would have paid is kept
 * on the request as forgiven by the scheme.
 */
export async function placeRequest(db: Db, actor: Actor, today: string, input: RequestInput): Promise<HoldRequest> {
  return db.transaction().execute(async (trx) => {
    const member = await findMemberByCardNumber(trx, actor.tenantId, input.cardNumber);
    if (!member) throw memberNotFound();
    const record = await lockRecord(trx, actor.tenantId, input.recordId);
    if (!record) throw new AppError('record_not_found', 404, 'The catalogue record was not found.');
    if (!(await findBranchRow(trx, actor.tenantId, input.pickupBranchId))) throw new AppError('branch_not_found', 404, 'The pickup branch was not found.');
    if (member.status === 'blocked') throw conflict('member_blocked', 'This member is blocked and cannot place requests.');
    if (member.status === 'expired' || (member.expires_on !== null && member.expires_on < today)) throw conflict('member_expired', "This member's membership has expired.");
    if (await activeRequestOf(trx, member.id, record.id)) throw conflict('already_requested', 'This member already has a request for this title.');

    const policyFee = await requestFeeOrRefuse(trx, actor.tenantId, member.category_id, record.id);
    const fee = member.waives_request_fees ? 0 : policyFee;
    const { request_expiry_days } = await findServiceSettings(trx, actor.tenantId);
    const onBehalfOf = input.onBehalfOf?.trim() || null;
    const request = await insertRequest(trx, {
      tenantId: actor.tenantId,
      recordId: record.id,
      memberId: member.id,
      onBehalfOf,
      pickupBranchId: input.pickupBranchId,
      queueNumber: await nextQueueNumber(trx, record.id),
      feePence: fee,
      feeWaivedBySchemePence: policyFee - fee,
      expiresOn: addDays(today, request_expiry_days),
    });
    if (fee > 0) {
      await insertLedgerEntry(trx, { tenantId: actor.tenantId, memberId: member.id, kind: 'charge', amountPence: fee, ...ledgerReason('request_fee', record.title), requestId: request.id, createdBy: actor.actorId });
    }
    // The entry names the request, not the member: the request forgets them once it finishes.
    await recordAudit(trx, actor, { action: 'request.placed', entityType: 'request', entityId: request.id, details: { recordId: record.id, onBehalfOf: onBehalfOf !== null, pickupBranchId: input.pickupBranchId, queueNumber: request.queue_number, feePence: fee, feeWaivedBySchemePence: policyFee - fee } });
    return readRequest(trx, actor.tenantId, request.id);
  });
}

async function requestFeeOrRefuse(db: Queryable, tenantId: string, categoryId: string, recordId: string) {
  const fee = await requestFeeFor(db, tenantId, categoryId, recordId);
  if (fee === null) throw conflict('no_lending_policy', "No lending policy covers this member's category.");
  return fee;
}

/**
 * A request fee pays for a copy being set aside for the member. It is refunded when the request
 * ends — cancelled by staff, or past its date — before any copy waited on the hold shelf for it
 * (the library never delivered); it is kept when a copy did wait there and the member did not
 * collect it, or cancelled after it was ready. Gives back what was refunded.
 */
export async function refundFeeOfUnservedRequest(
  db: Queryable,
  actor: Actor,
  request: { id: string; member_id: string; fee_pence: number; ready_at: Date | null },
  title: string,
): Promise<number> {
  if (request.fee_pence <= 0 || request.ready_at !== null) return 0;
  await insertLedgerEntry(db, { tenantId: actor.tenantId, memberId: request.member_id, kind: 'refund', amountPence: request.fee_pence, ...ledgerReason('request_fee_refunded', title), requestId: request.id, createdBy: actor.actorId });
  return request.fee_pence;
}

/**
 * Cancels a waiting or ready request, refunding its fee by the rule of refundFeeOfUnservedRequest.
 * A copy waiting on the hold shelf for it passes to the next request or goes back to the shelf; a
 * copy already travelling to it continues and is routed on arrival.
 */
export async function cancelRequest(db: Db, actor: Actor, today: string, id: string): Promise<HoldRequest> {
  return db.transaction().execute(async (trx) => {
    const before = await requestsWithPositions(trx, actor.tenantId).where('requests.id', '=', id).executeTakeFirst();
    if (!before) throw notFound('The request');
    const record = (await lockRecord(trx, actor.tenantId, before.record_id))!;
    const itemId = before.item_id;
    const item = itemId ? await lockItem(trx, actor.tenantId, itemId) : undefined;
    const request = (await lockRequest(trx, actor.tenantId, id))!;
    if (request.status !== 'waiting' && request.status !== 'ready') throw conflict('request_closed', `This request is already ${request.status}.`);
    await trx
      .updateTable('requests')
      .set({ status: 'cancelled', closed_at: new Date(), item_id: request.status === 'ready' ? request.item_id : null, member_id: memberOfFinishedRequest() })
      .where('id', '=', id)
      .execute();
    if (item && request.status === 'ready') {
      const { hold_shelf_days } = await findServiceSettings(trx, actor.tenantId);
      await routeCheckedInItem(trx, actor.tenantId, item, item.destination_branch_id ?? item.branch_id, today, hold_shelf_days);
    }
    // An open request always has its member (requests_open_have_member); the refund is theirs.
    const feeRefunded = await refundFeeOfUnservedRequest(trx, actor, { ...request, member_id: request.member_id! }, record.title);
    await recordAudit(trx, actor, { action: 'request.cancelled', entityType: 'request', entityId: id, details: { recordId: request.record_id, wasStatus: request.status, feeRefundedPence: feeRefunded } });
    return readRequest(trx, actor.tenantId, id);
  });
}

export async function getRequest(db: Db, tenantId: string, id: string): Promise<HoldRequest> {
  const row = await requestsWithPositions(db, tenantId).where('requests.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The request');
  return presentRequest(row);
}

export async function listRequests(db: Db, tenantId: string, filter: { recordId?: string; memberId?: string; status?: 'active' | 'all' }): Promise<HoldRequest[]> {
  let query = requestsWithPositions(db, tenantId);
  if (filter.recordId) query = query.where('requests.record_id', '=', filter.recordId);
  if (filter.memberId) query = query.where('requests.member_id', '=', filter.memberId);
  if ((filter.status ?? 'active') === 'active') query = query.where('requests.status', 'in', ['waiting', 'ready']);
  const rows = await query.orderBy('requests.record_id').orderBy('requests.queue_number').limit(500).execute();
  return rows.map(presentRequest);
}
