import { sql } from 'kysely';
import type { Queryable } from '../database/database.ts';
import { prepared, type Values } from '../database/prepared.ts';
import type { Role } from './roles.ts';
import type { LoginFailuresTable } from './tables.ts';

// Every request a signed-in member of staff makes looks up its session: prepared once.
const liveSession = prepared((db, value: Values<{ idHash: string; now: Date }>) =>
  db
    .selectFrom('auth_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .select(['s.id_hash', 's.csrf_token', 's.last_seen_at', 'u.id', 'u.name', 'u.email', 'u.role', 'u.tenant_id', 'u.organisation_id'])
    .where('s.id_hash', '=', value('idHash'))
    .where('s.expires_at', '>', value('now'))
    .where('u.active', '=', true),
);

/** A session and its user, found by the digest of the cookie's value. */
export function findSession(db: Queryable, idHash: string, now: Date) {
  return liveSession.first(db, { idHash, now });
}

export async function insertSession(
  db: Queryable,
  session: { idHash: string; userId: string; tenantId: string; csrfToken: string; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  await db
    .insertInto('auth_sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      tenant_id: session.tenantId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
}

export async function touchSession(db: Queryable, idHash: string, now: Date, expiresAt: Date) {
  await db.updateTable('auth_sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Queryable, idHash: string) {
  await db.deleteFrom('auth_sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Queryable, userId: string) {
  await db.deleteFrom('auth_sessions').where('user_id', '=', userId).execute();
}

export function findActiveToken(db: Queryable, tokenHash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('staff_users as u', 'u.id', 't.created_by')
    .select(['t.id', 't.name', 't.role', 't.tenant_id', 't.last_used_at', 'u.organisation_id'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function markTokenUsed(db: Queryable, id: string, now: Date) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function insertToken(db: Queryable, token: { tenantId: string; createdBy: string; name: string; role: Role; tokenHash: string }) {
  return db
    .insertInto('api_tokens')
    .values({ tenant_id: token.tenantId, created_by: token.createdBy, name: token.name, role: token.role, token_hash: token.tokenHash })
    .returning(['id', 'name', 'role', 'created_at', 'last_used_at', 'revoked_at'])
    .executeTakeFirstOrThrow();
}

export function listTokens(db: Queryable, tenantId: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('staff_users as u', 'u.id', 't.created_by')
    .select(['t.id', 't.name', 't.role', 't.created_at', 't.last_used_at', 't.revoked_at', 'u.name as created_by_name'])
    .where('t.tenant_id', '=', tenantId)
    .orderBy('t.created_at', 'desc')
    .execute();
}

export async function revokeToken(db: Queryable, tenantId: string, id: string, now: Date) {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, ${now})` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(['id', 'name'])
    .executeTakeFirst();
  return result ?? null;
}

/**
 * Attempts in a sign-in log since `since` for this address and for this network address: what a
 * throttle counts. The staff sign-in (login_failures) and the neighbour portal each keep a log
 * with the columns of LoginFailuresTable; `table` names one of them.
 */
export async function countRecentAttempts(db: Queryable, table: string, since: Date, email: string, ip: string) {
  const row = await db
    .withTables<{ attempts: LoginFailuresTable }>()
    .selectFrom(table as 'attempts')
    .select([
      sql<number>`count(*) filter (where email = ${email})`.as('by_email'),
      sql<number>`count(*) filter (where ip = ${ip})`.as('by_ip'),
    ])
    .where('at', '>', since)
    .where((eb) => eb.or([eb('email', '=', email), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  return { byEmail: Number(row.by_email), byIp: Number(row.by_ip) };
}

export async function recordFailure(db: Queryable, email: string, ip: string) {
  await db.insertInto('login_failures').values({ email, ip }).execute();
}

export async function clearFailures(db: Queryable, email: string) {
  await db.deleteFrom('login_failures').where('email', '=', email).execute();
}

export async function insertInvitation(db: Queryable, invitation: { tokenHash: string; userId: string; expiresAt: Date }) {
  await db
    .insertInto('staff_invitations')
    .values({ token_hash: invitation.tokenHash, user_id: invitation.userId, expires_at: invitation.expiresAt })
    .execute();
}

export function findInvitation(db: Queryable, tokenHash: string) {
  return db
    .selectFrom('staff_invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

export async function markInvitationUsed(db: Queryable, tokenHash: string, now: Date) {
  await db.updateTable('staff_invitations').set({ used_at: now }).where('token_hash', '=', tokenHash).execute();
}
