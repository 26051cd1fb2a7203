import { randomUUID } from 'node:crypto';
import type { Queryable } from '../platform/database/database.ts';
import { makeBranch } from '../circulation/factories.ts';

/**
 * Rows for tests across the programmes module, inserted directly so each test can start from a
 * programme, a branch and a session without going through the editor.
 */

export async function makeProgramme(db: Queryable, tenantId: string, fields: { name?: string; womenOnly?: boolean; branchIds?: string[]; shared?: boolean } = {}) {
  const programme = await db
    .insertInto('programmes')
    .values({
      tenant_id: tenantId,
      name: fields.name ?? `Programme ${randomUUID().slice(0, 8)}`,
      description: 'An informal group.',
      women_only: fields.womenOnly ?? false,
      shared: fields.shared ?? false,
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  for (const branchId of fields.branchIds ?? []) {
    await db.insertInto('programme_branches').values({ programme_id: programme.id, branch_id: branchId, tenant_id: tenantId }).execute();
  }
  return programme;
}

/** A programme running at a new branch. */
export async function makeProgrammeAtBranch(db: Queryable, tenantId: string, fields: { name?: string; womenOnly?: boolean } = {}) {
  const branch = await makeBranch(db, tenantId);
  const programme = await makeProgramme(db, tenantId, { ...fields, branchIds: [branch.id] });
  return { programme, branch };
}

/** A one-off session of an hour and a half, starting at `startsAt`. */
export async function makeSession(db: Queryable, tenantId: string, fields: { programmeId: string; branchId: string; startsAt: Date; minutes?: number; jointProgrammeId?: string }) {
  return db
    .insertInto('sessions')
    .values({
      tenant_id: tenantId,
      programme_id: fields.programmeId,
      joint_programme_id: fields.jointProgrammeId ?? null,
      branch_id: fields.branchId,
      schedule_id: null,
      occurrence_date: null,
      starts_at: fields.startsAt,
      ends_at: new Date(fields.startsAt.getTime() + (fields.minutes ?? 90) * 60_000),
      room: null,
      facilitator: null,
      capacity: null,
      topic: null,
      cancellation_reason: null,
      cancelled_at: null,
    })
    .returning(['id', 'starts_at', 'ends_at'])
    .executeTakeFirstOrThrow();
}

/** A participant who gave verbal consent and ticked the eligibility box. */
export async function makeParticipant(db: Queryable, tenantId: string, fields: { preferredName?: string; languages?: string[]; contact?: string; wantsCancellationNotices?: boolean; noticeLanguage?: string } = {}) {
  return db
    .insertInto('participants')
    .values({
      tenant_id: tenantId,
      preferred_name: fields.preferredName ?? `Amal ${randomUUID().slice(0, 4)}`,
      languages: fields.languages ?? ['ar'],
      heard_via: 'walk_in',
      invited_by_ambassador_id: null,
      contact: fields.contact ?? null,
      wants_cancellation_notices: fields.wantsCancellationNotices ?? false,
      notice_language: fields.noticeLanguage ?? 'en',
      eligibility_confirmed: true,
      consent_method: 'verbal',
      consent_given_at: new Date(),
      consent_recorded_by: null,
      first_programme_id: null,
    })
    .returning(['id', 'preferred_name'])
    .executeTakeFirstOrThrow();
}
