import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import { ALL_ROLES } from '../platform/auth/roles.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, OneOf, IdParams, Instant, ListOf, NonEmpty, Nullable, Uuid } from '../platform/http/schemas.ts';
import { ORGANISATION_KINDS } from './tables.ts';
import { createBranch, getBranch, listBranches, updateBranch } from './branches.ts';
import { createOrganisation, getOrganisation, listOrganisations, updateOrganisation } from './organisations.ts';
import { addPartnershipMember, createPartnership, getPartnership, listPartnerships, removePartnershipMember } from './partnerships.ts';

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: '24-hour time, HH:MM' });
const OpeningHoursSchema = Type.Array(
  Type.Object(
    { weekday: Type.Integer({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }), opens: Time, closes: Time },
    { additionalProperties: false },
  ),
  { maxItems: 7, description: 'A weekday with no entry is a closed day' },
);

const BranchSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  code: Nullable(Type.String()),
  address: Nullable(Type.String()),
  openingHours: OpeningHoursSchema,
  createdAt: Instant,
});

const branchFields = {
  code: Type.Optional(Nullable(Type.String({ maxLength: 20, pattern: '^[A-Za-z0-9-]+$' }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  openingHours: Type.Optional(OpeningHoursSchema),
};
const CreateBranchBody = Body({ name: NonEmpty(120), ...branchFields });
const UpdateBranchBody = Body({ name: Type.Optional(NonEmpty(120)), ...branchFields });

const OrganisationKindSchema = OneOf(ORGANISATION_KINDS);
const OrganisationSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  website: Nullable(Type.String()),
  description: Nullable(Type.String()),
  createdAt: Instant,
});
const organisationFields = {
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  website: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 500 }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
};
const CreateOrganisationBody = Body({ name: NonEmpty(200), kind: OrganisationKindSchema, ...organisationFields });
const UpdateOrganisationBody = Body({ name: Type.Optional(NonEmpty(200)), kind: Type.Optional(OrganisationKindSchema), ...organisationFields });

const PartnershipSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Nullable(Type.String()),
  members: Type.Array(Type.Object({ organisationId: Uuid, name: Type.String(), joinedAt: Instant })),
  createdAt: Instant,
});

const admins = { access: ['admin'] as const };
const anyStaff = { access: ALL_ROLES };

export function registerOrganisationRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;

  app.get('/api/branches', { config: anyStaff, schema: { tags: ['organisation'], summary: 'List branches with opening hours', response: { 200: ListOf(BranchSchema) } } }, async (request) => ({
    items: await listBranches(db(), principalOf(request).tenantId),
  }));
  app.get('/api/branches/:id', { config: anyStaff, schema: { tags: ['organisation'], summary: 'Read a branch', params: IdParams, response: { 200: BranchSchema } } }, async (request) =>
    getBranch(db(), principalOf(request).tenantId, request.params.id),
  );
  app.post('/api/branches', { config: admins, schema: { tags: ['organisation'], summary: 'Create a branch (open Monday to Saturday, 9 to 5, unless hours are given)', body: CreateBranchBody, response: { 201: BranchSchema } } }, async (request, reply) =>
    reply.code(201).send(await createBranch(db(), actorFrom(request), request.body)),
  );
  app.patch('/api/branches/:id', { config: admins, schema: { tags: ['organisation'], summary: 'Change a branch or its opening hours', params: IdParams, body: UpdateBranchBody, response: { 200: BranchSchema } } }, async (request) =>
    updateBranch(db(), actorFrom(request), request.params.id, request.body),
  );

  app.get('/api/organisations', { config: anyStaff, schema: { tags: ['organisation'], summary: 'List partner organisations', response: { 200: ListOf(OrganisationSchema) } } }, async (request) => ({
    items: await listOrganisations(db(), principalOf(request).tenantId),
  }));
  app.get('/api/organisations/:id', { config: anyStaff, schema: { tags: ['organisation'], summary: 'Read a partner organisation', params: IdParams, response: { 200: OrganisationSchema } } }, async (request) =>
    getOrganisation(db(), principalOf(request).tenantId, request.params.id),
  );
  app.post('/api/organisations', { config: admins, schema: { tags: ['organisation'], summary: 'Add a partner organisation', body: CreateOrganisationBody, response: { 201: OrganisationSchema } } }, async (request, reply) =>
    reply.code(201).send(await createOrganisation(db(), actorFrom(request), request.body)),
  );
  app.patch('/api/organisations/:id', { config: admins, schema: { tags: ['organisation'], summary: 'Change a partner organisation', params: IdParams, body: UpdateOrganisationBody, response: { 200: OrganisationSchema } } }, async (request) =>
    updateOrganisation(db(), actorFrom(request), request.params.id, request.body),
  );

  app.get('/api/partnerships', { config: anyStaff, schema: { tags: ['organisation'], summary: 'List partnerships and their member organisations', response: { 200: ListOf(PartnershipSchema) } } }, async (request) => ({
    items: await listPartnerships(db(), principalOf(request).tenantId),
  }));
  app.get('/api/partnerships/:id', { config: anyStaff, schema: { tags: ['organisation'], summary: 'Read a partnership', params: IdParams, response: { 200: PartnershipSchema } } }, async (request) =>
    getPartnership(db(), principalOf(request).tenantId, request.params.id),
  );
  app.post('/api/partnerships', { config: admins, schema: { tags: ['organisation'], summary: 'Create a partnership', body: Body({ name: NonEmpty(200), description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }), response: { 201: PartnershipSchema } } }, async (request, reply) =>
    reply.code(201).send(await createPartnership(db(), actorFrom(request), request.body)),
  );
  app.post('/api/partnerships/:id/members', { config: admins, schema: { tags: ['organisation'], summary: 'Add an organisation to a partnership', params: IdParams, body: Body({ organisationId: Uuid }), response: { 201: PartnershipSchema } } }, async (request, reply) =>
    reply.code(201).send(await addPartnershipMember(db(), actorFrom(request), request.params.id, request.body.organisationId)),
  );
  app.delete('/api/partnerships/:id/members/:organisationId', { config: admins, schema: { tags: ['organisation'], summary: 'Remove an organisation from a partnership', params: Type.Object({ id: Uuid, organisationId: Uuid }), response: { 204: Type.Null() } } }, async (request, reply) => {
    await removePartnershipMember(db(), actorFrom(request), request.params.id, request.params.organisationId);
    return reply.code(204).send(null);
  });
}
