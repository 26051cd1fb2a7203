import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import { LIBRARY_ROLES } from '../platform/auth/roles.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, IsoDate, ListOf, Nullable, Uuid } from '../platform/http/schemas.ts';
import { addBranchClosure, branchCalendarDays, listBranchClosures, removeBranchClosure } from './closures.ts';
import { getLendingSettings, policyOverview, setPolicy, updateLendingSettings } from './policies.ts';

const Named = Type.Object({ id: Uuid, code: Type.String(), name: Type.String() });
const Count = (minimum: number, maximum: number, description: string) => Type.Integer({ minimum, maximum, description });

const rules = {
  loanDays: Count(1, 365, 'Days a loan lasts before it falls due'),
  renewalLimit: Count(0, 99, 'Renewals allowed per loan'),
  dailyFinePence: Count(0, 10_000, 'Fine per open day overdue, in pence'),
  fineCapPence: Count(0, 100_000, 'Most a single loan can be fined, in pence'),
  requestFeePence: Count(0, 10_000, 'Charge for placing a request, in pence'),
  loanLimit: Count(1, 999, 'Items of this type a member may have at once'),
  graceDays: Count(0, 60, 'Open days overdue before a fine starts'),
  advanceNoticeDays: Count(0, 60, 'Days before the due date that the advance notice goes out'),
};

const PolicySchema = Type.Object({ memberCategory: Named, itemType: Named, ...rules, updatedAt: Instant });

const settings = {
  finesBlockAbovePence: Count(0, 1_000_000, 'Unpaid fines above this stop a member borrowing, in pence'),
  holdShelfDays: Count(1, 60, 'Days a requested item waits on the hold shelf'),
  requestExpiryDays: Count(1, 1_000, 'Days after which an unfilled request lapses'),
  messageRetentionDays: Count(1, 3650, 'Days sent messages keep their bodies; after that only the fact that a message was sent is kept'),
};
const SettingsSchema = Type.Object({ ...settings, currency: Type.String({ description: 'ISO 4217 code for every amount in pence' }) });

const ClosureSchema = Type.Object({ date: IsoDate, reason: Nullable(Type.String()) });
const ClosureParams = Type.Object({ id: Uuid, date: IsoDate });

const libraryStaff = { access: LIBRARY_ROLES };
const admins = { access: ['admin'] as const };
const tags = ['policies'];

export function registerPolicyRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;

  app.get(
    '/api/policies',
    {
      config: libraryStaff,
      schema: {
        tags,
        summary: 'Lending rules by member category × item type, the service-wide settings, and the categories and item types rules can be set for',
        response: { 200: Type.Object({ items: Type.Array(PolicySchema), settings: SettingsSchema, memberCategories: Type.Array(Named), itemTypes: Type.Array(Named) }) },
      },
    },
    async (request) => policyOverview(db(), principalOf(request).tenantId),
  );
  app.put(
    '/api/policies',
    {
      config: admins,
      schema: { tags, summary: 'Set the rules for one member category and item type (audited with before and after)', body: Body({ memberCategoryId: Uuid, itemTypeId: Uuid, ...rules }), response: { 200: PolicySchema } },
    },
    async (request) => {
      const { memberCategoryId, itemTypeId, ...values } = request.body;
      return setPolicy(db(), actorFrom(request), { memberCategoryId, itemTypeId }, values);
    },
  );
  app.get(
    '/api/library-service/lending-settings',
    { config: libraryStaff, schema: { tags, summary: 'Lending settings for the whole library service', response: { 200: SettingsSchema } } },
    async (request) => getLendingSettings(db(), principalOf(request).tenantId),
  );
  app.patch(
    '/api/library-service/lending-settings',
    {
      config: admins,
      schema: {
        tags,
        summary: 'Change lending settings for the whole library service (audited with before and after)',
        body: Body({
          finesBlockAbovePence: Type.Optional(settings.finesBlockAbovePence),
          holdShelfDays: Type.Optional(settings.holdShelfDays),
          requestExpiryDays: Type.Optional(settings.requestExpiryDays),
          messageRetentionDays: Type.Optional(settings.messageRetentionDays),
        }),
        response: { 200: SettingsSchema },
      },
    },
    async (request) => updateLendingSettings(db(), actorFrom(request), request.body),
  );

  app.get(
    '/api/branches/:id/closures',
    {
      config: libraryStaff,
      schema: {
        tags,
        summary: 'Days a branch is closed beyond its weekly hours',
        params: IdParams,
        querystring: Type.Object({ from: Type.Optional(IsoDate) }, { additionalProperties: false }),
        response: { 200: ListOf(ClosureSchema) },
      },
    },
    async (request) => ({ items: await listBranchClosures(db(), principalOf(request).tenantId, request.params.id, request.query.from) }),
  );
  app.post(
    '/api/branches/:id/closures',
    {
      config: admins,
      schema: { tags, summary: 'Close a branch for a day; nothing falls due on it', params: IdParams, body: Body({ date: IsoDate, reason: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) }), response: { 201: ClosureSchema } },
    },
    async (request, reply) => reply.code(201).send(await addBranchClosure(db(), actorFrom(request), request.params.id, request.body)),
  );
  app.delete(
    '/api/branches/:id/closures/:date',
    { config: admins, schema: { tags, summary: 'Reopen a branch on a day it was to be closed', params: ClosureParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await removeBranchClosure(db(), actorFrom(request), request.params.id, request.params.date);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/branches/:id/calendar',
    {
      config: libraryStaff,
      schema: {
        tags,
        summary: 'Whether a branch is open on each day of a range (at most a year), by the rules due dates follow',
        params: IdParams,
        querystring: Type.Object({ from: IsoDate, to: IsoDate }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            from: IsoDate,
            to: IsoDate,
            days: Type.Array(Type.Object({ date: IsoDate, open: Type.Boolean(), closure: Nullable(Type.Object({ reason: Nullable(Type.String()) })) })),
          }),
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return { from, to, days: await branchCalendarDays(db(), principalOf(request).tenantId, request.params.id, from, to) };
    },
  );
}
