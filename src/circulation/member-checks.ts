import { conflict } from '../platform/http/errors.ts';
import type { MemberRow } from './store.ts';

/** A blocked or lapsed member may not borrow or renew until staff sort it out. */
export function assertMemberMayBorrow(member: Pick<MemberRow, 'status' | 'blocked_reason' | 'expires_on'>, today: string) {
  if (member.status === 'blocked') {
    throw conflict('member_blocked', member.blocked_reason ? `This member is blocked: ${member.blocked_reason}` : 'This member is blocked from borrowing.');
  }
  if (member.status === 'expired' || (member.expires_on !== null && member.expires_on < today)) {
    throw conflict('member_expired', "This member's membership has expired; renew it before lending.");
  }
}
