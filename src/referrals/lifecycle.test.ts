import { describe, expect, it } from 'vitest';
import { allowedTransitions, isTransition, requirementOf, sideThatMoves } from './lifecycle.ts';
import { REFERRAL_STATUSES } from './tables.ts';

describe('the referral lifecycle (FHIR SDOH Task states)', () => {
  it('lets the receiver accept or reject a new referral, and the sender only cancel it', () => {
    expect(allowedTransitions('requested', 'receiver')).toEqual(['accepted', 'rejected']);
    expect(allowedTransitions('requested', 'sender')).toEqual(['cancelled']);
  });

  it('starts the work from accepted, moves between in progress and on hold both ways, and on to completed or failed', () => {
    expect(isTransition('in_progress', 'on_hold')).toBe(true);
    expect(isTransition('on_hold', 'in_progress')).toBe(true);
    expect(isTransition('on_hold', 'completed')).toBe(true);
    expect(isTransition('accepted', 'in_progress')).toBe(true);
    expect(isTransition('accepted', 'failed')).toBe(false);
    expect(isTransition('accepted', 'completed')).toBe(false);
    expect(isTransition('accepted', 'on_hold')).toBe(false);
  });

  it('goes nowhere from a closed state, for either side', () => {
    for (const closed of ['rejected', 'completed', 'failed', 'cancelled'] as const) {
      expect(allowedTransitions(closed, 'receiver')).toEqual([]);
      expect(allowedTransitions(closed, 'sender')).toEqual([]);
      for (const to of REFERRAL_STATUSES) expect(isTransition(closed, to)).toBe(false);
    }
  });

  it('refuses moves that skip the answer or go back', () => {
    expect(isTransition('requested', 'in_progress')).toBe(false);
    expect(isTransition('requested', 'completed')).toBe(false);
    expect(isTransition('in_progress', 'accepted')).toBe(false);
    expect(isTransition('accepted', 'rejected')).toBe(false);
  });

  it('asks a reason to reject or cancel and an outcome to complete or fail', () => {
    expect(requirementOf('rejected')).toBe('reason');
    expect(requirementOf('cancelled')).toBe('reason');
    expect(requirementOf('completed')).toBe('outcome');
    expect(requirementOf('failed')).toBe('outcome');
    expect(requirementOf('accepted')).toBeNull();
  });

  it('leaves cancelling to the sender and every other move to the receiver', () => {
    expect(sideThatMoves('cancelled')).toBe('sender');
    for (const to of ['accepted', 'rejected', 'in_progress', 'on_hold', 'completed', 'failed'] as const) expect(sideThatMoves(to)).toBe('receiver');
  });
});
