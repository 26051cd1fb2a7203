import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { HearthApp } from '../http/app-types.ts';
import { forbidden } from '../http/errors.ts';
import { Body, OneOf, IdParams, Instant, ListOf, NonEmpty, Nullable, Uuid } from '../http/schemas.ts';
import { findStaff } from '../../staff/store.ts';
import { actorFrom, principalOf, SESSION_COOKIE, SESSION_IDLE_MS } from './access.ts';
import { ALL_ROLES, ROLES } from './roles.ts';
import { digest } from './secrets.ts';
import { acceptInvitation, signIn, type SignedIn } from './sign-in.ts';
import { deleteSession } from './store.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './tokens.ts';

export const UserSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.String(),
  role: OneOf(ROLES),
  tenantId: Uuid,
  tenantName: Type.String(),
  organisationId: Nullable(Uuid),
});
const SignedInSchema = Type.Object({ user: UserSchema, csrfToken: Type.String() });
const RoleSchema = OneOf(ROLES);
const TokenSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  role: RoleSchema,
  createdAt: Instant,
  createdBy: Type.String(),
  lastUsedAt: Nullable(Instant),
  revokedAt: Nullable(Instant),
});

const origin = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn) {
  reply.setCookie(SESSION_COOKIE, signedIn.sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: SESSION_IDLE_MS / 1000,
  });
  return { user: signedIn.user, csrfToken: signedIn.csrfToken };
}

export function registerAuthRoutes(app: HearthApp) {
  const hearth = app.hearth;

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        description: 'Sets an HttpOnly session cookie. After repeated failures the answer is 429 for 15 minutes.',
        security: [],
        body: Body({ email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 1000 }) }),
        response: { 200: SignedInSchema },
      },
    },
    async (request, reply) => setSessionCookie(request, reply, await signIn(hearth, request.body.email, request.body.password, origin(request))),
  );

  app.post(
    '/api/auth/accept-invitation',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Choose a password from an invitation link, and sign in',
        security: [],
        body: Body({ token: NonEmpty(200), password: Type.String({ minLength: 1, maxLength: 1000 }) }),
        response: { 200: SignedInSchema },
      },
    },
    async (request, reply) => setSessionCookie(request, reply, await acceptInvitation(hearth, request.body.token, request.body.password, origin(request))),
  );

  app.post(
    '/api/auth/logout',
    { config: { access: ALL_ROLES }, schema: { tags: ['auth'], summary: 'Sign out of this session', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId) await deleteSession(hearth.database.db, digest(sessionId));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: ALL_ROLES },
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in',
        response: {
          200: Type.Object({
            user: UserSchema,
            csrfToken: Nullable(Type.String()),
            today: Type.String({ format: 'date', description: "The library's date, which the day's notices and due dates count from" }),
          }),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.kind === 'token') {
        const service = await hearth.database.db.selectFrom('library_services').select('name').where('id', '=', principal.tenantId).executeTakeFirstOrThrow();
        return { user: { id: principal.id, name: principal.name, email: '', role: principal.role, tenantId: principal.tenantId, tenantName: service.name, organisationId: principal.organisationId }, csrfToken: null, today: hearth.clock.today() };
      }
      const row = (await findStaff(hearth.database.db, principal.tenantId, principal.id))!;
      return {
        user: { id: row.id, name: row.name, email: row.email, role: row.role, tenantId: row.tenant_id, tenantName: row.tenant_name, organisationId: row.organisation_id },
        csrfToken: principal.csrfToken,
        today: hearth.clock.today(),
      };
    },
  );

  app.post(
    '/api/tokens',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for an integration',
        description: 'The token is in this response only. Send it as `Authorization: Bearer <token>`; it acts with the given role (default admin).',
        body: Body({ name: NonEmpty(100), role: Type.Optional(RoleSchema) }),
        response: { 201: Type.Intersect([TokenSchema, Type.Object({ token: Type.String() })]) },
      },
    },
    async (request, reply) => {
      const actor = actorFrom(request);
      if (actor.actorKind !== 'staff' || !actor.actorId) throw forbidden('API tokens are created by a signed-in administrator.');
      const created = await createApiToken(hearth.database.db, { ...actor, actorId: actor.actorId }, request.body.name, request.body.role ?? 'admin');
      return reply.code(201).send(created);
    },
  );

  app.get('/api/tokens', { config: { access: ['admin'] }, schema: { tags: ['auth'], summary: 'List API tokens (never their secrets)', response: { 200: ListOf(TokenSchema) } } }, async (request) => ({
    items: await listApiTokens(hearth.database.db, principalOf(request).tenantId),
  }));

  app.delete('/api/tokens/:id', { config: { access: ['admin'] }, schema: { tags: ['auth'], summary: 'Revoke an API token', params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await revokeApiToken(hearth.database.db, hearth.clock, actorFrom(request), request.params.id);
    return reply.code(204).send(null);
  });
}

