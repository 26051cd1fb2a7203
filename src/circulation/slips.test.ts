import { describe, expect, it } from 'vitest';
import { cardNumberEnd, initialsOf, slipFor } from './slips.ts';

const here = { id: 'b1', name: 'Haverhill Library' };

describe('routing slips', () => {
  it('shows initials, never the whole name', () => {
    expect(initialsOf('Amira Haddad')).toBe('AH');
    expect(initialsOf('  jean-paul  sartre ')).toBe('JPS');
    expect(initialsOf("Siobhán O'Neill")).toBe('SO');
    expect(initialsOf('أميرة حداد')).toBe('أح');
    expect(initialsOf('')).toBe('');
  });

  it('shows the last four characters of the card', () => {
    expect(cardNumberEnd('2900012345678')).toBe('5678');
    expect(cardNumberEnd('12')).toBe('12');
  });

  it('puts the hold-until date and the member on a hold-shelf slip only', () => {
    const held = slipFor(
      { action: 'hold_shelf', branch: here, requestId: 'r1', memberName: 'Amira Haddad', holdUntil: '2026-12-08', memberCardNumber: '2900012345678' },
      here,
    );
    expect(held).toEqual({ from: here, holdUntil: '2026-12-08', memberInitials: 'AH', cardNumberEnd: '5678' });
    const sent = slipFor({ action: 'transit', branch: { id: 'b2', name: 'Brandon Library' }, requestId: null }, here);
    expect(sent).toEqual({ from: here, holdUntil: null, memberInitials: null, cardNumberEnd: null });
  });
});
