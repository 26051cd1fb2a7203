import type { preHandlerAsyncHookHandler } from 'fastify';
import { sql } from 'kysely';
import { countRecentAttempts } from '../platform/auth/store.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Actor } from '../platform/auth/principal.ts';
import type { Database, Db, Queryable } from '../platform/database/database.ts';
import { AppError } from '../platform/http/errors.ts';
import type { JobDefinition } from '../platform/jobs/jobs.ts';
import type { Clock } from '../platform/time/clock.ts';
import { checkEligibility, insertParticipant } from './participants.ts';

export interface Invitation {
  ambassadorId: string;
  tenantId: string;
  programmeId: string;
}

export interface InvitedNewcomer {
  preferredName: string;
  languages?: string[];
  contact?: string | null;
  wantsCancellationNotices?: boolean;
  noticeLanguage?: string;
  eligibilityConfirmed: boolean;
}

/** Responses through invitation links are counted over this window, by code and by network address. */
export const RESPONSE_WINDOW_MS = 15 * 60 * 1000;
/** Enough for a school gate or a community event where many women answer one card at once. */
export const MAX_RESPONSES_PER_CODE = 20;
export const MAX_RESPONSES_PER_IP = 30;

/** Codes are URL-safe base64; anything else cannot be one, and is not looked up. */
const CODE_SHAPE = /^[A-Za-z0-9_-]{10,64}$/;

export const invitationNotFound = () => new AppError('invitation_not_found', 404, 'This invitation link is not in use. Ask the person who gave it to you, or come along to the library.');

/**
 * The live invitation behind a code: an ambassador who has not stepped down, of an active
 * programme. Found by an update, which counts the open when asked and in any case holds her row,
 * so she cannot step down halfway through a newcomer's registration.
 */
async function liveInvitation(db: Queryable, code: string, countOpen: boolean): Promise<Invitation | null> {
  if (!CODE_SHAPE.test(code)) return null;
  const { rows } = await sql<{ id: string; tenant_id: string; programme_id: string }>`
    update ambassadors a set invite_opens = a.invite_opens + ${countOpen ? 1 : 0}
    from programmes p
    where p.id = a.programme_id and a.invite_code = ${code} and a.stepped_down_at is null and p.status = 'active'
    returning a.id, a.tenant_id, a.programme_id`.execute(db);
  const row = rows[0];
  return row ? { ambassadorId: row.id, tenantId: row.tenant_id, programmeId: row.programme_id } : null;
}

/** The invitation an ambassador's link carries, counting that it was opened; null once she steps down. */
export function findInvitation(db: Queryable, code: string): Promise<Invitation | null> {
  return liveInvitation(db, code, true);
}

/**
 * A newcomer answering an ambassador's invitation herself: she is recorded as invited by the
 * ambassador, with her consent given online, and is expected at the programme's next register.
 */
export async function registerInvitedNewcomer(db: Db, code: string, newcomer: InvitedNewcomer): Promise<{ participantId: string }> {
  return db.transaction().execute(async (trx) => {
    const invitation = await liveInvitation(trx, code, false);
    if (!invitation) throw invitationNotFound();
    const programme = await trx.selectFrom('programmes').select('women_only').where('id', '=', invitation.programmeId).executeTakeFirstOrThrow();
    checkEligibility(programme, newcomer.eligibilityConfirmed);
    const participantId = await insertParticipant(
      trx,
      invitation.tenantId,
      { ...newcomer, heardVia: 'ambassador', invitedByAmbassadorId: invitation.ambassadorId, consentMethod: 'online', consentRecordedBy: null, firstProgrammeId: invitation.programmeId },
      new Date(),
    );
    const actor: Actor = { tenantId: invitation.tenantId, actorId: null, actorKind: 'public', actorLabel: null, ip: null };
    await recordAudit(trx, actor, {
      action: 'programme.invited_newcomer_registered',
      entityType: 'participant',
      entityId: participantId,
      details: { ambassadorId: invitation.ambassadorId, programmeId: invitation.programmeId },
    });
    return { participantId };
  });
}

const tooManyResponses = () =>
  new AppError('too_many_responses', 429, 'Many people answered this invitation just now. Wait 15 minutes and try again.', {
    headers: { 'retry-after': String(RESPONSE_WINDOW_MS / 1000) },
  });

/**
 * Guards a public route that registers newcomers through `:code`: every attempt is logged, and
 * past the limits for the code or the network address the answer is 429 until the window passes,
 * so a link cannot be used to fill a programme with made-up people.
 */
export function throttleInvitationResponses(database: Database, clock: Clock): preHandlerAsyncHookHandler {
  return async (request) => {
    const { code } = request.params as { code: string };
    const since = new Date(clock.now().getTime() - RESPONSE_WINDOW_MS);
    const recent = await countRecentAttempts(database.db, 'invitation_responses', since, code, request.ip);
    if (recent.byEmail >= MAX_RESPONSES_PER_CODE || recent.byIp >= MAX_RESPONSES_PER_IP) throw tooManyResponses();
    await database.db.insertInto('invitation_responses').values({ email: code, ip: request.ip }).execute();
  };
}

export const PURGE_INVITATION_RESPONSES_JOB = 'programmes.purge-invitation-responses';

export function purgeInvitationResponsesJob(database: Database, clock: Clock): JobDefinition {
  return {
    name: PURGE_INVITATION_RESPONSES_JOB,
    schedule: '41 * * * *',
    handler: async () => {
      await database.db
        .deleteFrom('invitation_responses')
        .where('at', '<=', new Date(clock.now().getTime() - RESPONSE_WINDOW_MS))
        .execute();
    },
  };
}
