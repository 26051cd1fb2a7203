import type { Routing } from './routing.ts';

/** What the returns screen prints on a slip besides the routing itself. */
export interface Slip {
  /** Where the copy was checked in: where a transit slip sends it from. */
  from: { id: string; name: string };
  /** On a hold-shelf slip: the last day the copy waits. */
  holdUntil: string | null;
  /**
   * On a hold-shelf slip: who the copy waits for, as anyone passing the shelf may read it — the
   * initials of their name and the last four characters of their card, never the whole name.
   */
  memberInitials: string | null;
  cardNumberEnd: string | null;
}

/** The first letter of each word of a name, in capitals: "Amira Haddad" is "AH". */
export function initialsOf(name: string): string {
  return name
    .trim()
    .split(/[\s-]+/u)
    .map((word) => Array.from(word.replace(/^[^\p{L}]+/u, ''))[0] ?? '')
    .join('')
    .toLocaleUpperCase();
}

export const cardNumberEnd = (cardNumber: string) => cardNumber.trim().slice(-4);

export function slipFor(routing: Routing, from: Slip['from']): Slip {
  const held = routing.action === 'hold_shelf';
  return {
    from,
    holdUntil: held ? (routing.holdUntil ?? null) : null,
    memberInitials: held && routing.memberName ? initialsOf(routing.memberName) : null,
    cardNumberEnd: held && routing.memberCardNumber ? cardNumberEnd(routing.memberCardNumber) : null,
  };
}
