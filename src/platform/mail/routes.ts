import { Type } from 'typebox';
import { actorFrom, principalOf } from '../auth/access.ts';
import type { HearthApp } from '../http/app-types.ts';
import { IdParams, Instant, Nullable, OneOf, Uuid } from '../http/schemas.ts';
import { getOutboxMessage, listOutbox, OUTBOX_STATUSES, retryOutboxMessage } from './outbox.ts';

const OutboxMessageSchema = Type.Object({
  id: Uuid,
  kind: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Nullable(Type.String()),
  confidential: Type.Boolean({ description: 'The body holds a secret such as a sign-in link; for readers other than admins it is left out' }),
  status: OneOf(OUTBOX_STATUSES, 'held: no SMTP configured; queued: waiting for delivery; sent; failed: every attempt failed'),
  attempts: Type.Integer({ description: 'Delivery attempts so far' }),
  lastError: Nullable(Type.String()),
  createdAt: Instant,
  sentAt: Nullable(Instant),
});

const OutboxQuery = Type.Object(
  {
    status: Type.Optional(OneOf(OUTBOX_STATUSES)),
    kind: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. `staff_invitation`' })),
    to: Type.Optional(Type.String({ maxLength: 254, description: 'Recipient address, any letter case' })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Return messages older than this position (from nextBefore)' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

const readers = { access: ['admin', 'branch_staff', 'outreach', 'programme_leader'] as const };
const admins = { access: ['admin'] as const };

export function registerOutboxRoutes(app: HearthApp) {
  const hearth = app.hearth;

  app.get(
    '/api/outbox',
    {
      config: readers,
      schema: {
        tags: ['outbox'],
        summary: 'Messages Hearth has composed, newest first, with their delivery status',
        querystring: OutboxQuery,
        response: { 200: Type.Object({ items: Type.Array(OutboxMessageSchema), nextBefore: Nullable(Type.Integer()) }) },
      },
    },
    async (request) => {
      const { tenantId, role } = principalOf(request);
      return listOutbox(hearth.database.db, tenantId, role, request.query);
    },
  );

  app.get(
    '/api/outbox/:id',
    { config: readers, schema: { tags: ['outbox'], summary: 'Read one message', params: IdParams, response: { 200: OutboxMessageSchema } } },
    async (request) => {
      const { tenantId, role } = principalOf(request);
      return getOutboxMessage(hearth.database.db, tenantId, role, request.params.id);
    },
  );

  app.post(
    '/api/outbox/:id/retry',
    {
      config: admins,
      schema: {
        tags: ['outbox'],
        summary: 'Queue a failed message for delivery again',
        description: 'Only a `failed` message can be retried (409 `not_retryable` otherwise); it gets a fresh set of delivery attempts.',
        params: IdParams,
        response: { 200: OutboxMessageSchema },
      },
    },
    async (request) => retryOutboxMessage(hearth.database.db, hearth.jobs, hearth.config.smtpUrl, actorFrom(request), request.params.id),
  );
}
