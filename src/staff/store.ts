import type { Queryable } from '../platform/database/database.ts';
import type { Role } from '../platform/auth/roles.ts';

const columns = ['id', 'tenant_id', 'email', 'name', 'role', 'organisation_id', 'active', 'created_at', 'last_sign_in_at'] as const;

export function findStaffByEmail(db: Queryable, email: string) {
  return db
    .selectFrom('staff_users as u')
    .innerJoin('library_services as l', 'l.id', 'u.tenant_id')
    .select([...columns.map((c) => `u.${c}` as const), 'u.password_hash', 'l.name as tenant_name'])
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export function findStaff(db: Queryable, tenantId: string, id: string) {
  return db
    .selectFrom('staff_users as u')
    .innerJoin('library_services as l', 'l.id', 'u.tenant_id')
    .select([...columns.map((c) => `u.${c}` as const), 'l.name as tenant_name', (eb) => eb('u.password_hash', 'is', null).as('invitation_pending')])
    .where('u.tenant_id', '=', tenantId)
    .where('u.id', '=', id)
    .executeTakeFirst();
}

export function listStaffRows(db: Queryable, tenantId: string, includeInactive: boolean) {
  let query = db
    .selectFrom('staff_users as u')
    .innerJoin('library_services as l', 'l.id', 'u.tenant_id')
    .select([...columns.map((c) => `u.${c}` as const), 'l.name as tenant_name', (eb) => eb('u.password_hash', 'is', null).as('invitation_pending')])
    .where('u.tenant_id', '=', tenantId);
  if (!includeInactive) query = query.where('u.active', '=', true);
  return query.orderBy('u.name').execute();
}

export interface StaffFields {
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  passwordHash: string | null;
}

export async function insertStaff(db: Queryable, tenantId: string, fields: StaffFields) {
  return db
    .insertInto('staff_users')
    .values({
      tenant_id: tenantId,
      email: fields.email,
      name: fields.name,
      role: fields.role,
      organisation_id: fields.organisationId,
      password_hash: fields.passwordHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateStaffRow(
  db: Queryable,
  tenantId: string,
  id: string,
  fields: { name?: string; role?: Role; active?: boolean; organisation_id?: string | null; password_hash?: string; last_sign_in_at?: Date },
) {
  await db.updateTable('staff_users').set(fields).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Active admins, locked so two simultaneous demotions cannot both pass the last-admin check. */
export async function lockActiveAdmins(db: Queryable, tenantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('staff_users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}
