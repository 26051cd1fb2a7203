import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { conflict } from '../platform/http/errors.ts';
import { insertCategoryRow, listCategoryRows } from './store.ts';

export interface MemberCategory {
  id: string;
  code: string;
  name: string;
  createdAt: Date;
}

type CategoryRow = Awaited<ReturnType<typeof listCategoryRows>>[number];

const present = (row: CategoryRow): MemberCategory => ({ id: row.id, code: row.code, name: row.name, createdAt: row.created_at });

export async function listMemberCategories(db: Queryable, tenantId: string): Promise<MemberCategory[]> {
  return (await listCategoryRows(db, tenantId)).map(present);
}

/** A new category lends nothing until a policy is set for it and an item type. */
export async function createMemberCategory(db: Db, actor: Actor, fields: { code: string; name: string }): Promise<MemberCategory> {
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const row = await insertCategoryRow(trx, actor.tenantId, { code: fields.code.trim().toLowerCase(), name: fields.name.trim() });
        await recordAudit(trx, actor, { action: 'member_category.created', entityType: 'member_category', entityId: row.id, details: { code: row.code, name: row.name } });
        return present(row);
      }),
    () => conflict('member_category_exists', 'This library service already has a member category with this code.'),
  );
}
