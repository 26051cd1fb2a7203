import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Actor } from '../platform/auth/principal.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { conflict, invalid, notFound } from '../platform/http/errors.ts';
import { requireParticipant, requireProgramme } from './participants.ts';

export interface Ambassador {
  id: string;
  programmeId: string;
  participantId: string;
  preferredName: string;
  languages: string[];
  inviteCode: string;
  inviteUrl: string;
  /** Participants who came through her invitation. */
  newcomersBrought: number;
  inviteOpens: number;
  promotedAt: Date;
  steppedDownAt: Date | null;
}

/** 12 random bytes: 16 URL-safe characters nobody can guess. */
const newInviteCode = () => randomBytes(12).toString('base64url');

export const inviteUrlOf = (publicUrl: string, code: string) => `${publicUrl}/public/invitations/${code}`;

function ambassadorQuery(db: Queryable, tenantId: string) {
  return db
    .selectFrom('ambassadors as a')
    .innerJoin('participants as p', 'p.id', 'a.participant_id')
    .select([
      'a.id',
      'a.programme_id',
      'a.participant_id',
      'a.invite_code',
      'a.invite_opens',
      'a.promoted_at',
      'a.stepped_down_at',
      'p.preferred_name',
      'p.languages',
      sql<number>`(select count(*) from participants n where n.invited_by_ambassador_id = a.id)`.as('newcomers_brought'),
    ])
    .where('a.tenant_id', '=', tenantId);
}

type AmbassadorRow = NonNullable<Awaited<ReturnType<ReturnType<typeof ambassadorQuery>['executeTakeFirst']>>>;

const present = (publicUrl: string) => (row: AmbassadorRow): Ambassador => ({
  id: row.id,
  programmeId: row.programme_id,
  participantId: row.participant_id,
  preferredName: row.preferred_name,
  languages: row.languages,
  inviteCode: row.invite_code,
  inviteUrl: inviteUrlOf(publicUrl, row.invite_code),
  newcomersBrought: Number(row.newcomers_brought),
  inviteOpens: row.invite_opens,
  promotedAt: row.promoted_at,
  steppedDownAt: row.stepped_down_at,
});

async function loadAmbassador(db: Queryable, tenantId: string, publicUrl: string, id: string) {
  const row = await ambassadorQuery(db, tenantId).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The ambassador');
  return present(publicUrl)(row);
}

async function hasAttended(db: Queryable, participantId: string, programmeId: string) {
  const row = await db
    .selectFrom('attendance as a')
    .innerJoin('sessions as s', 's.id', 'a.session_id')
    .select('a.session_id')
    .where('a.participant_id', '=', participantId)
    .where((eb) => eb.or([eb('s.programme_id', '=', programmeId), eb('s.joint_programme_id', '=', programmeId)]))
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Makes a participant of the programme an ambassador with a fresh invitation code. One who
 * stepped down before comes back under the same record, so the newcomers she brought still count.
 */
export async function promoteAmbassador(db: Db, actor: Actor, publicUrl: string, programmeId: string, participantId: string): Promise<Ambassador> {
  return db.transaction().execute(async (trx) => {
    await requireProgramme(trx, actor.tenantId, programmeId);
    await requireParticipant(trx, actor.tenantId, participantId);
    if (!(await hasAttended(trx, participantId, programmeId))) {
      throw invalid('not_a_participant', 'Only someone who has come to this programme can be its ambassador.', [{ field: 'participantId', message: 'has not come to this programme' }]);
    }
    const existing = await trx.selectFrom('ambassadors').select(['id', 'stepped_down_at']).where('tenant_id', '=', actor.tenantId).where('participant_id', '=', participantId).executeTakeFirst();
    if (existing && !existing.stepped_down_at) throw conflict('already_ambassador', 'She is already an ambassador.');
    const values = { programme_id: programmeId, invite_code: newInviteCode(), promoted_at: new Date(), promoted_by: actor.actorId, stepped_down_at: null };
    const { id } = existing
      ? await trx.updateTable('ambassadors').set(values).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()
      : await trx.insertInto('ambassadors').values({ ...values, tenant_id: actor.tenantId, participant_id: participantId }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'programme.ambassador_promoted', entityType: 'ambassador', entityId: id, details: { programmeId, participantId } });
    return loadAmbassador(trx, actor.tenantId, publicUrl, id);
  });
}

/** The programme's ambassadors now, with the newcomers each brought; names are shown, so the view is audited. */
export async function listAmbassadors(db: Db, actor: Actor, publicUrl: string, programmeId: string): Promise<Ambassador[]> {
  await requireProgramme(db, actor.tenantId, programmeId);
  const rows = await ambassadorQuery(db, actor.tenantId).where('a.programme_id', '=', programmeId).where('a.stepped_down_at', 'is', null).orderBy('a.promoted_at').orderBy('a.id').execute();
  await recordAudit(db, actor, { action: 'programme.ambassadors_viewed', entityType: 'programme', entityId: programmeId, details: { count: rows.length } });
  return rows.map(present(publicUrl));
}

/** She steps down: her invitation link stops working; newcomers she brought stay hers. */
export async function stepDownAmbassador(db: Db, actor: Actor, publicUrl: string, id: string): Promise<Ambassador> {
  return db.transaction().execute(async (trx) => {
    const stepped = await trx
      .updateTable('ambassadors')
      .set({ stepped_down_at: new Date() })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', id)
      .where('stepped_down_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!stepped) throw notFound('The ambassador');
    await recordAudit(trx, actor, { action: 'programme.ambassador_stepped_down', entityType: 'ambassador', entityId: id });
    return loadAmbassador(trx, actor.tenantId, publicUrl, id);
  });
}
