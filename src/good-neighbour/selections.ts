import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { isUniqueViolation } from '../platform/database/errors.ts';
import { AppError, conflict, invalid, notFound } from '../platform/http/errors.ts';
import type { Format } from '../catalogue/tables.ts';
import { cancelRequest, placeRequest } from '../circulation/requests.ts';
import { putOnHoldShelf } from '../circulation/routing.ts';
import { findServiceSettings, lockRecord, nextWaitingRequest } from '../circulation/store.ts';
import type { RequestStatus } from '../circulation/tables.ts';
import { daysBetween } from '../policies/calendar.ts';
import { loadArrangement } from './arrangement-presenters.ts';
import {
  activeRequestsOfSelection,
  branchOfTenant,
  deleteSelectionItem,
  findSelectionItem,
  hasRead,
  insertSelectionItem,
  insertSelectionRow,
  lockAvailableCopyAt,
  lockSelection,
  openSelectionFor,
  selectionItemRows,
  selectionRows,
  setSelectionStatus,
  type SelectionItemRow,
  type SelectionListRow,
} from './choosing-store.ts';
import { arrangementReader } from './profiles.ts';
import { arrangementEnded } from './neighbours.ts';
import type { SelectionStatus } from './tables.ts';

export interface SelectionItem {
  recordId: string;
  title: string;
  authors: string[];
  format: Format;
  coverUrl: string | null;
  addedAt: Date;
  /** The free request that holds or waits for a copy for the visit. */
  requestId: string | null;
  requestStatus: RequestStatus | null;
  /** A copy waits on the pickup branch's hold shelf for the reader until this day. */
  holdUntil: string | null;
}

export interface Selection {
  id: string;
  arrangementId: string;
  forVisit: string | null;
  pickupBranch: { id: string; name: string };
  status: SelectionStatus;
  createdAt: Date;
  createdByKind: 'staff' | 'neighbour';
  collectedAt: Date | null;
  items: SelectionItem[];
}

const presentItem = (row: SelectionItemRow): SelectionItem => ({
  recordId: row.record_id,
  title: row.title,
  authors: row.authors,
  format: row.format,
  coverUrl: row.cover_url,
  addedAt: row.added_at,
  requestId: row.request_id,
  requestStatus: row.request_status,
  holdUntil: row.request_status === 'ready' ? row.hold_until : null,
});

async function present(db: Queryable, rows: SelectionListRow[]): Promise<Selection[]> {
  const items = await selectionItemRows(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    arrangementId: row.arrangement_id,
    forVisit: row.for_visit,
    pickupBranch: { id: row.pickup_branch_id, name: row.pickup_branch_name },
    status: row.status,
    createdAt: row.created_at,
    createdByKind: row.created_by_kind,
    collectedAt: row.collected_at,
    items: items.filter((item) => item.selection_id === row.id).map(presentItem),
  }));
}

async function readSelection(db: Queryable, tenantId: string, arrangementId: string, selectionId: string): Promise<Selection> {
  const [selection] = await present(db, await selectionRows(db, tenantId, arrangementId, { selectionId, limit: 1 }));
  if (!selection) throw notFound('The selection');
  return selection;
}

export async function listSelections(db: Db, tenantId: string, arrangementId: string, filter: { status?: SelectionStatus; limit: number }): Promise<Selection[]> {
  await arrangementReader(db, tenantId, arrangementId);
  return present(db, await selectionRows(db, tenantId, arrangementId, filter));
}

/**
 * What a neighbour is told of the reader's selections: those still set aside for a visit, and the
 * one collected last, newest first.
 */
export async function selectionsToCollect(db: Queryable, tenantId: string, arrangementId: string): Promise<Selection[]> {
  const rows = await selectionRows(db, tenantId, arrangementId, { status: ['open', 'collected'], limit: 20 });
  const lastCollected = rows.find((row) => row.status === 'collected');
  return present(
    db,
    rows.filter((row) => row.status === 'open' || row === lastCollected),
  );
}

export async function getSelection(db: Db, tenantId: string, arrangementId: string, selectionId: string): Promise<Selection> {
  await arrangementReader(db, tenantId, arrangementId);
  return readSelection(db, tenantId, arrangementId, selectionId);
}

/** Where and when the reader's neighbours next collect: the first active neighbour's branch, and the earliest next visit. */
export async function nextCollection(db: Queryable, tenantId: string, arrangementId: string, today: string) {
  const arrangement = await loadArrangement(db, tenantId, arrangementId, today);
  const serving = arrangement.neighbours.filter((neighbour) => neighbour.active && !neighbour.consentWithdrawnAt);
  const visits = serving.filter((neighbour) => neighbour.nextVisit !== null).sort((a, b) => a.nextVisit!.localeCompare(b.nextVisit!));
  return {
    branchId: serving.find((neighbour) => neighbour.branchId)?.branchId ?? arrangement.reader.homeBranchId,
    visit: visits[0] ? { date: visits[0].nextVisit!, neighbourName: visits[0].name } : null,
  };
}

export interface SelectionInput {
  pickupBranchId?: string;
  forVisit?: string | null;
}

/** A selection for the reader, to be collected from the pickup branch on a visit (by default the next one). */
export async function createSelection(db: Db, actor: Actor, today: string, arrangementId: string, input: SelectionInput): Promise<Selection> {
  return db.transaction().execute(async (trx) => {
    const arrangement = await arrangementReader(trx, actor.tenantId, arrangementId);
    if (arrangement.status !== 'active') throw arrangementEnded();
    const next = await nextCollection(trx, actor.tenantId, arrangementId, today);
    const forVisit = input.forVisit === undefined ? (next.visit?.date ?? null) : input.forVisit;
    if (forVisit !== null && forVisit < today) throw invalid('visit_in_past', 'The visit must be today or later.', [{ field: 'forVisit', message: 'must be today or later' }]);
    const pickupBranchId = input.pickupBranchId ?? next.branchId;
    if (!(await branchOfTenant(trx, actor.tenantId, pickupBranchId))) throw new AppError('branch_not_found', 404, 'The pickup branch was not found.');
    if (await openSelectionFor(trx, actor.tenantId, arrangementId, forVisit)) throw conflict('selection_exists', 'A selection for this visit is already open.');
    const { id } = await insertSelectionRow(trx, {
      tenantId: actor.tenantId,
      arrangementId,
      forVisit,
      pickupBranchId,
      createdByKind: actor.actorKind === 'neighbour' ? 'neighbour' : 'staff',
      createdBy: actor.actorId,
    });
    await recordAudit(trx, actor, { action: 'good_neighbour.selection_created', entityType: 'selection', entityId: id, details: { arrangementId, forVisit, pickupBranchId } });
    return readSelection(trx, actor.tenantId, arrangementId, id);
  });
}

async function openSelection(db: Queryable, tenantId: string, arrangementId: string, selectionId: string) {
  const arrangement = await arrangementReader(db, tenantId, arrangementId);
  const selection = await lockSelection(db, tenantId, arrangementId, selectionId);
  if (!selection) throw notFound('The selection');
  if (arrangement.status !== 'active') throw arrangementEnded();
  if (selection.status !== 'open') throw conflict('selection_closed', `This selection is already ${selection.status}.`);
  return { arrangement, selection };
}

const alreadySelected = () => conflict('already_selected', 'This title is already in the selection.');

/**
 * Adds a title: a free request for the reader, collected at the selection's pickup branch. When a
 * copy is on that branch's shelf and nobody asked for the title first, it goes straight onto the
 * hold shelf for the reader until at least the day of the visit.
 */
export async function addSelectionItem(db: Db, actor: Actor, today: string, arrangementId: string, selectionId: string, recordId: string): Promise<Selection> {
  const { arrangement, selection } = await openSelection(db, actor.tenantId, arrangementId, selectionId);
  if (await findSelectionItem(db, selectionId, recordId)) throw alreadySelected();
  if (await hasRead(db, actor.tenantId, arrangement.reader_id, recordId)) throw conflict('already_read', 'The reader has read this title or has it on loan now.');
  const request = await placeRequest(db, actor, today, { cardNumber: arrangement.card_number, recordId, pickupBranchId: selection.pickup_branch_id });
  try {
    return await db.transaction().execute(async (trx) => {
      await lockRecord(trx, actor.tenantId, recordId);
      const { selection: current } = await openSelection(trx, actor.tenantId, arrangementId, selectionId);
      await insertSelectionItem(trx, selectionId, recordId, request.id);
      const next = await nextWaitingRequest(trx, recordId, today);
      const copy = next?.id === request.id ? await lockAvailableCopyAt(trx, actor.tenantId, recordId, current.pickup_branch_id) : undefined;
      if (next && copy) {
        const { hold_shelf_days } = await findServiceSettings(trx, actor.tenantId);
        const untilVisit = current.for_visit ? daysBetween(today, current.for_visit) : 0;
        await putOnHoldShelf(trx, copy, next, today, Math.max(hold_shelf_days, untilVisit));
      }
      await recordAudit(trx, actor, {
        action: 'good_neighbour.selection_item_added',
        entityType: 'selection',
        entityId: selectionId,
        details: { arrangementId, recordId, requestId: request.id, heldItemId: copy?.id ?? null },
      });
      return readSelection(trx, actor.tenantId, arrangementId, selectionId);
    });
  } catch (error) {
    // The request was placed in a transaction of its own: it must not outlive a title that did not join the selection.
    await cancelRequest(db, actor, today, request.id);
    throw isUniqueViolation(error) ? alreadySelected() : error;
  }
}

/** Takes a title out of the selection and cancels its request; a copy held for it passes on or goes back to the shelf. */
export async function removeSelectionItem(db: Db, actor: Actor, today: string, arrangementId: string, selectionId: string, recordId: string): Promise<Selection> {
  await openSelection(db, actor.tenantId, arrangementId, selectionId);
  const item = await findSelectionItem(db, selectionId, recordId);
  if (!item) throw notFound('The title in this selection');
  if (item.request_id && (item.request_status === 'waiting' || item.request_status === 'ready')) await cancelRequest(db, actor, today, item.request_id);
  return db.transaction().execute(async (trx) => {
    await openSelection(trx, actor.tenantId, arrangementId, selectionId);
    await deleteSelectionItem(trx, selectionId, recordId);
    await recordAudit(trx, actor, { action: 'good_neighbour.selection_item_removed', entityType: 'selection', entityId: selectionId, details: { arrangementId, recordId, requestId: item.request_id } });
    return readSelection(trx, actor.tenantId, arrangementId, selectionId);
  });
}

/**
 * The neighbour has taken what was set aside. Lending the held copies marks a selection collected
 * by itself; this is for the other times, as when a chosen title was lent from the open shelf. A
 * copy still on the hold shelf must be lent or taken out first; titles still waiting for a copy
 * stay requested for a later visit.
 */
export async function markSelectionCollected(db: Db, actor: Actor, arrangementId: string, selectionId: string): Promise<Selection> {
  return db.transaction().execute(async (trx) => {
    await openSelection(trx, actor.tenantId, arrangementId, selectionId);
    const chosen = await readSelection(trx, actor.tenantId, arrangementId, selectionId);
    if (chosen.items.length === 0) throw conflict('selection_empty', 'Nothing was chosen in this selection: cancel it instead.');
    const requests = await activeRequestsOfSelection(trx, selectionId);
    const held = requests.filter((request) => request.status === 'ready').length;
    if (held > 0) throw conflict('copies_on_hold_shelf', `${held} of the chosen copies still wait on the hold shelf: lend them to the reader, or take them out of the selection, first.`);
    await setSelectionStatus(trx, selectionId, 'collected');
    await recordAudit(trx, actor, { action: 'good_neighbour.selection_collected', entityType: 'selection', entityId: selectionId, details: { arrangementId, stillWaiting: requests.length } });
    return readSelection(trx, actor.tenantId, arrangementId, selectionId);
  });
}

/** Gives up the whole selection: every request it placed is cancelled. */
export async function cancelSelection(db: Db, actor: Actor, today: string, arrangementId: string, selectionId: string): Promise<Selection> {
  await openSelection(db, actor.tenantId, arrangementId, selectionId);
  const requests = await activeRequestsOfSelection(db, selectionId);
  for (const request of requests) await cancelRequest(db, actor, today, request.id);
  return db.transaction().execute(async (trx) => {
    await openSelection(trx, actor.tenantId, arrangementId, selectionId);
    await setSelectionStatus(trx, selectionId, 'cancelled');
    await recordAudit(trx, actor, { action: 'good_neighbour.selection_cancelled', entityType: 'selection', entityId: selectionId, details: { arrangementId, requestsCancelled: requests.length } });
    return readSelection(trx, actor.tenantId, arrangementId, selectionId);
  });
}
