import type { Updateable } from 'kysely';
import type { Actor } from '../platform/auth/principal.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { AppError, conflict, invalid, notFound } from '../platform/http/errors.ts';
import { canonicalLanguage } from '../members/members.ts';
import { loadArrangement, type Arrangement } from './arrangement-presenters.ts';
import {
  branchExists,
  deleteCoverRow,
  deleteCoversOfLink,
  expireRenewLinks,
  findLinkOfNeighbour,
  findLinkRow,
  findNeighbour,
  findNeighbourByEmail,
  findNeighbourByMember,
  insertCoverRow,
  insertLinkRow,
  insertNeighbourRow,
  lockArrangement,
  memberIdByCard,
  replaceVisitDates,
  updateLinkRow,
  updateNeighbourRow,
  visitDateRows,
  type NeighbourRow,
} from './arrangement-store.ts';
import type { ArrangementNeighboursTable, NeighboursTable } from './tables.ts';

/** Who the neighbour is: shared by every reader they serve. */
export interface NeighbourPerson {
  name: string;
  email?: string | null;
  phone?: string | null;
  /** The neighbour's own library card in this library service. */
  cardNumber?: string | null;
  branchId?: string | null;
  language?: string;
}

/** How this neighbour serves this reader. */
export interface NeighbourSettings {
  relationship?: string;
  advanceNotice?: boolean;
  /** With `visitEveryDays`, the first visit of a repeating pattern; alone, one visit date. */
  nextVisit?: string;
  visitEveryDays?: number | null;
  /** Explicit visit dates; replaces those already listed. */
  visitDates?: string[];
  maySeeLoans?: boolean;
  maySeeHistory?: boolean;
  maySeeProfile?: boolean;
}

export type NeighbourFields = NeighbourPerson & NeighbourSettings;
export type NeighbourUpdate = Partial<NeighbourFields>;

export const arrangementEnded = () => conflict('arrangement_ended', 'This arrangement has ended; start a new one to serve the reader again.');
const cardNotFound = () => new AppError('neighbour_card_not_found', 404, 'No member of this library service holds the neighbour’s card.');
const cardTaken = () => conflict('neighbour_card_taken', 'This library card already belongs to another Good Neighbour.');
const emailTaken = () => conflict('neighbour_email_taken', 'Another Good Neighbour already has this email address.');
const linkInactive = () => conflict('neighbour_inactive', 'This neighbour no longer serves the reader; add them again to restore them.');

const trimmed = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null);

/** Locks the arrangement for the change and refuses once it has ended. */
export async function activeArrangementForChange(db: Queryable, tenantId: string, id: string) {
  const arrangement = await lockArrangement(db, tenantId, id);
  if (!arrangement) throw notFound('The arrangement');
  if (arrangement.status !== 'active') throw arrangementEnded();
  return arrangement;
}

async function neighbourCard(db: Queryable, tenantId: string, readerId: string, cardNumber: string, field: string) {
  const member = await memberIdByCard(db, tenantId, cardNumber.trim());
  if (!member) throw cardNotFound();
  if (member.id === readerId) {
    throw invalid('neighbour_is_reader', 'The reader cannot be their own Good Neighbour.', [{ field, message: 'is the reader’s own card' }]);
  }
  return member.id;
}

async function checkBranch(db: Queryable, tenantId: string, branchId: string | null | undefined) {
  if (branchId && !(await branchExists(db, tenantId, branchId))) throw notFound('The neighbour’s branch');
}

/**
 * The neighbour for these details: the one already known by this email (or, without an email, by
 * this library card), so a neighbour serving several readers stays one person; otherwise a new one.
 * Details the known neighbour lacks are filled in; what they already have is left as it is.
 */
async function findOrCreateNeighbour(db: Queryable, tenantId: string, readerId: string, person: NeighbourPerson, field: string): Promise<{ neighbour: NeighbourRow; created: boolean }> {
  const email = trimmed(person.email) ?? null;
  const memberId = person.cardNumber ? await neighbourCard(db, tenantId, readerId, person.cardNumber, `${field}.cardNumber`) : null;
  await checkBranch(db, tenantId, person.branchId);
  const language = person.language === undefined ? undefined : canonicalLanguage(person.language);

  const byEmail = email ? await findNeighbourByEmail(db, tenantId, email) : undefined;
  const byCard = memberId ? await findNeighbourByMember(db, tenantId, memberId) : undefined;
  if (byEmail && byCard && byEmail.id !== byCard.id) throw cardTaken();
  const known = byEmail ?? byCard;
  if (known) {
    if (memberId && known.member_id && known.member_id !== memberId) {
      throw conflict('neighbour_card_mismatch', 'The neighbour known by this email has a different library card.');
    }
    const blanks: Updateable<NeighboursTable> = {
      ...(!known.email && email && { email }),
      ...(!known.phone && trimmed(person.phone) && { phone: trimmed(person.phone) }),
      ...(!known.member_id && memberId && { member_id: memberId }),
      ...(!known.branch_id && person.branchId && { branch_id: person.branchId }),
    };
    if (Object.keys(blanks).length > 0) await updateNeighbourRow(db, tenantId, known.id, blanks);
    return { neighbour: { ...known, ...blanks } as NeighbourRow, created: false };
  }
  const inserted = await insertNeighbourRow(db, { tenant_id: tenantId, name: person.name.trim(), email, phone: trimmed(person.phone) ?? null, member_id: memberId, branch_id: person.branchId ?? null, ...(language && { language }) });
  if (inserted) return { neighbour: inserted, created: true };
  // Another desk registered the same neighbour a moment ago: they are the same person.
  const raced = email ? await findNeighbourByEmail(db, tenantId, email) : undefined;
  if (!raced) throw cardTaken();
  return { neighbour: raced, created: false };
}

interface VisitColumns {
  visit_every_days: number | null;
  visits_from: string | null;
  dates: string[];
}

/**
 * The visit pattern as columns. A repeating pattern needs its first visit; a next visit on its own
 * is one date. On a change, what is not mentioned is kept.
 */
function visitColumns(settings: NeighbourSettings, current: VisitColumns, field: string): VisitColumns {
  const every = settings.visitEveryDays === undefined ? current.visit_every_days : settings.visitEveryDays;
  const dates = new Set(settings.visitDates ?? current.dates);
  let from = every === null ? null : current.visits_from;
  if (settings.nextVisit !== undefined) {
    if (every !== null) from = settings.nextVisit;
    else dates.add(settings.nextVisit);
  }
  if (every !== null && from === null) {
    throw invalid('next_visit_required', 'A repeating visit needs the date of the next visit to count from.', [{ field: `${field}.nextVisit`, message: 'is needed with visitEveryDays' }]);
  }
  return { visit_every_days: every, visits_from: from, dates: [...dates].sort() };
}

const NO_VISITS: VisitColumns = { visit_every_days: null, visits_from: null, dates: [] };

function settingColumns(settings: NeighbourSettings): Updateable<ArrangementNeighboursTable> {
  return {
    relationship: settings.relationship === undefined ? undefined : settings.relationship.trim(),
    advance_notice: settings.advanceNotice,
    may_see_loans: settings.maySeeLoans,
    may_see_history: settings.maySeeHistory,
    may_see_profile: settings.maySeeProfile,
  };
}

const definedOnly = <T extends object>(values: T) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as T;

export interface LinkedNeighbour {
  linkId: string;
  neighbourId: string;
  created: boolean;
}

/**
 * Links a neighbour to the arrangement with what the reader lets them see and when they visit.
 * A neighbour who served this reader before (removed, or consent withdrawn) is restored with the
 * reader's fresh consent and the settings given now.
 */
export async function linkNeighbour(db: Queryable, tenantId: string, arrangement: { id: string; reader_id: string }, fields: NeighbourFields, field: string): Promise<LinkedNeighbour> {
  const { neighbour, created } = await findOrCreateNeighbour(db, tenantId, arrangement.reader_id, fields, field);
  const visits = visitColumns(fields, NO_VISITS, field);
  const settings = {
    relationship: fields.relationship?.trim() ?? '',
    advance_notice: fields.advanceNotice ?? false,
    may_see_loans: fields.maySeeLoans ?? true,
    may_see_history: fields.maySeeHistory ?? false,
    may_see_profile: fields.maySeeProfile ?? true,
    visit_every_days: visits.visit_every_days,
    visits_from: visits.visits_from,
  };
  const earlier = await findLinkOfNeighbour(db, arrangement.id, neighbour.id);
  let linkId: string;
  if (earlier) {
    if (earlier.active) throw conflict('neighbour_already_linked', 'This neighbour already serves the reader.');
    await updateLinkRow(db, tenantId, earlier.id, { ...settings, active: true, consent_withdrawn_at: null });
    linkId = earlier.id;
  } else {
    linkId = (await insertLinkRow(db, { tenant_id: tenantId, arrangement_id: arrangement.id, neighbour_id: neighbour.id, ...settings })).id;
  }
  await replaceVisitDates(db, linkId, visits.dates);
  return { linkId, neighbourId: neighbour.id, created };
}

async function linkForChange(db: Queryable, tenantId: string, arrangementId: string, linkId: string) {
  const link = await findLinkRow(db, tenantId, arrangementId, linkId);
  if (!link) throw notFound('The arrangement’s neighbour');
  return link;
}

export async function addNeighbour(db: Db, actor: Actor, today: string, arrangementId: string, fields: NeighbourFields): Promise<Arrangement> {
  return db.transaction().execute(async (trx) => {
    const arrangement = await activeArrangementForChange(trx, actor.tenantId, arrangementId);
    const linked = await linkNeighbour(trx, actor.tenantId, arrangement, fields, 'body');
    await recordAudit(trx, actor, {
      action: 'good_neighbour.neighbour_added',
      entityType: 'arrangement',
      entityId: arrangementId,
      details: { linkId: linked.linkId, neighbourId: linked.neighbourId, newNeighbour: linked.created, ...maySeeOf(fields) },
    });
    return loadArrangement(trx, actor.tenantId, arrangementId, today);
  });
}

const maySeeOf = (fields: NeighbourSettings) => ({ maySee: { loans: fields.maySeeLoans ?? true, history: fields.maySeeHistory ?? false, profile: fields.maySeeProfile ?? true } });

/** Settings as the API names them, for before/after in the audit log. */
interface SettingValues {
  relationship?: string;
  advance_notice?: boolean;
  may_see_loans?: boolean;
  may_see_history?: boolean;
  may_see_profile?: boolean;
  visit_every_days?: number | null;
  visits_from?: string | null;
  dates?: string[];
}

const settingNames = (row: SettingValues) => ({
  relationship: row.relationship,
  advanceNotice: row.advance_notice,
  maySeeLoans: row.may_see_loans,
  maySeeHistory: row.may_see_history,
  maySeeProfile: row.may_see_profile,
  visitEveryDays: row.visit_every_days,
  visitsFrom: row.visits_from,
  visitDates: row.dates,
});

/**
 * Changes a neighbour's details (shared by every reader they serve) and how they serve this reader.
 * Contact details are audited by name only; what the neighbour may see and when they visit, with
 * before and after.
 */
export async function updateNeighbour(db: Db, actor: Actor, today: string, arrangementId: string, linkId: string, fields: NeighbourUpdate): Promise<Arrangement> {
  const update = () =>
    db.transaction().execute(async (trx) => {
      const arrangement = await activeArrangementForChange(trx, actor.tenantId, arrangementId);
      const link = await linkForChange(trx, actor.tenantId, arrangementId, linkId);
      if (!link.active) throw linkInactive();
      const neighbour = (await findNeighbour(trx, actor.tenantId, link.neighbour_id))!;

      const personal = definedOnly<Updateable<NeighboursTable>>({
        name: fields.name?.trim(),
        email: trimmed(fields.email),
        phone: trimmed(fields.phone),
        member_id: fields.cardNumber === undefined ? undefined : fields.cardNumber === null ? null : await neighbourCard(trx, actor.tenantId, arrangement.reader_id, fields.cardNumber, 'cardNumber'),
        branch_id: fields.branchId,
        language: fields.language === undefined ? undefined : canonicalLanguage(fields.language),
      });
      await checkBranch(trx, actor.tenantId, fields.branchId);
      const personalChanged = Object.keys(changesBetween(neighbour as Record<string, unknown>, personal as Record<string, unknown>));
      if (personalChanged.length > 0) {
        if (personal.email && personalChanged.includes('email')) {
          const other = await findNeighbourByEmail(trx, actor.tenantId, personal.email);
          if (other && other.id !== neighbour.id) throw emailTaken();
        }
        if (personal.member_id && personalChanged.includes('member_id')) {
          const other = await findNeighbourByMember(trx, actor.tenantId, personal.member_id);
          if (other && other.id !== neighbour.id) throw cardTaken();
        }
        await updateNeighbourRow(trx, actor.tenantId, neighbour.id, personal);
      }

      const currentDates = (await visitDateRows(trx, [link.id])).map((row) => row.visit_on);
      const touchesVisits = fields.nextVisit !== undefined || fields.visitEveryDays !== undefined || fields.visitDates !== undefined;
      const visits = touchesVisits ? visitColumns(fields, { visit_every_days: link.visit_every_days, visits_from: link.visits_from, dates: currentDates }, 'body') : undefined;
      const settings = definedOnly({ ...settingColumns(fields), ...(visits && { visit_every_days: visits.visit_every_days, visits_from: visits.visits_from }) });
      if (Object.keys(settings).length > 0) await updateLinkRow(trx, actor.tenantId, link.id, settings);
      if (visits) await replaceVisitDates(trx, link.id, visits.dates);

      const before = settingNames({ ...link, dates: currentDates });
      const after = settingNames({ ...settings, ...(visits && { dates: visits.dates }) });
      await recordAudit(trx, actor, {
        action: 'good_neighbour.neighbour_updated',
        entityType: 'arrangement',
        entityId: arrangementId,
        details: { linkId, neighbourId: neighbour.id, changes: changesBetween(before, after), detailsChanged: personalChanged.map((name) => personalNames[name] ?? name) },
      });
      return loadArrangement(trx, actor.tenantId, arrangementId, today);
    });
  return orIfDuplicate(update, () => (fields.email ? emailTaken() : cardTaken()));
}

const personalNames: Record<string, string> = { name: 'name', email: 'email', phone: 'phone', member_id: 'cardNumber', branch_id: 'branchId', language: 'language' };

/** Stops handing over and taking on visits, and makes renew links already sent stop working. */
async function standDown(db: Queryable, actor: Actor, linkId: string) {
  const covers = await deleteCoversOfLink(db, actor.tenantId, linkId);
  await expireRenewLinks(db, actor.tenantId, [linkId], new Date());
  return covers.length;
}

/** The neighbour stops serving the reader; the link stays, so what they did remains attributable. */
export async function removeNeighbour(db: Db, actor: Actor, today: string, arrangementId: string, linkId: string): Promise<Arrangement> {
  return db.transaction().execute(async (trx) => {
    await activeArrangementForChange(trx, actor.tenantId, arrangementId);
    const link = await linkForChange(trx, actor.tenantId, arrangementId, linkId);
    if (!link.active) throw linkInactive();
    await updateLinkRow(trx, actor.tenantId, linkId, { active: false, advance_notice: false });
    const coversRemoved = await standDown(trx, actor, linkId);
    await recordAudit(trx, actor, { action: 'good_neighbour.neighbour_removed', entityType: 'arrangement', entityId: arrangementId, details: { linkId, neighbourId: link.neighbour_id, coversRemoved } });
    return loadArrangement(trx, actor.tenantId, arrangementId, today);
  });
}

/** The reader withdraws consent for one neighbour: from now on that neighbour sees and receives nothing. */
export async function withdrawNeighbourConsent(db: Db, actor: Actor, today: string, arrangementId: string, linkId: string): Promise<Arrangement> {
  return db.transaction().execute(async (trx) => {
    await activeArrangementForChange(trx, actor.tenantId, arrangementId);
    const link = await linkForChange(trx, actor.tenantId, arrangementId, linkId);
    if (link.consent_withdrawn_at) throw conflict('consent_already_withdrawn', 'The reader has already withdrawn consent for this neighbour.');
    const nothing = { may_see_loans: false, may_see_history: false, may_see_profile: false, advance_notice: false };
    await updateLinkRow(trx, actor.tenantId, linkId, { ...nothing, active: false, consent_withdrawn_at: new Date() });
    const coversRemoved = await standDown(trx, actor, linkId);
    await recordAudit(trx, actor, {
      action: 'good_neighbour.neighbour_consent_withdrawn',
      entityType: 'arrangement',
      entityId: arrangementId,
      details: { linkId, neighbourId: link.neighbour_id, changes: changesBetween(settingNames(link), settingNames(nothing)), coversRemoved },
    });
    return loadArrangement(trx, actor.tenantId, arrangementId, today);
  });
}

export interface CoverFields {
  awayId: string;
  coverId: string;
  startsOn: string;
  endsOn: string;
}

/** One neighbour takes over another's visits between two dates, inclusive. */
export async function addCover(db: Db, actor: Actor, today: string, arrangementId: string, fields: CoverFields): Promise<Arrangement> {
  if (fields.awayId === fields.coverId) {
    throw invalid('cover_same_neighbour', 'A neighbour cannot cover their own visits.', [{ field: 'coverId', message: 'is the neighbour who is away' }]);
  }
  if (fields.endsOn < fields.startsOn) throw invalid('cover_dates_invalid', 'A cover must end on or after the day it starts.', [{ field: 'endsOn', message: 'is before startsOn' }]);
  if (fields.endsOn < today) throw invalid('cover_in_past', 'A cover must not be over before today.', [{ field: 'endsOn', message: 'is in the past' }]);
  return db.transaction().execute(async (trx) => {
    await activeArrangementForChange(trx, actor.tenantId, arrangementId);
    for (const id of [fields.awayId, fields.coverId]) {
      const link = await findLinkRow(trx, actor.tenantId, arrangementId, id);
      if (!link || !link.active) throw notFound('An active neighbour of this arrangement');
    }
    const cover = await insertCoverRow(trx, {
      tenant_id: actor.tenantId,
      arrangement_id: arrangementId,
      away_id: fields.awayId,
      cover_id: fields.coverId,
      starts_on: fields.startsOn,
      ends_on: fields.endsOn,
      created_by: actor.actorId,
    });
    await recordAudit(trx, actor, { action: 'good_neighbour.cover_added', entityType: 'arrangement', entityId: arrangementId, details: { id: cover.id, awayId: fields.awayId, coverId: fields.coverId, startsOn: fields.startsOn, endsOn: fields.endsOn } });
    return loadArrangement(trx, actor.tenantId, arrangementId, today);
  });
}

export async function removeCover(db: Db, actor: Actor, today: string, arrangementId: string, coverId: string): Promise<Arrangement> {
  return db.transaction().execute(async (trx) => {
    await activeArrangementForChange(trx, actor.tenantId, arrangementId);
    const removed = await deleteCoverRow(trx, actor.tenantId, arrangementId, coverId);
    if (!removed) throw notFound('The cover');
    await recordAudit(trx, actor, {
      action: 'good_neighbour.cover_removed',
      entityType: 'arrangement',
      entityId: arrangementId,
      details: { id: coverId, awayId: removed.away_id, coverId: removed.cover_id, startsOn: removed.starts_on, endsOn: removed.ends_on },
    });
    return loadArrangement(trx, actor.tenantId, arrangementId, today);
  });
}
