import type { Hearth } from '../http/app-types.ts';
import { AppError, invalid } from '../http/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { findStaff, findStaffByEmail, updateStaffRow } from '../../staff/store.ts';
import { SESSION_IDLE_MS } from './access.ts';
import type { Role } from './roles.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts';
import { digest, randomSecret } from './secrets.ts';
import { clearFailures, countRecentAttempts, findInvitation, insertSession, markInvitationUsed, recordFailure } from './store.ts';

/** Failed sign-ins counted over this window; past the limits the answer is 429 until it passes. */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 50;

export interface RequestOrigin {
  ip: string;
  userAgent: string | null;
}

export interface SignedIn {
  sessionId: string;
  csrfToken: string;
  user: { id: string; name: string; email: string; role: Role; tenantId: string; tenantName: string; organisationId: string | null };
}

export function isThrottled(failures: { byEmail: number; byIp: number }): boolean {
  return failures.byEmail >= MAX_FAILURES_PER_EMAIL || failures.byIp >= MAX_FAILURES_PER_IP;
}

const tooManyAttempts = () =>
  new AppError('too_many_attempts', 429, 'Too many failed sign-ins. Wait 15 minutes and try again.', {
    headers: { 'retry-after': String(THROTTLE_WINDOW_MS / 1000) },
  });
const invalidCredentials = () => new AppError('invalid_credentials', 401, 'The email or password is not right.');

async function startSession(hearth: Hearth, user: SignedIn['user'], origin: RequestOrigin): Promise<SignedIn> {
  const sessionId = randomSecret();
  const csrfToken = randomSecret();
  const now = hearth.clock.now();
  await hearth.database.db.transaction().execute(async (trx) => {
    await insertSession(trx, {
      idHash: digest(sessionId),
      userId: user.id,
      tenantId: user.tenantId,
      csrfToken,
      expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
    });
    await updateStaffRow(trx, user.tenantId, user.id, { last_sign_in_at: now });
    await recordAudit(trx, { tenantId: user.tenantId, actorId: user.id, actorKind: 'staff', actorLabel: user.name, ip: origin.ip }, { action: 'auth.signed_in', entityType: 'staff', entityId: user.id });
  });
  return { sessionId, csrfToken, user };
}

export async function signIn(hearth: Hearth, email: string, password: string, origin: RequestOrigin): Promise<SignedIn> {
  const db = hearth.database.db;
  const key = email.trim().toLowerCase();
  const since = new Date(hearth.clock.now().getTime() - THROTTLE_WINDOW_MS);
  if (isThrottled(await countRecentAttempts(db, 'login_failures', since, key, origin.ip))) throw tooManyAttempts();

  const account = await findStaffByEmail(db, key);
  const passwordOk = await verifyPassword(account?.password_hash ?? null, password);
  if (!account || !passwordOk || !account.active) {
    await recordFailure(db, key, origin.ip);
    throw invalidCredentials();
  }
  await clearFailures(db, key);
  return startSession(hearth, userOf(account), origin);
}

function userOf(row: { id: string; name: string; email: string; role: Role; tenant_id: string; tenant_name: string; organisation_id: string | null }): SignedIn['user'] {
  return { id: row.id, name: row.name, email: row.email, role: row.role, tenantId: row.tenant_id, tenantName: row.tenant_name, organisationId: row.organisation_id };
}

export async function acceptInvitation(hearth: Hearth, token: string, password: string, origin: RequestOrigin): Promise<SignedIn> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid('password_too_short', `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`, [{ field: 'password', message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }]);
  }
  const passwordHash = await hashPassword(password);
  const now = hearth.clock.now();
  const user = await hearth.database.db.transaction().execute(async (trx) => {
    const invitation = await findInvitation(trx, digest(token));
    if (!invitation || invitation.used_at || invitation.expires_at <= now) {
      throw new AppError('invitation_invalid', 410, 'This invitation link has expired or was already used. Ask an administrator for a new one.');
    }
    const staff = await trx.selectFrom('staff_users').select(['tenant_id']).where('id', '=', invitation.user_id).executeTakeFirstOrThrow();
    await markInvitationUsed(trx, invitation.token_hash, now);
    await updateStaffRow(trx, staff.tenant_id, invitation.user_id, { password_hash: passwordHash });
    const row = (await findStaff(trx, staff.tenant_id, invitation.user_id))!;
    await recordAudit(trx, { tenantId: row.tenant_id, actorId: row.id, actorKind: 'staff', actorLabel: row.name, ip: origin.ip }, { action: 'auth.invitation_accepted', entityType: 'staff', entityId: row.id });
    return userOf(row);
  });
  return startSession(hearth, user, origin);
}
