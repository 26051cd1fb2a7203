import type { Actor } from '../platform/auth/principal.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { conflict, notFound } from '../platform/http/errors.ts';
import { checkOpeningHours, DEFAULT_OPENING_HOURS, type OpeningHours } from './opening-hours.ts';
import { findBranch, insertBranch, listBranchRows, openingHoursOf, replaceOpeningHours, updateBranchRow, type BranchFields } from './store.ts';

export interface Branch {
  id: string;
  name: string;
  code: string | null;
  address: string | null;
  openingHours: OpeningHours[];
  createdAt: Date;
}

type BranchRow = NonNullable<Awaited<ReturnType<typeof findBranch>>>;

const present = (row: BranchRow, openingHours: OpeningHours[]): Branch => ({
  id: row.id,
  name: row.name,
  code: row.code,
  address: row.address,
  openingHours,
  createdAt: row.created_at,
});

const nameTaken = () => conflict('branch_exists', 'Another branch already has this name or code.');

export async function listBranches(db: Db, tenantId: string): Promise<Branch[]> {
  const rows = await listBranchRows(db, tenantId);
  const hours = await openingHoursOf(db, rows.map((r) => r.id));
  return rows.map((row) => present(row, hours.get(row.id) ?? []));
}

export async function getBranch(db: Db, tenantId: string, id: string): Promise<Branch> {
  const row = await findBranch(db, tenantId, id);
  if (!row) throw notFound('The branch');
  const hours = await openingHoursOf(db, [id]);
  return present(row, hours.get(id) ?? []);
}

export async function createBranch(db: Db, actor: Actor, fields: BranchFields & { openingHours?: OpeningHours[] }): Promise<Branch> {
  const hours = checkOpeningHours(fields.openingHours ?? DEFAULT_OPENING_HOURS);
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const row = await insertBranch(trx, actor.tenantId, fields);
        await replaceOpeningHours(trx, row.id, hours);
        await recordAudit(trx, actor, { action: 'branch.created', entityType: 'branch', entityId: row.id, details: { name: row.name, code: row.code } });
        return present(row, hours);
      }),
    nameTaken,
  );
}

export async function updateBranch(
  db: Db,
  actor: Actor,
  id: string,
  fields: Partial<BranchFields> & { openingHours?: OpeningHours[] },
): Promise<Branch> {
  const { openingHours, ...columns } = fields;
  const hours = openingHours && checkOpeningHours(openingHours);
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const before = await findBranch(trx, actor.tenantId, id);
        if (!before) throw notFound('The branch');
        const row = (await updateBranchRow(trx, actor.tenantId, id, columns))!;
        const previousHours = (await openingHoursOf(trx, [id])).get(id) ?? [];
        if (hours) await replaceOpeningHours(trx, id, hours);
        const changes = changesBetween({ ...before, openingHours: previousHours } as Record<string, unknown>, { ...columns, openingHours: hours });
        await recordAudit(trx, actor, { action: 'branch.updated', entityType: 'branch', entityId: id, details: { changes } });
        return present(row, hours ?? previousHours);
      }),
    nameTaken,
  );
}
