import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { conflict, notFound } from '../platform/http/errors.ts';
import { deleteMember, findOrganisation, findPartnership, insertMember, insertPartnership, listPartnershipRows, membersOf } from './store.ts';

type PartnershipRow = NonNullable<Awaited<ReturnType<typeof findPartnership>>>;

async function present(db: Queryable, rows: PartnershipRow[]) {
  const members = await membersOf(db, rows.map((r) => r.id));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    members: members
      .filter((m) => m.partnership_id === row.id)
      .map((m) => ({ organisationId: m.organisation_id, name: m.name, joinedAt: m.joined_at })),
    createdAt: row.created_at,
  }));
}

export async function listPartnerships(db: Db, tenantId: string) {
  return present(db, await listPartnershipRows(db, tenantId));
}

async function partnershipOrThrow(db: Queryable, tenantId: string, id: string) {
  const row = await findPartnership(db, tenantId, id);
  if (!row) throw notFound('The partnership');
  return row;
}

export async function getPartnership(db: Db, tenantId: string, id: string) {
  return (await present(db, [await partnershipOrThrow(db, tenantId, id)]))[0]!;
}

export function createPartnership(db: Db, actor: Actor, fields: { name: string; description?: string | null }) {
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const row = await insertPartnership(trx, actor.tenantId, fields);
        await recordAudit(trx, actor, { action: 'partnership.created', entityType: 'partnership', entityId: row.id, details: { name: row.name } });
        return (await present(trx, [row]))[0]!;
      }),
    () => conflict('partnership_exists', 'A partnership with this name already exists.'),
  );
}

/** Makes the organisation a member unless it is one already; only a real change is audited. Call it inside the caller's transaction. */
export async function joinPartnership(db: Queryable, actor: Actor, partnershipId: string, organisationId: string) {
  if (await insertMember(db, partnershipId, organisationId)) {
    await recordAudit(db, actor, { action: 'partnership.member_added', entityType: 'partnership', entityId: partnershipId, details: { organisationId } });
  }
}

export function addPartnershipMember(db: Db, actor: Actor, partnershipId: string, organisationId: string) {
  return db.transaction().execute(async (trx) => {
    const partnership = await partnershipOrThrow(trx, actor.tenantId, partnershipId);
    if (!(await findOrganisation(trx, actor.tenantId, organisationId))) throw notFound('The organisation');
    await joinPartnership(trx, actor, partnershipId, organisationId);
    return (await present(trx, [partnership]))[0]!;
  });
}

export function removePartnershipMember(db: Db, actor: Actor, partnershipId: string, organisationId: string) {
  return db.transaction().execute(async (trx) => {
    await partnershipOrThrow(trx, actor.tenantId, partnershipId);
    if (!(await deleteMember(trx, partnershipId, organisationId))) throw notFound('That member of the partnership');
    await recordAudit(trx, actor, { action: 'partnership.member_removed', entityType: 'partnership', entityId: partnershipId, details: { organisationId } });
  });
}
