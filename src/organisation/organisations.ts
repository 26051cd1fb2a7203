import type { Actor } from '../platform/auth/principal.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { conflict, notFound } from '../platform/http/errors.ts';
import { findOrganisation, insertOrganisation, listOrganisationRows, updateOrganisationRow, type OrganisationFields } from './store.ts';

type OrganisationRow = NonNullable<Awaited<ReturnType<typeof findOrganisation>>>;

export const presentOrganisation = (row: OrganisationRow) => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  email: row.email,
  phone: row.phone,
  website: row.website,
  description: row.description,
  createdAt: row.created_at,
});

const nameTaken = () => conflict('organisation_exists', 'An organisation with this name already exists.');

export async function listOrganisations(db: Db, tenantId: string) {
  return (await listOrganisationRows(db, tenantId)).map(presentOrganisation);
}

export async function getOrganisation(db: Db, tenantId: string, id: string) {
  const row = await findOrganisation(db, tenantId, id);
  if (!row) throw notFound('The organisation');
  return presentOrganisation(row);
}

export function createOrganisation(db: Db, actor: Actor, fields: OrganisationFields) {
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const row = await insertOrganisation(trx, actor.tenantId, fields);
        await recordAudit(trx, actor, { action: 'organisation.created', entityType: 'organisation', entityId: row.id, details: { name: row.name, kind: row.kind } });
        return presentOrganisation(row);
      }),
    nameTaken,
  );
}

export function updateOrganisation(db: Db, actor: Actor, id: string, fields: Partial<OrganisationFields>) {
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const before = await findOrganisation(trx, actor.tenantId, id);
        if (!before) throw notFound('The organisation');
        const row = Object.keys(fields).length > 0 ? (await updateOrganisationRow(trx, actor.tenantId, id, fields))! : before;
        await recordAudit(trx, actor, { action: 'organisation.updated', entityType: 'organisation', entityId: id, details: { changes: changesBetween(before, fields) } });
        return presentOrganisation(row);
      }),
    nameTaken,
  );
}
