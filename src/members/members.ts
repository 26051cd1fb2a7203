import type { Actor } from '../platform/auth/principal.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { conflict, invalid, notFound } from '../platform/http/errors.ts';
import { findBranch } from '../organisation/store.ts';
import { NOTICE_LANGUAGES, noticeLanguageOf } from '../notices/languages.ts';
import { generateCardNumber } from './card-numbers.ts';
import { foldForSearch } from './search-text.ts';
import { findCategoryRow, findMemberRow, findMemberRowByCard, forgetReadingHistory, insertMemberRow, searchMemberRows, updateMemberRow, type MemberChanges, type MemberRow } from './store.ts';
import type { MemberStatus, NoticeChannel } from './tables.ts';

export interface Member {
  id: string;
  cardNumber: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  preferredChannel: NoticeChannel;
  language: string;
  homeBranch: { id: string; name: string };
  category: { id: string; code: string; name: string };
  status: MemberStatus;
  blockedReason: string | null;
  expiresOn: string | null;
  keepsHistory: boolean;
  historyConsentAt: Date | null;
  advanceNotices: boolean;
  createdAt: Date;
}

export const presentMember = (row: MemberRow): Member => ({
  id: row.id,
  cardNumber: row.card_number,
  name: row.name,
  email: row.email,
  phone: row.phone,
  address: row.address,
  preferredChannel: row.preferred_channel,
  language: row.language,
  homeBranch: { id: row.home_branch_id, name: row.home_branch_name },
  category: { id: row.category_id, code: row.category_code, name: row.category_name },
  status: row.status,
  blockedReason: row.blocked_reason,
  expiresOn: row.expires_on,
  keepsHistory: row.keeps_history,
  historyConsentAt: row.history_consent_at,
  advanceNotices: row.advance_notices,
  createdAt: row.created_at,
});

export interface MemberFields {
  name: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  preferredChannel?: NoticeChannel;
  language?: string;
  homeBranchId: string;
  /** A member category's id or code; `adult` when left out. */
  category?: string;
  status?: MemberStatus;
  blockedReason?: string | null;
  expiresOn?: string | null;
  keepsHistory?: boolean;
  advanceNotices?: boolean;
}

export interface NewMemberFields extends MemberFields {
  /** A card already printed; without one a numbered card with a check digit is generated. */
  cardNumber?: string;
}

const DEFAULT_CATEGORY = 'adult';
const GENERATION_ATTEMPTS = 5;

const cardTaken = () => conflict('card_number_taken', 'Another member of this library service already has this card number.');

/** The member, or null when no member of this library service holds the card. No audit: callers that show it record their own view. */
export async function findMemberByCard(db: Queryable, tenantId: string, cardNumber: string): Promise<Member | null> {
  const row = await findMemberRowByCard(db, tenantId, cardNumber.trim());
  return row ? presentMember(row) : null;
}

export async function getMember(db: Queryable, tenantId: string, id: string): Promise<Member> {
  const row = await findMemberRow(db, tenantId, id);
  if (!row) throw notFound('The member');
  return presentMember(row);
}

/** A member's record as staff open it: personal data, so every view is in the audit log. */
export async function viewMember(db: Db, actor: Actor, id: string): Promise<Member> {
  const member = await getMember(db, actor.tenantId, id);
  await recordAudit(db, actor, { action: 'member.viewed', entityType: 'member', entityId: id });
  return member;
}

export async function viewMemberByCard(db: Db, actor: Actor, cardNumber: string): Promise<Member> {
  const member = await findMemberByCard(db, actor.tenantId, cardNumber);
  if (!member) throw notFound('A member with this card');
  await recordAudit(db, actor, { action: 'member.viewed', entityType: 'member', entityId: member.id, details: { byCard: true } });
  return member;
}

export const SEARCH_LIMIT = 50;

/** Members whose card number is the text, or whose name or email contains it (case and accents ignored). */
export async function searchMembers(db: Queryable, tenantId: string, text: string): Promise<Member[]> {
  const trimmed = text.trim();
  const rows = await searchMemberRows(db, tenantId, { card: trimmed.replace(/\s+/g, ''), folded: foldForSearch(trimmed), email: trimmed.toLowerCase() }, SEARCH_LIMIT);
  return rows.map(presentMember);
}

async function checkHomeBranch(db: Queryable, tenantId: string, branchId: string) {
  if (!(await findBranch(db, tenantId, branchId))) throw notFound('The home branch');
}

async function categoryIdOf(db: Queryable, tenantId: string, idOrCode: string) {
  const category = await findCategoryRow(db, tenantId, idOrCode);
  if (!category) {
    throw invalid('member_category_unknown', `There is no member category "${idOrCode}".`, [{ field: 'category', message: 'is not a member category of this library service' }]);
  }
  return category.id;
}

/** BCP 47 tags in their canonical form (`EN-gb` → `en-GB`); anything else is refused. */
export function canonicalLanguage(tag: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical) return canonical;
  } catch {
    // Reported below, with the field it came from.
  }
  throw invalid('language_invalid', `"${tag}" is not a BCP 47 language tag such as en, ar or pl.`, [{ field: 'language', message: 'is not a BCP 47 language tag' }]);
}

/**
 * The language notices are to be written in: one with templates, else refused, since any other
 * would quietly get English. A language kept from before is left as it is when other details change.
 */
function noticeLanguage(tag: string, current: string | null): string {
  const language = canonicalLanguage(tag);
  if (language === current || noticeLanguageOf(language)) return language;
  throw invalid('notice_language_unsupported', `Notices are not written in "${language}": choose one of ${NOTICE_LANGUAGES.join(', ')}.`, [
    { field: 'language', message: `has no notice templates; choose one of ${NOTICE_LANGUAGES.join(', ')}` },
  ]);
}

/** Status and consent as columns: a block carries its reason, and consent to keep history carries when it was given. */
function statusColumns(fields: Pick<MemberFields, 'status' | 'blockedReason'>, current: { status: MemberStatus; blocked_reason: string | null }) {
  const status = fields.status ?? current.status;
  const reason = fields.blockedReason === undefined ? current.blocked_reason : fields.blockedReason;
  if (status !== 'blocked' && fields.blockedReason) {
    throw invalid('blocked_reason_without_block', 'A reason can only be given when the member is blocked.', [{ field: 'blockedReason', message: 'needs status "blocked"' }]);
  }
  return { status, blocked_reason: status === 'blocked' ? (reason?.trim() || null) : null };
}

function consentColumns(keepsHistory: boolean | undefined, current: { keeps_history: boolean; history_consent_at: Date | null }, now: Date) {
  if (keepsHistory === undefined || keepsHistory === current.keeps_history) return {};
  return { keeps_history: keepsHistory, history_consent_at: keepsHistory ? now : null };
}

const optionalText = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null);

function contactColumns(fields: Partial<MemberFields>, currentLanguage: string | null) {
  return {
    ...(fields.name !== undefined && { name: fields.name.trim(), search_name: foldForSearch(fields.name) }),
    email: optionalText(fields.email),
    phone: optionalText(fields.phone),
    address: optionalText(fields.address),
    preferred_channel: fields.preferredChannel,
    language: fields.language === undefined ? undefined : noticeLanguage(fields.language, currentLanguage),
    expires_on: fields.expiresOn,
    advance_notices: fields.advanceNotices,
  };
}

export async function createMember(db: Db, actor: Actor, fields: NewMemberFields, newCardNumber: () => string = generateCardNumber): Promise<Member> {
  return db.transaction().execute(async (trx) => {
    await checkHomeBranch(trx, actor.tenantId, fields.homeBranchId);
    const values = {
      ...contactColumns(fields, null),
      name: fields.name.trim(),
      search_name: foldForSearch(fields.name),
      home_branch_id: fields.homeBranchId,
      category_id: await categoryIdOf(trx, actor.tenantId, fields.category ?? DEFAULT_CATEGORY),
      ...statusColumns(fields, { status: 'active', blocked_reason: null }),
      ...consentColumns(fields.keepsHistory, { keeps_history: false, history_consent_at: null }, new Date()),
    };
    const supplied = fields.cardNumber?.trim();
    let inserted: { id: string } | undefined;
    for (let attempt = 0; !inserted && attempt < (supplied ? 1 : GENERATION_ATTEMPTS); attempt++) {
      inserted = await insertMemberRow(trx, actor.tenantId, { ...values, card_number: supplied ?? newCardNumber() });
    }
    if (!inserted) {
      if (supplied) throw cardTaken();
      throw new Error(`No free card number after ${GENERATION_ATTEMPTS} attempts`);
    }
    const member = presentMember((await findMemberRow(trx, actor.tenantId, inserted.id))!);
    await recordAudit(trx, actor, {
      action: 'member.created',
      entityType: 'member',
      entityId: member.id,
      details: { cardNumber: member.cardNumber, cardGenerated: !supplied, category: member.category.code, homeBranchId: member.homeBranch.id, keepsHistory: member.keepsHistory },
    });
    return member;
  });
}

export type MemberUpdate = Partial<NewMemberFields>;

/** Field names as the API shows them, for the audit diff. */
const apiNames: Record<string, string> = {
  card_number: 'cardNumber',
  name: 'name',
  email: 'email',
  phone: 'phone',
  address: 'address',
  preferred_channel: 'preferredChannel',
  language: 'language',
  home_branch_id: 'homeBranchId',
  category_id: 'categoryId',
  status: 'status',
  blocked_reason: 'blockedReason',
  expires_on: 'expiresOn',
  keeps_history: 'keepsHistory',
  history_consent_at: 'historyConsentAt',
  advance_notices: 'advanceNotices',
};

function renamed(values: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(values).filter(([key]) => key in apiNames).map(([key, value]) => [apiNames[key], value]));
}

export async function updateMember(db: Db, actor: Actor, id: string, fields: MemberUpdate): Promise<Member> {
  const update = () =>
    db.transaction().execute(async (trx) => {
      const before = await findMemberRow(trx, actor.tenantId, id);
      if (!before) throw notFound('The member');
      if (fields.homeBranchId) await checkHomeBranch(trx, actor.tenantId, fields.homeBranchId);
      const changes: MemberChanges = {
        ...contactColumns(fields, before.language),
        card_number: fields.cardNumber?.trim(),
        home_branch_id: fields.homeBranchId,
        category_id: fields.category === undefined ? undefined : await categoryIdOf(trx, actor.tenantId, fields.category),
        ...(fields.status !== undefined || fields.blockedReason !== undefined ? statusColumns(fields, before) : {}),
        ...consentColumns(fields.keepsHistory, before, new Date()),
      };
      const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as MemberChanges;
      if (Object.keys(defined).length > 0) await updateMemberRow(trx, actor.tenantId, id, defined);
      // Without consent a reading history is not kept: loans already returned stop pointing at the member.
      const historyForgotten = defined.keeps_history === false ? await forgetReadingHistory(trx, actor.tenantId, id) : undefined;
      await recordAudit(trx, actor, {
        action: 'member.updated',
        entityType: 'member',
        entityId: id,
        details: { changes: changesBetween(renamed(before), renamed(defined)), ...(historyForgotten !== undefined && { returnedLoansUnlinked: historyForgotten }) },
      });
      return presentMember((await findMemberRow(trx, actor.tenantId, id))!);
    });
  return orIfDuplicate(update, cardTaken);
}
