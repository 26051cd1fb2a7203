import type { Actor } from '../platform/auth/principal.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { AppError, conflict, notFound } from '../platform/http/errors.ts';
import { foldForSearch } from '../members/search-text.ts';
import { loadArrangement, loadArrangements, type Arrangement } from './arrangement-presenters.ts';
import {
  activeArrangementOf,
  expireRenewLinks,
  findArrangementRow,
  findCategory,
  insertArrangementRow,
  linkRows,
  listArrangementRows,
  lockArrangement,
  lockMember,
  lockMemberByCard,
  schemeCategory,
  setMemberCategory,
  startKeepingHistory,
  updateArrangementRow,
} from './arrangement-store.ts';
import { setUpGoodNeighbourDefaults } from './defaults.ts';
import { activeArrangementForChange, linkNeighbour, type NeighbourFields } from './neighbours.ts';
import type { ArrangementStatus, ConsentMethod, ReferralSource } from './tables.ts';

export interface ArrangementSettings {
  referralSource?: ReferralSource;
  referralNote?: string | null;
  consentMethod?: ConsentMethod;
  noticeMarginDays?: number;
  autoRenew?: boolean;
  writeOffAfterDays?: number;
}

export interface Conversion extends ArrangementSettings {
  readerCardNumber: string;
  neighbours: NeighbourFields[];
  /** The reader agrees that their reading history is kept (and may guide suggestions). */
  keepHistory?: boolean;
}

const memberNotFound = () => new AppError('member_not_found', 404, 'No member of this library service holds this card.');

/** The scheme's category for this library service, made now if the service predates the scheme's defaults. */
async function schemeCategoryOf(db: Queryable, tenantId: string) {
  const existing = await schemeCategory(db, tenantId);
  if (existing) return existing;
  await setUpGoodNeighbourDefaults(db, tenantId);
  return (await schemeCategory(db, tenantId))!;
}

/**
 * Converts a reader's ticket to the Good Neighbour scheme in one transaction: the reader moves to
 * the scheme's category (fines and request fees forgiven), their consent is recorded, and each
 * neighbour is linked with what they may see and when they visit. The reader's status is left as
 * it is: readers blocked by fines built up at home are exactly who the scheme is for.
 */
export async function convertToScheme(db: Db, actor: Actor, today: string, conversion: Conversion): Promise<Arrangement> {
  return db.transaction().execute(async (trx) => {
    const reader = await lockMemberByCard(trx, actor.tenantId, conversion.readerCardNumber.trim());
    if (!reader) throw memberNotFound();
    if (await activeArrangementOf(trx, actor.tenantId, reader.id)) {
      throw conflict('arrangement_exists', 'This reader is already on the Good Neighbour scheme; add neighbours to their arrangement instead.');
    }
    const category = await schemeCategoryOf(trx, actor.tenantId);
    const now = new Date();
    const { id } = await insertArrangementRow(trx, {
      tenant_id: actor.tenantId,
      reader_id: reader.id,
      referral_source: conversion.referralSource ?? 'other',
      referral_note: conversion.referralNote?.trim() || null,
      previous_category_id: reader.category_id,
      consent_method: conversion.consentMethod ?? 'verbal',
      consent_given_at: now,
      notice_margin_days: conversion.noticeMarginDays,
      auto_renew: conversion.autoRenew,
      write_off_after_days: conversion.writeOffAfterDays,
      started_by: actor.actorId,
    });
    await setMemberCategory(trx, actor.tenantId, reader.id, category.id);
    const historyStarted = conversion.keepHistory === true && !reader.keeps_history;
    if (historyStarted) await startKeepingHistory(trx, actor.tenantId, reader.id, now);

    let newNeighbours = 0;
    for (const [index, fields] of conversion.neighbours.entries()) {
      const linked = await linkNeighbour(trx, actor.tenantId, { id, reader_id: reader.id }, fields, `neighbours.${index}`);
      if (linked.created) newNeighbours++;
    }
    await recordAudit(trx, actor, {
      action: 'good_neighbour.converted',
      entityType: 'arrangement',
      entityId: id,
      details: {
        readerId: reader.id,
        previousCategoryId: reader.category_id,
        neighbours: conversion.neighbours.length,
        newNeighbours,
        referralSource: conversion.referralSource ?? 'other',
        consentMethod: conversion.consentMethod ?? 'verbal',
        historyStarted,
      },
    });
    return loadArrangement(trx, actor.tenantId, id, today);
  });
}

/** Neighbours' contact details and what a reader allows them: every view is in the audit log. */
export async function viewArrangement(db: Db, actor: Actor, today: string, id: string): Promise<Arrangement> {
  const arrangement = await loadArrangement(db, actor.tenantId, id, today);
  await recordAudit(db, actor, { action: 'good_neighbour.viewed', entityType: 'arrangement', entityId: id });
  return arrangement;
}

export interface ArrangementQuery {
  status?: ArrangementStatus | 'all';
  readerId?: string;
  q?: string;
  limit: number;
  before?: string;
}

export async function listArrangements(db: Queryable, tenantId: string, today: string, query: ArrangementQuery) {
  const text = query.q?.trim();
  const { rows, nextBefore } = await listArrangementRows(db, tenantId, {
    status: query.status ?? 'active',
    readerId: query.readerId,
    q: text ? { card: text.replace(/\s+/g, ''), folded: foldForSearch(text) } : undefined,
    limit: query.limit,
    before: query.before,
  });
  return { items: await loadArrangements(db, tenantId, rows, today), nextBefore };
}

const settingNames: Record<string, string> = {
  referral_source: 'referralSource',
  referral_note: 'referralNote',
  consent_method: 'consentMethod',
  notice_margin_days: 'noticeMarginDays',
  auto_renew: 'autoRenew',
  write_off_after_days: 'writeOffAfterDays',
};
const renamed = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([key]) => key in settingNames).map(([key, value]) => [settingNames[key], value]));

export async function updateArrangement(db: Db, actor: Actor, today: string, id: string, settings: ArrangementSettings): Promise<Arrangement> {
  return db.transaction().execute(async (trx) => {
    await activeArrangementForChange(trx, actor.tenantId, id);
    const before = (await findArrangementRow(trx, actor.tenantId, id))!;
    const changes = Object.fromEntries(
      Object.entries({
        referral_source: settings.referralSource,
        referral_note: settings.referralNote === undefined ? undefined : settings.referralNote?.trim() || null,
        consent_method: settings.consentMethod,
        notice_margin_days: settings.noticeMarginDays,
        auto_renew: settings.autoRenew,
        write_off_after_days: settings.writeOffAfterDays,
      }).filter(([, value]) => value !== undefined),
    );
    if (Object.keys(changes).length > 0) await updateArrangementRow(trx, actor.tenantId, id, changes);
    await recordAudit(trx, actor, { action: 'good_neighbour.updated', entityType: 'arrangement', entityId: id, details: { changes: changesBetween(renamed(before), renamed(changes)) } });
    return loadArrangement(trx, actor.tenantId, id, today);
  });
}

export interface Ending {
  reason?: string | null;
  /** The reader withdrew their consent to the arrangement. */
  consentWithdrawn?: boolean;
}

/**
 * Ends the arrangement and puts the reader back in the category they had, unless staff have
 * moved them out of the scheme's category since. Loans issued under the scheme keep their
 * waiver; loans issued from now on follow the restored category.
 */
export async function endArrangement(db: Db, actor: Actor, today: string, id: string, ending: Ending = {}): Promise<Arrangement> {
  return db.transaction().execute(async (trx) => {
    const arrangement = await lockArrangement(trx, actor.tenantId, id);
    if (!arrangement) throw notFound('The arrangement');
    if (arrangement.status !== 'active') throw conflict('arrangement_ended', 'This arrangement has already ended.');
    const now = new Date();
    const reader = (await lockMember(trx, actor.tenantId, arrangement.reader_id))!;
    const scheme = await schemeCategory(trx, actor.tenantId);
    const previous = await findCategory(trx, actor.tenantId, arrangement.previous_category_id);
    const restore = Boolean(previous && scheme && reader.category_id === scheme.id);
    if (restore) await setMemberCategory(trx, actor.tenantId, reader.id, previous!.id);
    await updateArrangementRow(trx, actor.tenantId, id, {
      status: 'ended',
      ended_at: now,
      ended_by: actor.actorId,
      end_reason: ending.reason?.trim() || null,
      ...(ending.consentWithdrawn && { consent_withdrawn_at: now }),
    });
    await expireRenewLinks(trx, actor.tenantId, (await linkRows(trx, actor.tenantId, [id])).map((link) => link.id), now);
    await recordAudit(trx, actor, {
      action: ending.consentWithdrawn ? 'good_neighbour.consent_withdrawn' : 'good_neighbour.ended',
      entityType: 'arrangement',
      entityId: id,
      details: { readerId: reader.id, categoryRestored: restore, ...(restore && { categoryId: previous!.id }), reasonGiven: Boolean(ending.reason?.trim()) },
    });
    return loadArrangement(trx, actor.tenantId, id, today);
  });
}

/** The reader withdraws consent to the whole arrangement: it ends at once, and nobody acts for them any more. */
export const withdrawReaderConsent = (db: Db, actor: Actor, today: string, id: string, reason?: string | null) => endArrangement(db, actor, today, id, { reason, consentWithdrawn: true });
