import { Type } from 'typebox';
import type { HearthApp } from '../http/app-types.ts';
import { principalOf } from '../auth/access.ts';
import { Instant, IsoDate, Nullable } from '../http/schemas.ts';
import { queryAuditLog } from './store.ts';

const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 100, description: 'Matches actions that start with this, e.g. `staff.`' })),
    entityType: Type.Optional(Type.String({ maxLength: 100 })),
    entityId: Type.Optional(Type.String({ maxLength: 100 })),
    actorId: Type.Optional(Type.String({ format: 'uuid' })),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Return entries older than this id (from nextBefore)' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  },
  { additionalProperties: false },
);

const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Instant,
  actor: Nullable(Type.Object({ id: Nullable(Type.String()), kind: Type.String(), name: Nullable(Type.String()) })),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export function registerAuditRoutes(app: HearthApp) {
  app.get(
    '/api/audit',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: 'Read the audit log, newest first',
        querystring: AuditQuery,
        response: { 200: Type.Object({ items: Type.Array(AuditEntrySchema), nextBefore: Nullable(Type.Integer()) }) },
      },
    },
    async (request) => {
      const { rows, nextBefore } = await queryAuditLog(app.hearth.database.db, principalOf(request).tenantId, request.query);
      return {
        items: rows.map((row) => ({
          id: row.id,
          at: row.at.toISOString(),
          actor: { id: row.actor_id, kind: row.actor_kind, name: row.actor_label },
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          ip: row.ip,
          details: row.details,
        })),
        nextBefore,
      };
    },
  );
}
