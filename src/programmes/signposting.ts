import { sql } from 'kysely';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Actor } from '../platform/auth/principal.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { invalid, notFound } from '../platform/http/errors.ts';
import { requireParticipant, requireProgramme } from './participants.ts';
import type { SignpostingNeed } from './tables.ts';

export interface Signposting {
  id: string;
  programmeId: string;
  sessionId: string | null;
  need: SignpostingNeed;
  serviceName: string;
  /** Named only because she agreed. */
  participant: { id: string; preferredName: string } | null;
  note: string | null;
  recordedAt: Date;
  recordedBy: string | null;
}

export interface NewSignposting {
  need: SignpostingNeed;
  serviceName: string;
  participantId?: string;
  participantConsented?: boolean;
  note?: string | null;
}

export interface Period {
  from?: string;
  to?: string;
}

function signpostingQuery(db: Queryable, tenantId: string) {
  return db
    .selectFrom('signpostings as g')
    .leftJoin('participants as p', 'p.id', 'g.participant_id')
    .leftJoin('staff_users as rs', (join) => join.onRef('rs.id', '=', 'g.recorded_by').on('rs.tenant_id', '=', tenantId))
    .leftJoin('api_tokens as rt', (join) => join.onRef('rt.id', '=', 'g.recorded_by').on('rt.tenant_id', '=', tenantId))
    .select((eb) => ['g.id', 'g.programme_id', 'g.session_id', 'g.need', 'g.service_name', 'g.participant_id', 'p.preferred_name', 'g.note', 'g.recorded_at', eb.fn.coalesce('rs.name', 'rt.name').as('recorded_by_name')])
    .where('g.tenant_id', '=', tenantId);
}

type SignpostingRow = NonNullable<Awaited<ReturnType<ReturnType<typeof signpostingQuery>['executeTakeFirst']>>>;

const present = (row: SignpostingRow): Signposting => ({
  id: row.id,
  programmeId: row.programme_id,
  sessionId: row.session_id,
  need: row.need,
  serviceName: row.service_name,
  participant: row.participant_id && row.preferred_name ? { id: row.participant_id, preferredName: row.preferred_name } : null,
  note: row.note,
  recordedAt: row.recorded_at,
  recordedBy: row.recorded_by_name,
});

/**
 * Staff point someone at a session to a service. She is named only when she agreed to it;
 * otherwise the record says what was needed and where she was pointed, and nothing of who.
 */
export async function recordSignposting(db: Db, actor: Actor, sessionId: string, signposting: NewSignposting): Promise<Signposting> {
  if (signposting.participantId && signposting.participantConsented !== true) {
    throw invalid('consent_needed_to_name', 'She can be named only if she agrees; leave her out, or record that she consented.', [{ field: 'participantConsented', message: 'must be true to name her' }]);
  }
  return db.transaction().execute(async (trx) => {
    const session = await trx.selectFrom('sessions').select('programme_id').where('tenant_id', '=', actor.tenantId).where('id', '=', sessionId).where('status', '<>', 'withdrawn').executeTakeFirst();
    if (!session) throw notFound('The session');
    if (signposting.participantId) await requireParticipant(trx, actor.tenantId, signposting.participantId);
    const { id } = await trx
      .insertInto('signpostings')
      .values({
        tenant_id: actor.tenantId,
        programme_id: session.programme_id,
        session_id: sessionId,
        need: signposting.need,
        service_name: signposting.serviceName.trim(),
        service_id: null,
        participant_id: signposting.participantId ?? null,
        participant_consented: Boolean(signposting.participantId),
        note: signposting.note?.trim() || null,
        recorded_by: actor.actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'programme.signposting_recorded', entityType: 'signposting', entityId: id, details: { sessionId, need: signposting.need, named: Boolean(signposting.participantId) } });
    return present(await signpostingQuery(trx, actor.tenantId).where('g.id', '=', id).executeTakeFirstOrThrow());
  });
}

/** The programme's signpostings between two local dates (both included), latest first; audited, as some name a participant. */
export async function listSignpostings(db: Db, actor: Actor, programmeId: string, period: Period): Promise<Signposting[]> {
  await requireProgramme(db, actor.tenantId, programmeId);
  let query = signpostingQuery(db, actor.tenantId).innerJoin('library_services as ls', 'ls.id', 'g.tenant_id').where('g.programme_id', '=', programmeId);
  if (period.from) query = query.where(sql<boolean>`g.recorded_at >= (${period.from}::date::timestamp at time zone ls.time_zone)`);
  if (period.to) query = query.where(sql<boolean>`g.recorded_at < ((${period.to}::date + 1)::timestamp at time zone ls.time_zone)`);
  const rows = await query.orderBy('g.recorded_at', 'desc').orderBy('g.id').execute();
  await recordAudit(db, actor, { action: 'programme.signpostings_viewed', entityType: 'programme', entityId: programmeId, details: { count: rows.length, named: rows.filter((row) => row.participant_id).length } });
  return rows.map(present);
}

export async function deleteSignposting(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('signpostings').where('tenant_id', '=', actor.tenantId).where('id', '=', id).returning(['programme_id', 'need']).executeTakeFirst();
    if (!removed) throw notFound('The signposting');
    await recordAudit(trx, actor, { action: 'programme.signposting_deleted', entityType: 'signposting', entityId: id, details: { programmeId: removed.programme_id, need: removed.need } });
  });
}
