import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import { LIBRARY_ROLES } from '../platform/auth/roles.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, Email, IdParams, Instant, IsoDate, ListOf, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { createMemberCategory, listMemberCategories } from './categories.ts';
import { createMember, searchMembers, updateMember, viewMember, viewMemberByCard } from './members.ts';
import { MEMBER_STATUSES, NOTICE_CHANNELS } from './tables.ts';
import { NOTICE_LANGUAGES } from '../notices/languages.ts';

const MemberSchema = Type.Object({
  id: Uuid,
  cardNumber: Type.String(),
  name: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  address: Nullable(Type.String()),
  preferredChannel: OneOf(NOTICE_CHANNELS),
  language: Type.String({ description: 'BCP 47 language tag for notices' }),
  homeBranch: Type.Object({ id: Uuid, name: Type.String() }),
  category: Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }),
  status: OneOf(MEMBER_STATUSES),
  blockedReason: Nullable(Type.String()),
  expiresOn: Nullable(IsoDate),
  keepsHistory: Type.Boolean({ description: 'The member has agreed that returned loans stay on their record' }),
  historyConsentAt: Nullable(Instant),
  advanceNotices: Type.Boolean(),
  createdAt: Instant,
});

const CategorySchema = Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), createdAt: Instant });

const CardNumber = Type.String({ minLength: 4, maxLength: 32, pattern: '^[A-Za-z0-9-]+$', description: 'Letters, digits and hyphens' });

const memberFields = {
  email: Type.Optional(Nullable(Email)),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  preferredChannel: Type.Optional(OneOf(NOTICE_CHANNELS, 'How notices reach the member')),
  language: Type.Optional(
    Type.String({
      minLength: 2,
      maxLength: 35,
      description: `BCP 47 language tag of a language notices are written in: ${NOTICE_LANGUAGES.join(', ')}. Any other is refused with 422 \`notice_language_unsupported\`, unless it is the member's language already.`,
    }),
  ),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'A member category id or code; `adult` by default' })),
  status: Type.Optional(OneOf(MEMBER_STATUSES)),
  blockedReason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  expiresOn: Type.Optional(Nullable(IsoDate)),
  keepsHistory: Type.Optional(Type.Boolean({ description: 'Consent to keep a reading history; false by default' })),
  advanceNotices: Type.Optional(Type.Boolean({ description: 'Notices before items fall due; true by default' })),
  cardNumber: Type.Optional(CardNumber),
};

const CreateMemberBody = Body(
  { name: NonEmpty(200), homeBranchId: Uuid, ...memberFields },
  'Only the name and home branch are needed; without a card number a numbered card with a Luhn check digit is generated.',
);
const UpdateMemberBody = Body({ name: Type.Optional(NonEmpty(200)), homeBranchId: Type.Optional(Uuid), ...memberFields });

const libraryStaff = { access: LIBRARY_ROLES };
const memberEditors = { access: ['admin', 'branch_staff', 'outreach'] as const };
const admins = { access: ['admin'] as const };
const tags = ['members'];

export function registerMemberRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;

  app.get(
    '/api/members',
    {
      config: libraryStaff,
      schema: {
        tags,
        summary: 'Find members by card number (exact), name or email (contains; case and accents ignored)',
        querystring: Type.Object({ q: NonEmpty(200) }, { additionalProperties: false }),
        response: { 200: ListOf(MemberSchema) },
      },
    },
    async (request) => ({ items: await searchMembers(db(), principalOf(request).tenantId, request.query.q) }),
  );
  app.get(
    '/api/members/by-card/:cardNumber',
    { config: libraryStaff, schema: { tags, summary: 'Read the member holding a card (the view is audited)', params: Type.Object({ cardNumber: Type.String({ minLength: 1, maxLength: 32 }) }), response: { 200: MemberSchema } } },
    async (request) => viewMemberByCard(db(), actorFrom(request), request.params.cardNumber),
  );
  app.get(
    '/api/members/:id',
    { config: libraryStaff, schema: { tags, summary: 'Read a member (the view is audited)', params: IdParams, response: { 200: MemberSchema } } },
    async (request) => viewMember(db(), actorFrom(request), request.params.id),
  );
  app.post(
    '/api/members',
    { config: memberEditors, schema: { tags, summary: 'Register a member', body: CreateMemberBody, response: { 201: MemberSchema } } },
    async (request, reply) => reply.code(201).send(await createMember(db(), actorFrom(request), request.body)),
  );
  app.patch(
    '/api/members/:id',
    { config: memberEditors, schema: { tags, summary: 'Change a member’s details, status or consents (audited with a field diff)', params: IdParams, body: UpdateMemberBody, response: { 200: MemberSchema } } },
    async (request) => updateMember(db(), actorFrom(request), request.params.id, request.body),
  );

  app.get(
    '/api/member-categories',
    { config: libraryStaff, schema: { tags, summary: 'List member categories', response: { 200: ListOf(CategorySchema) } } },
    async (request) => ({ items: await listMemberCategories(db(), principalOf(request).tenantId) }),
  );
  app.post(
    '/api/member-categories',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Add a member category (it lends nothing until a policy is set for it)',
        body: Body({ code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }), name: NonEmpty(120) }),
        response: { 201: CategorySchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createMemberCategory(db(), actorFrom(request), request.body)),
  );
}
