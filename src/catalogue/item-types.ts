import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { conflict } from '../platform/http/errors.ts';
import { insertItemTypeRow, listItemTypeRows } from './store.ts';

export interface ItemType {
  id: string;
  code: string;
  name: string;
  createdAt: Date;
}

type ItemTypeRow = Awaited<ReturnType<typeof insertItemTypeRow>>;
const present = (row: ItemTypeRow): ItemType => ({ id: row.id, code: row.code, name: row.name, createdAt: row.created_at });

export async function listItemTypes(db: Db, tenantId: string): Promise<ItemType[]> {
  return (await listItemTypeRows(db, tenantId)).map(present);
}

export async function createItemType(db: Db, actor: Actor, fields: { code: string; name: string }): Promise<ItemType> {
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const row = await insertItemTypeRow(trx, actor.tenantId, { code: fields.code.trim().toLowerCase(), name: fields.name.trim() });
        await recordAudit(trx, actor, { action: 'item_type.created', entityType: 'item_type', entityId: row.id, details: { code: row.code, name: row.name } });
        return present(row);
      }),
    () => conflict('item_type_exists', 'Another item type already has this code.'),
  );
}
