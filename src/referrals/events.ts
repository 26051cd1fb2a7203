import type { Queryable } from '../platform/database/database.ts';
import type { Caseworker } from './access.ts';
import type { ReferralEventKind, ReferralStatus } from './tables.ts';

export interface ReferralEventFields {
  kind: ReferralEventKind;
  fromStatus?: ReferralStatus | null;
  toStatus?: ReferralStatus | null;
  reason?: string | null;
  outcomeCode?: string | null;
  note?: string | null;
  at?: Date;
}

/** Adds to the timeline both sides of the referral see, and answers the row; `by` is null for Hearth's own runs (reminders). */
export async function recordReferralEvent(db: Queryable, tenantId: string, referralId: string, by: Caseworker | null, event: ReferralEventFields) {
  return db
    .insertInto('referral_events')
    .values({
      tenant_id: tenantId,
      referral_id: referralId,
      kind: event.kind,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      reason: event.reason ?? null,
      outcome_code: event.outcomeCode ?? null,
      note: event.note ?? null,
      organisation_id: by?.organisationId ?? null,
      actor_id: by?.actor.actorId ?? null,
      actor_name: by?.actor.actorLabel ?? 'Hearth',
      ...(event.at && { at: event.at }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
