import type { Actor } from './principal.ts';
import type { Role } from './roles.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Db } from '../database/database.ts';
import { notFound } from '../http/errors.ts';
import type { Clock } from '../time/clock.ts';
import { digest, randomSecret } from './secrets.ts';
import { insertToken, listTokens, revokeToken } from './store.ts';
import { forgetToken } from './token-cache.ts';

export const TOKEN_PREFIX = 'hearth_';

/** The token is returned once; only its digest is kept. */
export async function createApiToken(db: Db, actor: Actor & { actorId: string }, name: string, role: Role) {
  const token = randomSecret(TOKEN_PREFIX);
  return db.transaction().execute(async (trx) => {
    const row = await insertToken(trx, { tenantId: actor.tenantId, createdBy: actor.actorId, name, role, tokenHash: digest(token) });
    await recordAudit(trx, actor, { action: 'api_token.created', entityType: 'api_token', entityId: row.id, details: { name, role } });
    return { ...presentToken({ ...row, created_by_name: actor.actorLabel ?? '' }), token };
  });
}

export function presentToken(row: { id: string; name: string; role: Role; created_at: Date; last_used_at: Date | null; revoked_at: Date | null; created_by_name: string }) {
  return { id: row.id, name: row.name, role: row.role, createdAt: row.created_at, createdBy: row.created_by_name, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}

export async function listApiTokens(db: Db, tenantId: string) {
  return (await listTokens(db, tenantId)).map(presentToken);
}

export async function revokeApiToken(db: Db, clock: Clock, actor: Actor, id: string) {
  await db.transaction().execute(async (trx) => {
    const revoked = await revokeToken(trx, actor.tenantId, id, clock.now());
    if (!revoked) throw notFound('The API token');
    await recordAudit(trx, actor, { action: 'api_token.revoked', entityType: 'api_token', entityId: id, details: { name: revoked.name } });
  });
  // After the commit, so no request can cache the token again from the row before it changed.
  forgetToken(id);
}
