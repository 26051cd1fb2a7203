import { systemActor } from '../platform/auth/principal.ts';
import type { Db } from '../platform/database/database.ts';
import { createLibraryService } from '../organisation/library-services.ts';
import { loadOrganisationDemo } from '../organisation/demo.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, loadStaffDemo } from '../staff/demo.ts';
import { loadMembersDemo } from '../members/demo.ts';
import { loadCatalogueDemo } from '../catalogue/demo.ts';
import { loadCirculationDemo } from '../circulation/demo.ts';
import { loadGoodNeighbourDemo } from '../good-neighbour/demo.ts';
import { loadProgrammesDemo } from '../programmes/demo.ts';
import { loadDirectoryDemo } from '../directory/demo.ts';
import { loadReferralDemo } from '../referrals/demo.ts';

export const DEMO_SERVICE_NAME = 'Suffolk Libraries (demo)';
export const demoSignIn = { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD };

/** The demo library service: each module adds its part of Hearth's stories. */
/** Demo loans fall due around `today`, the server's calendar date (which HEARTH_TODAY may pin). */
export async function loadDemo(db: Db, today: string) {
  const service = await createLibraryService(db, { name: DEMO_SERVICE_NAME });
  const actor = systemActor(service.id, 'Demo data');
  const organisation = await loadOrganisationDemo(db, actor);
  await loadStaffDemo(db, actor, organisation.organisations.charity.id);
  const { members } = await loadMembersDemo(db, actor, organisation.branches);
  const records = await loadCatalogueDemo(db, actor, organisation.branches);
  await loadCirculationDemo(db, actor, { members, records, branches: organisation.branches, today });
  await loadGoodNeighbourDemo(db, actor, { members, records, branches: organisation.branches, today });
  await loadProgrammesDemo(db, actor, { branches: organisation.branches, organisations: organisation.organisations, today });
  await loadDirectoryDemo(db, actor, organisation);
  await loadReferralDemo(db, today, { ...organisation, actor });
  return { serviceId: service.id };
}
