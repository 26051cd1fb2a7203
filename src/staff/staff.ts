import type { Actor } from '../platform/auth/principal.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import type { Role } from '../platform/auth/roles.ts';
import { digest, randomSecret } from '../platform/auth/secrets.ts';
import { deleteSessionsOfUser, insertInvitation } from '../platform/auth/store.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { conflict, invalid, notFound } from '../platform/http/errors.ts';
import type { Hearth } from '../platform/http/app-types.ts';
import { findOrganisation } from '../organisation/store.ts';
import { findStaff, insertStaff, listStaffRows, lockActiveAdmins, updateStaffRow } from './store.ts';

export const INVITATION_DAYS = 7;

type StaffRow = NonNullable<Awaited<ReturnType<typeof findStaff>>>;

export const presentStaff = (row: StaffRow) => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  organisationId: row.organisation_id,
  active: row.active,
  invitationPending: Boolean(row.invitation_pending),
  lastSignInAt: row.last_sign_in_at,
  createdAt: row.created_at,
});

export async function listStaff(db: Db, tenantId: string, includeInactive: boolean) {
  return (await listStaffRows(db, tenantId, includeInactive)).map(presentStaff);
}

/** Partner caseworkers work for a partner organisation; nobody else needs one. */
async function checkOrganisation(db: Queryable, tenantId: string, role: Role, organisationId: string | null) {
  if (role === 'partner_caseworker' && !organisationId) {
    throw invalid('organisation_required', 'A partner caseworker must belong to a partner organisation.', [{ field: 'organisationId', message: 'is required for partner caseworkers' }]);
  }
  if (organisationId && !(await findOrganisation(db, tenantId, organisationId))) throw notFound('The organisation');
}

export interface NewStaff {
  name: string;
  email: string;
  role: Role;
  organisationId?: string | null;
  /** Without one, the person is emailed an invitation to choose their own. */
  password?: string;
}

export async function createStaff(hearth: Hearth, actor: Actor, input: NewStaff) {
  const organisationId = input.organisationId ?? null;
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return orIfDuplicate(
    () =>
      hearth.database.db.transaction().execute(async (trx) => {
        await checkOrganisation(trx, actor.tenantId, input.role, organisationId);
        const { id } = await insertStaff(trx, actor.tenantId, { name: input.name, email: input.email.trim(), role: input.role, organisationId, passwordHash });
        if (!passwordHash) await sendInvitation(hearth, trx, actor.tenantId, id, input.email);
        await recordAudit(trx, actor, { action: 'staff.created', entityType: 'staff', entityId: id, details: { role: input.role, invited: !passwordHash } });
        return presentStaff((await findStaff(trx, actor.tenantId, id))!);
      }),
    () => conflict('email_taken', 'Another account already uses this email address.'),
  );
}

/** The email carries only a link: the token in it is single-use, expires, and is stored hashed. */
async function sendInvitation(hearth: Hearth, db: Queryable, tenantId: string, userId: string, email: string) {
  const token = randomSecret();
  const expiresAt = new Date(hearth.clock.now().getTime() + INVITATION_DAYS * 86_400_000);
  await insertInvitation(db, { tokenHash: digest(token), userId, expiresAt });
  const link = `${hearth.config.publicUrl}/accept-invitation?token=${encodeURIComponent(token)}`;
  await hearth.mailer.compose(db, {
    tenantId,
    kind: 'staff_invitation',
    confidential: true,
    to: email,
    subject: 'You have been invited to Hearth',
    text: `You have been given an account on Hearth.\n\nChoose your password here (the link works once and expires in ${INVITATION_DAYS} days):\n${link}\n`,
  });
}

export interface StaffChanges {
  name?: string;
  role?: Role;
  active?: boolean;
  organisationId?: string | null;
}

export async function updateStaff(db: Db, actor: Actor, id: string, changes: StaffChanges) {
  return db.transaction().execute(async (trx) => {
    const before = await findStaff(trx, actor.tenantId, id);
    if (!before) throw notFound('The staff account');
    const role = changes.role ?? before.role;
    const organisationId = changes.organisationId !== undefined ? changes.organisationId : before.organisation_id;
    await checkOrganisation(trx, actor.tenantId, role, organisationId);

    const losesAdmin = before.role === 'admin' && before.active && (role !== 'admin' || changes.active === false);
    if (losesAdmin) {
      const admins = await lockActiveAdmins(trx, actor.tenantId);
      if (admins.length <= 1) throw conflict('last_admin', 'A library service needs at least one active admin; make someone else admin first.');
    }

    await updateStaffRow(trx, actor.tenantId, id, { name: changes.name, role: changes.role, active: changes.active, organisation_id: changes.organisationId });
    // Someone deactivated or given another role signs in again, so no session keeps old rights.
    if (changes.active === false || (changes.role && changes.role !== before.role)) await deleteSessionsOfUser(trx, id);

    const after = (await findStaff(trx, actor.tenantId, id))!;
    const diff = changesBetween(presentStaff(before), presentStaff(after));
    const action = changes.active === false && before.active ? 'staff.deactivated' : changes.active === true && !before.active ? 'staff.reactivated' : 'staff.updated';
    await recordAudit(trx, actor, { action, entityType: 'staff', entityId: id, details: { changes: diff } });
    return presentStaff(after);
  });
}
