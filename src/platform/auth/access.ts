import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../database/database.ts';
import { AppError, forbidden } from '../http/errors.ts';
import type { Clock } from '../time/clock.ts';
import { actorOf, type Actor, type Principal } from './principal.ts';
import type { Role } from './roles.ts';
import { digest, sameSecret } from './secrets.ts';
import { findActiveToken, findSession, markTokenUsed, touchSession } from './store.ts';
import { cacheToken, cachedToken } from './token-cache.ts';

/** Who may call a route: anyone, or signed-in callers holding one of these roles. */
export type Access = 'public' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'hearth_session';
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
// Sliding expiry is written at most this often, so reads do not each cost a write.
const TOUCH_EVERY_MS = 5 * 60 * 1000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const unauthenticated = () => new AppError('unauthenticated', 401, 'Sign in, or send a valid API token.');

/** The caller of a route that is not public; the access hook has already checked it exists. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

export function actorFrom(request: FastifyRequest): Actor {
  return actorOf(principalOf(request), request.ip);
}

async function principalFromToken(database: Database, clock: Clock, token: string): Promise<Principal | null> {
  const tokenHash = digest(token);
  const now = clock.now();
  const remembered = cachedToken(tokenHash, now.getTime());
  if (remembered) return remembered;
  const row = await findActiveToken(database.db, tokenHash);
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
    await markTokenUsed(database.db, row.id, now);
  }
  const principal: Principal = { kind: 'token', id: row.id, name: row.name, tenantId: row.tenant_id, role: row.role, organisationId: row.organisation_id, csrfToken: null };
  cacheToken(tokenHash, principal, now.getTime());
  return principal;
}

async function principalFromSession(database: Database, clock: Clock, sessionId: string): Promise<Principal | null> {
  const now = clock.now();
  const idHash = digest(sessionId);
  const row = await findSession(database.db, idHash, now);
  if (!row) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await touchSession(database.db, idHash, now, new Date(now.getTime() + SESSION_IDLE_MS));
  }
  return { kind: 'staff', id: row.id, name: row.name, tenantId: row.tenant_id, role: row.role, organisationId: row.organisation_id, csrfToken: row.csrf_token };
}

async function identify(request: FastifyRequest, database: Database, clock: Clock): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthenticated();
    return (await principalFromToken(database, clock, token)) ?? Promise.reject(unauthenticated());
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  return sessionId ? principalFromSession(database, clock, sessionId) : null;
}

/**
 * Every /api route must say who may call it; the hook signs the caller in, checks the role and,
 * for cookie sessions, the CSRF token on writes.
 */
export function registerAccessControl(app: FastifyInstance, database: Database, clock: Clock) {
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.access) {
      throw new Error(`Route ${String(route.method)} ${route.url} does not declare who may call it (config.access)`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    const principal = await identify(request, database, clock);
    if (access === 'public') {
      request.principal = principal;
      return;
    }
    if (!principal) throw unauthenticated();
    if (!access.includes(principal.role)) throw forbidden();
    if (principal.csrfToken && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, principal.csrfToken)) {
        throw new AppError('csrf_failed', 403, 'This change needs the X-CSRF-Token header from sign-in.');
      }
    }
    request.principal = principal;
  });
}
