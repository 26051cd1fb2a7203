import { Type } from 'typebox';
import { actorFrom, principalOf } from '../auth/access.ts';
import type { HearthApp } from '../http/app-types.ts';
import { IdParams, Instant, Nullable, OneOf, Uuid } from '../http/schemas.ts';
import { getOutboxMessage, listOutbox, OUTBOX_STATUSES, retryAllFailed, retryOutboxMessage } from './outbox.ts';

const OutboxMessageSchema = Type.Object({
  id: Uuid,
  kind: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Nullable(Type.String()),
  confidential: Type.Boolean({ description: 'The body holds a secret such as a sign-in link; for readers other than admins it is left out' }),
  bodyWithheld: Type.Boolean({
    description: 'The body is left out for this reader (text empty, html null): a confidential message for anyone but admins, a circulation notice (it lists what a member borrows) for anyone but admins and branch staff',
  }),
  status: OneOf(OUTBOX_STATUSES, 'held: no SMTP configured; queued: waiting for delivery; sent; failed: every attempt failed'),
  attempts: Type.Integer({ description: 'Delivery attempts so far' }),
  lastError: Nullable(Type.String()),
  createdAt: Instant,
  sentAt: Nullable(Instant),
  bodyPurgedAt: Type.Union([Instant, Type.Null()], { description: "When the body of this sent message was blanked, after the library service's message retention period" }),
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
// Branch staff run the day's notices, so they put right what failed to go.
const senders = { access: ['admin', 'branch_staff'] as const };

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
      config: senders,
      schema: {
        tags: ['outbox'],
        summary: 'Queue a failed message for delivery again',
        description: 'Only a `failed` message can be retried (409 `not_retryable` otherwise); it gets a fresh set of delivery attempts.',
        params: IdParams,
        response: { 200: OutboxMessageSchema },
      },
    },
    async (request) => retryOutboxMessage(hearth.database.db, hearth.jobs, hearth.config.smtpUrl, actorFrom(request), principalOf(request).role, request.params.id),
  );

  app.post(
    '/api/outbox/retry-failed',
    {
      config: senders,
      schema: {
        tags: ['outbox'],
        summary: 'Queue every failed message for delivery again',
        description: 'Each `failed` message of the library service gets a fresh set of delivery attempts; answers how many. 409 `smtp_not_configured` when there is no SMTP server to send to.',
        response: { 200: Type.Object({ retried: Type.Integer({ description: 'Messages put back in the queue' }) }) },
      },
    },
    async (request) => retryAllFailed(hearth.database.db, hearth.jobs, hearth.config.smtpUrl, actorFrom(request)),
  );
}
