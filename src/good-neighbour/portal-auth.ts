import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Actor } from '../platform/auth/principal.ts';
import { digest, randomSecret, sameSecret } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Database } from '../platform/database/database.ts';
import type { Hearth } from '../platform/http/app-types.ts';
import { AppError } from '../platform/http/errors.ts';
import type { JobDefinition } from '../platform/jobs/jobs.ts';
import type { Clock } from '../platform/time/clock.ts';
import {
  countRecentSignInRequests,
  deleteNeighbourSession,
  findNeighbourSession,
  insertNeighbourSession,
  insertSignInLink,
  lockSignInLink,
  markSignInLinkUsed,
  neighboursToSignIn,
  purgePortalSignIns,
  recordSignInRequest,
} from './portal-store.ts';

export const NEIGHBOUR_COOKIE = 'hearth_neighbour';
export const SIGN_IN_LINK_MINUTES = 30;
/**
 * A session lasts 30 days from the emailed link and is never extended: a lost or shared phone
 * loses access on its own, and signing in again costs one email. Sliding would add nothing a
 * neighbour needs, since what they may see is checked against the reader's consent on every request.
 */
export const NEIGHBOUR_SESSION_DAYS = 30;
/** Requests for a link are counted over this window, by address and by network address. */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_LINKS_PER_EMAIL = 3;
export const MAX_LINKS_PER_IP = 20;
/** Used or lapsed sign-in links are kept this long, then purged. */
const LINK_RETENTION_DAYS = 7;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The neighbour behind a portal request. */
export interface NeighbourPrincipal {
  neighbourId: string;
  tenantId: string;
  name: string;
  /** Where they usually collect: requests they place are picked up here. */
  branchId: string | null;
  csrfToken: string;
  idHash: string;
  expiresAt: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    neighbour: NeighbourPrincipal | null;
  }
}

export interface RequestOrigin {
  ip: string;
  userAgent: string | null;
}

export const neighbourActor = (neighbour: Pick<NeighbourPrincipal, 'tenantId' | 'neighbourId' | 'name'>, ip: string | null): Actor => ({
  tenantId: neighbour.tenantId,
  actorId: neighbour.neighbourId,
  actorKind: 'neighbour',
  actorLabel: neighbour.name,
  ip,
});

const signedOut = () => new AppError('unauthenticated', 401, 'Sign in with the link we email you.');
const tooManyLinks = () =>
  new AppError('too_many_sign_in_links', 429, 'Several sign-in links were asked for just now. Use one of those, or wait 15 minutes and ask again.', {
    headers: { 'retry-after': String(SIGN_IN_WINDOW_MS / 1000) },
  });

interface SignInEmail {
  subject: string;
  text: string;
}

const signInEmails: Record<string, (library: string, link: string) => SignInEmail> = {
  en: (library, link) => ({
    subject: `Your sign-in link for ${library}`,
    text:
      `Hello,\n\nUse this link to sign in to ${library}'s Good Neighbour pages. It works once, within ${SIGN_IN_LINK_MINUTES} minutes:\n${link}\n\n` +
      'If you did not ask for it, you can ignore this email: nobody can sign in without the link.\n',
  }),
  ar: (library, link) => ({
    subject: `رابط تسجيل الدخول إلى ${library}`,
    text:
      `مرحبًا،\n\nاستخدم هذا الرابط لتسجيل الدخول إلى صفحات الجار الطيب في ${library}. يعمل مرة واحدة خلال ${SIGN_IN_LINK_MINUTES} دقيقة:\n${link}\n\n` +
      'إذا لم تطلبه، يمكنك تجاهل هذه الرسالة: لا يستطيع أحد تسجيل الدخول من دون الرابط.\n',
  }),
};

/**
 * Emails a single-use sign-in link to each neighbour with this address who serves a reader now,
 * in whichever library service. The caller learns nothing either way: the answer is the same,
 * and the throttle counts every request, so it too is the same for known and unknown addresses.
 */
export async function requestSignInLink(hearth: Hearth, email: string, origin: RequestOrigin): Promise<void> {
  const key = email.trim().toLowerCase();
  const now = hearth.clock.now();
  await hearth.database.db.transaction().execute(async (trx) => {
    const recent = await countRecentSignInRequests(trx, new Date(now.getTime() - SIGN_IN_WINDOW_MS), key, origin.ip);
    if (recent.byEmail >= MAX_LINKS_PER_EMAIL || recent.byIp >= MAX_LINKS_PER_IP) throw tooManyLinks();
    await recordSignInRequest(trx, key, origin.ip);
    for (const neighbour of await neighboursToSignIn(trx, key)) {
      const token = randomSecret();
      await insertSignInLink(trx, { tokenHash: digest(token), tenantId: neighbour.tenant_id, neighbourId: neighbour.id, expiresAt: new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000) });
      const compose = signInEmails[neighbour.language] ?? signInEmails.en!;
      const message = compose(neighbour.library_name, `${hearth.config.publicUrl}/neighbour/sign-in/${token}`);
      await hearth.mailer.compose(trx, { tenantId: neighbour.tenant_id, kind: 'neighbour_sign_in', confidential: true, to: neighbour.email!, ...message });
      await recordAudit(
        trx,
        { tenantId: neighbour.tenant_id, actorId: null, actorKind: 'public', actorLabel: null, ip: origin.ip },
        { action: 'good_neighbour.portal_link_sent', entityType: 'neighbour', entityId: neighbour.id },
      );
    }
  });
}

export interface NeighbourSignedIn {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  neighbour: { name: string };
}

/** Trades an emailed link, once and within its time, for a session. */
export async function startNeighbourSession(hearth: Hearth, token: string, origin: RequestOrigin): Promise<NeighbourSignedIn> {
  const now = hearth.clock.now();
  return hearth.database.db.transaction().execute(async (trx) => {
    const link = await lockSignInLink(trx, digest(token));
    if (!link) throw new AppError('link_invalid', 404, 'This sign-in link is not one we sent. Ask for a new one.');
    if (link.used_at) throw new AppError('link_used', 410, 'This sign-in link has already been used. Ask for a new one.');
    if (link.expires_at <= now) throw new AppError('link_expired', 410, `Sign-in links work for ${SIGN_IN_LINK_MINUTES} minutes and this one has expired. Ask for a new one.`);
    await markSignInLinkUsed(trx, link.token_hash, now);
    const sessionId = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(now.getTime() + NEIGHBOUR_SESSION_DAYS * 86_400_000);
    await insertNeighbourSession(trx, { idHash: digest(sessionId), tenantId: link.tenant_id, neighbourId: link.neighbour_id, csrfToken, expiresAt });
    const actor = neighbourActor({ tenantId: link.tenant_id, neighbourId: link.neighbour_id, name: link.name }, origin.ip);
    await recordAudit(trx, actor, { action: 'good_neighbour.portal_signed_in', entityType: 'neighbour', entityId: link.neighbour_id, details: { userAgent: origin.userAgent?.slice(0, 300) ?? null } });
    return { sessionId, csrfToken, expiresAt, neighbour: { name: link.name } };
  });
}

export async function endNeighbourSession(database: Database, neighbour: NeighbourPrincipal, ip: string | null) {
  await database.db.transaction().execute(async (trx) => {
    await deleteNeighbourSession(trx, neighbour.idHash);
    await recordAudit(trx, neighbourActor(neighbour, ip), { action: 'good_neighbour.portal_signed_out', entityType: 'neighbour', entityId: neighbour.neighbourId });
  });
}

export function setNeighbourCookie(request: FastifyRequest, reply: FastifyReply, signedIn: NeighbourSignedIn, now: Date) {
  reply.setCookie(NEIGHBOUR_COOKIE, signedIn.sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: Math.round((signedIn.expiresAt.getTime() - now.getTime()) / 1000),
  });
}

export function clearNeighbourCookie(reply: FastifyReply) {
  reply.clearCookie(NEIGHBOUR_COOKIE, { path: '/' });
}

/**
 * The portal's own sign-in check, for routes that are public to the staff access hook: a live
 * neighbour session from the cookie, and on writes the session's CSRF token in X-CSRF-Token.
 */
export function requireNeighbour(database: Database, clock: Clock): preHandlerAsyncHookHandler {
  return async (request) => {
    const sessionId = request.cookies[NEIGHBOUR_COOKIE];
    const row = sessionId ? await findNeighbourSession(database.db, digest(sessionId), clock.now()) : undefined;
    if (!row) throw signedOut();
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, row.csrf_token)) {
        throw new AppError('csrf_failed', 403, 'This change needs the X-CSRF-Token header from sign-in.');
      }
    }
    request.neighbour = { neighbourId: row.neighbour_id, tenantId: row.tenant_id, name: row.name, branchId: row.branch_id, csrfToken: row.csrf_token, idHash: row.id_hash, expiresAt: row.expires_at };
  };
}

/** The signed-in neighbour of a route guarded by requireNeighbour. */
export function neighbourOf(request: FastifyRequest): NeighbourPrincipal {
  if (!request.neighbour) throw signedOut();
  return request.neighbour;
}

export const PURGE_PORTAL_JOB = 'good-neighbour.purge-portal-sign-ins';

export function purgePortalSignInsJob(database: Database, clock: Clock): JobDefinition {
  return {
    name: PURGE_PORTAL_JOB,
    schedule: '23 * * * *',
    handler: async () => {
      const now = clock.now();
      await purgePortalSignIns(database.db, now, {
        linksBefore: new Date(now.getTime() - LINK_RETENTION_DAYS * 86_400_000),
        requestsBefore: new Date(now.getTime() - SIGN_IN_WINDOW_MS),
      });
    },
  };
}
