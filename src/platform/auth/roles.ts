export const ROLES = ['admin', 'branch_staff', 'outreach', 'programme_leader', 'partner_caseworker'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that work for the library service itself, as opposed to a partner organisation. */
export const LIBRARY_ROLES: readonly Role[] = ['admin', 'branch_staff', 'outreach', 'programme_leader'];
export const ALL_ROLES: readonly Role[] = ROLES;
