import type { Role } from '../auth/roles.ts';

/** The daily notice digest: lists what a member has borrowed, next to their address. */
export const CIRCULATION_NOTICE_KIND = 'circulation_notice';

/**
 * Whose outbox may show a message's body. A confidential body (a sign-in link) is for admins; a
 * body that says what a member borrows is for the staff who lend, not outreach or programme
 * leaders, who see only that it was sent.
 */
export function mayReadBody(reader: Role, message: { kind: string; confidential: boolean }): boolean {
  if (message.confidential) return reader === 'admin';
  if (message.kind === CIRCULATION_NOTICE_KIND) return reader === 'admin' || reader === 'branch_staff';
  return true;
}
