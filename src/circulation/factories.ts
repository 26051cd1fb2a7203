import { randomBytes } from 'node:crypto';
import type { Queryable } from '../platform/database/database.ts';
import { DEFAULT_OPENING_HOURS, type OpeningHours } from '../organisation/opening-hours.ts';
import { insertBranch, replaceOpeningHours } from '../organisation/store.ts';

/**
 * Rows for circulation tests and benchmarks, written straight to the tables so circulation can be
 * tested without going through the catalogue and member screens. Every barcode and card is unique.
 */
const token = () => randomBytes(5).toString('hex').toUpperCase();

export async function defaultLendingTypes(db: Queryable, tenantId: string) {
  const category = await db.selectFrom('member_categories').select('id').where('tenant_id', '=', tenantId).where('code', '=', 'adult').executeTakeFirstOrThrow();
  const itemType = await db.selectFrom('item_types').select('id').where('tenant_id', '=', tenantId).where('code', '=', 'book').executeTakeFirstOrThrow();
  return { categoryId: category.id, itemTypeId: itemType.id };
}

export async function makeBranch(db: Queryable, tenantId: string, fields: { name?: string; openingHours?: OpeningHours[] } = {}) {
  const branch = await insertBranch(db, tenantId, { name: fields.name ?? `Branch ${token()}` });
  await replaceOpeningHours(db, branch.id, fields.openingHours ?? DEFAULT_OPENING_HOURS);
  return { id: branch.id, name: branch.name };
}

export async function makeRecord(db: Queryable, tenantId: string, fields: { title?: string; authors?: string[] } = {}) {
  return db
    .insertInto('catalogue_records')
    .values({ tenant_id: tenantId, title: fields.title ?? `Title ${token()}`, authors: fields.authors ?? ['Ann Author'], format: 'book' })
    .returning(['id', 'title'])
    .executeTakeFirstOrThrow();
}

export async function makeItem(db: Queryable, tenantId: string, fields: { branchId: string; recordId?: string; itemTypeId?: string; barcode?: string }) {
  const recordId = fields.recordId ?? (await makeRecord(db, tenantId)).id;
  const itemTypeId = fields.itemTypeId ?? (await defaultLendingTypes(db, tenantId)).itemTypeId;
  return db
    .insertInto('items')
    .values({ tenant_id: tenantId, record_id: recordId, barcode: fields.barcode ?? `I${token()}`, branch_id: fields.branchId, item_type_id: itemTypeId })
    .returning(['id', 'barcode', 'record_id as recordId'])
    .executeTakeFirstOrThrow();
}

export interface MemberOverrides {
  name?: string;
  email?: string | null;
  language?: string;
  status?: 'active' | 'blocked' | 'expired';
  keepsHistory?: boolean;
  advanceNotices?: boolean;
  categoryId?: string;
}

export async function makeMember(db: Queryable, tenantId: string, branchId: string, fields: MemberOverrides = {}) {
  const categoryId = fields.categoryId ?? (await defaultLendingTypes(db, tenantId)).categoryId;
  const card = `C${token()}`;
  return db
    .insertInto('members')
    .values({
      tenant_id: tenantId,
      card_number: card,
      name: fields.name ?? `Reader ${card}`,
      email: fields.email === undefined ? `${card.toLowerCase()}@example.org` : fields.email,
      language: fields.language ?? 'en',
      home_branch_id: branchId,
      category_id: categoryId,
      status: fields.status ?? 'active',
      keeps_history: fields.keepsHistory ?? false,
      advance_notices: fields.advanceNotices ?? true,
    })
    .returning(['id', 'card_number as cardNumber', 'name'])
    .executeTakeFirstOrThrow();
}

/** An open loan as if issued earlier, e.g. one already overdue. */
export async function makeLoan(
  db: Queryable,
  tenantId: string,
  fields: { itemId: string; memberId: string; branchId: string; dueDate: string; onBehalfOf?: string; schemeWaivesFines?: boolean },
) {
  await db.updateTable('items').set({ status: 'on_loan' }).where('id', '=', fields.itemId).execute();
  return db
    .insertInto('loans')
    .values({
      tenant_id: tenantId,
      item_id: fields.itemId,
      member_id: fields.memberId,
      issued_branch_id: fields.branchId,
      due_date: fields.dueDate,
      on_behalf_of: fields.onBehalfOf ?? null,
      scheme_waives_fines: fields.schemeWaivesFines ?? false,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** A branch, a member there and a copy on its shelf: the start of most circulation tests. */
export async function makeDesk(db: Queryable, tenantId: string) {
  const branch = await makeBranch(db, tenantId);
  const member = await makeMember(db, tenantId, branch.id);
  const item = await makeItem(db, tenantId, { branchId: branch.id });
  return { branch, member, item };
}
