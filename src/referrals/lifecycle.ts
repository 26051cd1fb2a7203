import type { Side } from './access.ts';
import { CLOSED_STATUSES, type ReferralStatus } from './tables.ts';

/**
 * The HL7 FHIR SDOH referral Task's lifecycle: the receiver answers and works the referral
 * (requested → accepted | rejected, accepted → in progress ⇄ on hold → completed | failed), the
 * sender may cancel it at any open point. Work starts before it can end, so an accepted referral
 * goes to in progress first. Closed states go nowhere.
 */
const RECEIVER_MOVES: Record<ReferralStatus, readonly ReferralStatus[]> = {
  requested: ['accepted', 'rejected'],
  accepted: ['in_progress'],
  in_progress: ['on_hold', 'completed', 'failed'],
  on_hold: ['in_progress', 'completed', 'failed'],
  rejected: [],
  completed: [],
  failed: [],
  cancelled: [],
};

/** How a finished referral ended, for both sides' records and the partnership's figures. */
export const OUTCOME_CODES = ['service_provided', 'partly_provided', 'signposted_elsewhere', 'person_declined', 'could_not_contact', 'not_eligible', 'need_met_elsewhere', 'other'] as const;
export type OutcomeCode = (typeof OUTCOME_CODES)[number];

export const isClosed = (status: ReferralStatus) => CLOSED_STATUSES.includes(status);

/** The states this side may move the referral to next. */
export function allowedTransitions(status: ReferralStatus, side: Side): ReferralStatus[] {
  if (side === 'sender') return isClosed(status) ? [] : ['cancelled'];
  return [...RECEIVER_MOVES[status]];
}

/** Whether any side could move from one state to the other: a move outside the lifecycle is a conflict (409). */
export function isTransition(from: ReferralStatus, to: ReferralStatus): boolean {
  return (to === 'cancelled' && !isClosed(from)) || RECEIVER_MOVES[from].includes(to);
}

/** What a move must carry: a reason to reject or cancel, an outcome to complete or fail. */
export function requirementOf(to: ReferralStatus): 'reason' | 'outcome' | null {
  if (to === 'rejected' || to === 'cancelled') return 'reason';
  if (to === 'completed' || to === 'failed') return 'outcome';
  return null;
}

/** Which side makes a move: only the sender cancels, the receiver makes every other move. */
export const sideThatMoves = (to: ReferralStatus): Side => (to === 'cancelled' ? 'sender' : 'receiver');
