import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import { MIN_PASSWORD_LENGTH } from '../platform/auth/passwords.ts';
import { ROLES } from '../platform/auth/roles.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, OneOf, Email, IdParams, Instant, ListOf, NonEmpty, Nullable, Uuid } from '../platform/http/schemas.ts';
import { createStaff, listStaff, updateStaff } from './staff.ts';

const RoleSchema = OneOf(ROLES);
const StaffSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  organisationId: Nullable(Uuid),
  active: Type.Boolean(),
  invitationPending: Type.Boolean(),
  lastSignInAt: Nullable(Instant),
  createdAt: Instant,
});

const admins = { access: ['admin'] as const };

export function registerStaffRoutes(app: HearthApp) {
  const hearth = app.hearth;

  app.get(
    '/api/staff',
    {
      config: admins,
      schema: {
        tags: ['staff'],
        summary: 'List staff accounts',
        querystring: Type.Object({ includeInactive: Type.Boolean({ default: false }) }, { additionalProperties: false }),
        response: { 200: ListOf(StaffSchema) },
      },
    },
    async (request) => ({ items: await listStaff(hearth.database.db, principalOf(request).tenantId, request.query.includeInactive) }),
  );

  app.post(
    '/api/staff',
    {
      config: admins,
      schema: {
        tags: ['staff'],
        summary: 'Create a staff account',
        description: 'Without a password, the person is emailed a single-use link to choose one.',
        body: Body({
          name: NonEmpty(120),
          email: Email,
          role: RoleSchema,
          organisationId: Type.Optional(Nullable(Uuid)),
          password: Type.Optional(Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1000 })),
        }),
        response: { 201: StaffSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createStaff(hearth, actorFrom(request), request.body)),
  );

  app.patch(
    '/api/staff/:id',
    {
      config: admins,
      schema: {
        tags: ['staff'],
        summary: 'Rename, change role, move organisation, deactivate or reactivate',
        params: IdParams,
        body: Body({ name: Type.Optional(NonEmpty(120)), role: Type.Optional(RoleSchema), active: Type.Optional(Type.Boolean()), organisationId: Type.Optional(Nullable(Uuid)) }),
        response: { 200: StaffSchema },
      },
    },
    async (request) => updateStaff(hearth.database.db, actorFrom(request), request.params.id, request.body),
  );
}
