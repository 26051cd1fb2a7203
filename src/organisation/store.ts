import type { Queryable } from '../platform/database/database.ts';
import type { OpeningHours } from './opening-hours.ts';
import type { OrganisationKind } from './tables.ts';

export interface BranchFields {
  name: string;
  code?: string | null;
  address?: string | null;
}

export async function insertBranch(db: Queryable, tenantId: string, fields: BranchFields) {
  return db
    .insertInto('branches')
    .values({ tenant_id: tenantId, name: fields.name, code: fields.code ?? null, address: fields.address ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateBranchRow(db: Queryable, tenantId: string, id: string, fields: Partial<BranchFields>) {
  if (Object.values(fields).every((v) => v === undefined)) return findBranch(db, tenantId, id);
  return db.updateTable('branches').set(fields).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
}

export function findBranch(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('branches').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function listBranchRows(db: Queryable, tenantId: string) {
  return db.selectFrom('branches').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export async function replaceOpeningHours(db: Queryable, branchId: string, hours: OpeningHours[]) {
  await db.deleteFrom('branch_opening_hours').where('branch_id', '=', branchId).execute();
  if (hours.length === 0) return;
  await db
    .insertInto('branch_opening_hours')
    .values(hours.map((h) => ({ branch_id: branchId, weekday: h.weekday, opens: h.opens, closes: h.closes })))
    .execute();
}

/** Opening hours of many branches in one query, keyed by branch id. */
export async function openingHoursOf(db: Queryable, branchIds: string[]): Promise<Map<string, OpeningHours[]>> {
  const byBranch = new Map<string, OpeningHours[]>(branchIds.map((id) => [id, []]));
  if (branchIds.length === 0) return byBranch;
  const rows = await db
    .selectFrom('branch_opening_hours')
    .selectAll()
    .where('branch_id', 'in', branchIds)
    .orderBy('branch_id')
    .orderBy('weekday')
    .execute();
  for (const row of rows) {
    byBranch.get(row.branch_id)!.push({ weekday: row.weekday, opens: row.opens.slice(0, 5), closes: row.closes.slice(0, 5) });
  }
  return byBranch;
}

export interface OrganisationFields {
  name: string;
  kind: OrganisationKind;
  email?: string | null;
  phone?: string | null;
  website?: string | null;
  description?: string | null;
}

export function insertOrganisation(db: Queryable, tenantId: string, fields: OrganisationFields) {
  return db
    .insertInto('organisations')
    .values({
      tenant_id: tenantId,
      name: fields.name,
      kind: fields.kind,
      email: fields.email ?? null,
      phone: fields.phone ?? null,
      website: fields.website ?? null,
      description: fields.description ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateOrganisationRow(db: Queryable, tenantId: string, id: string, fields: Partial<OrganisationFields>) {
  return db.updateTable('organisations').set(fields).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
}

export function findOrganisation(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('organisations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function listOrganisationRows(db: Queryable, tenantId: string) {
  return db.selectFrom('organisations').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export function insertPartnership(db: Queryable, tenantId: string, fields: { name: string; description?: string | null }) {
  return db
    .insertInto('partnerships')
    .values({ tenant_id: tenantId, name: fields.name, description: fields.description ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findPartnership(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('partnerships').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function listPartnershipRows(db: Queryable, tenantId: string) {
  return db.selectFrom('partnerships').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export async function membersOf(db: Queryable, partnershipIds: string[]) {
  if (partnershipIds.length === 0) return [];
  return db
    .selectFrom('partnership_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['m.partnership_id', 'm.organisation_id', 'm.joined_at', 'o.name'])
    .where('m.partnership_id', 'in', partnershipIds)
    .orderBy('o.name')
    .execute();
}

/** Adds the member unless it is one already; says whether anything changed. */
export async function insertMember(db: Queryable, partnershipId: string, organisationId: string): Promise<boolean> {
  const rows = await db
    .insertInto('partnership_members')
    .values({ partnership_id: partnershipId, organisation_id: organisationId })
    .onConflict((oc) => oc.doNothing())
    .returning('organisation_id')
    .execute();
  return rows.length > 0;
}

export async function deleteMember(db: Queryable, partnershipId: string, organisationId: string): Promise<boolean> {
  const rows = await db
    .deleteFrom('partnership_members')
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .returning('organisation_id')
    .execute();
  return rows.length > 0;
}
