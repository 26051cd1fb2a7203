import type { Role } from '../platform/auth/roles.ts';

/** Who shapes programmes: their text, branches, schedules, topics and resources. */
export const PROGRAMME_EDITORS: readonly Role[] = ['admin', 'programme_leader'];

/** Who helps run a session: the register, donations, signposting and ambassadors' outreach. */
export const SESSION_HELPERS: readonly Role[] = ['admin', 'programme_leader', 'outreach', 'branch_staff'];
