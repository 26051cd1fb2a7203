import type { Actor } from '../platform/auth/principal.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import type { Role } from '../platform/auth/roles.ts';
import type { Db } from '../platform/database/database.ts';
import { insertStaff } from './store.ts';

export const DEMO_PASSWORD = 'hearth-demo-2026';
export const DEMO_ADMIN_EMAIL = 'admin@demo.hearth.example';

/** One account per role, all with the demo password, so every screen can be tried as its users see it. */
export async function loadStaffDemo(db: Db, actor: Actor, partnerOrganisationId: string) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const people: { name: string; email: string; role: Role; organisationId?: string }[] = [
    { name: 'Alex Morgan', email: DEMO_ADMIN_EMAIL, role: 'admin' },
    { name: 'Priya Shah', email: 'desk@demo.hearth.example', role: 'branch_staff' },
    { name: 'Tom Ellis', email: 'outreach@demo.hearth.example', role: 'outreach' },
    { name: 'Samira Haddad', email: 'programmes@demo.hearth.example', role: 'programme_leader' },
    { name: 'Grace Okafor', email: 'caseworker@demo.hearth.example', role: 'partner_caseworker', organisationId: partnerOrganisationId },
  ];
  for (const person of people) {
    await insertStaff(db, actor.tenantId, { ...person, organisationId: person.organisationId ?? null, passwordHash });
  }
}
