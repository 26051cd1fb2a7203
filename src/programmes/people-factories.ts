import { randomBytes } from 'node:crypto';
import type { Queryable } from '../platform/database/database.ts';
import { makeParticipant, makeProgrammeAtBranch, makeSession } from './factories.ts';

/**
 * Rows for the people side's tests (attendance, ambassadors, topics), inserted directly so a test
 * can start from a programme with a history of sessions.
 */

export async function markPresent(db: Queryable, tenantId: string, sessionId: string, participantId: string) {
  await db.insertInto('attendance').values({ session_id: sessionId, participant_id: participantId, tenant_id: tenantId, recorded_by: null }).execute();
}

export async function makeAmbassador(db: Queryable, tenantId: string, fields: { programmeId: string; participantId: string; code?: string }) {
  return db
    .insertInto('ambassadors')
    .values({ tenant_id: tenantId, programme_id: fields.programmeId, participant_id: fields.participantId, invite_code: fields.code ?? randomBytes(9).toString('base64url'), promoted_by: null, stepped_down_at: null })
    .returning(['id', 'invite_code'])
    .executeTakeFirstOrThrow();
}

export async function makeTopic(db: Queryable, tenantId: string, name = `Topic ${randomBytes(4).toString('hex')}`) {
  return db.insertInto('skill_topics').values({ tenant_id: tenantId, name, description: null }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

/** A session `daysFromNow` days from now (negative: in the past), at 10:00 UTC. */
export function dayAt(daysFromNow: number) {
  const day = new Date();
  day.setUTCHours(10, 0, 0, 0);
  return new Date(day.getTime() + daysFromNow * 86_400_000);
}

/**
 * A programme at a branch with sessions on the given days from now, and a participant who came to
 * the first of them.
 */
export async function makeProgrammeWithSessions(db: Queryable, tenantId: string, days: number[], fields: { womenOnly?: boolean; name?: string } = {}) {
  const { programme, branch } = await makeProgrammeAtBranch(db, tenantId, fields);
  const sessions = [];
  for (const day of days) sessions.push(await makeSession(db, tenantId, { programmeId: programme.id, branchId: branch.id, startsAt: dayAt(day) }));
  const regular = await makeParticipant(db, tenantId, { preferredName: `Regular ${randomBytes(3).toString('hex')}` });
  await markPresent(db, tenantId, sessions[0]!.id, regular.id);
  return { programme, branch, sessions, regular };
}
