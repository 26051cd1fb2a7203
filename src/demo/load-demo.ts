import { systemActor } from '../platform/auth/principal.ts';
import type { Db } from '../platform/database/database.ts';
import { createLibraryService } from '../organisation/library-services.ts';
import { loadOrganisationDemo } from '../organisation/demo.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, loadStaffDemo } from '../staff/demo.ts';
import { loadMembersDemo } from '../members/demo.ts';
import { loadCatalogueDemo } from '../catalogue/demo.ts';
import { loadCirculationDemo } from '../circulation/demo.ts';
import { loadConfig } from '../platform/config.ts';
import { systemClock } from '../platform/time/clock.ts';

export const DEMO_SERVICE_NAME = 'Suffolk Libraries (demo)';
export const demoSignIn = { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD };

/** The demo library service: each module adds its part of Hearth's stories. */
export async function loadDemo(db: Db) {
  const service = await createLibraryService(db, { name: DEMO_SERVICE_NAME });
  const actor = systemActor(service.id, 'Demo data');
  const organisation = await loadOrganisationDemo(db, actor);
  await loadStaffDemo(db, actor, organisation.organisations.charity.id);
  const { members } = await loadMembersDemo(db, actor, organisation.branches);
  const records = await loadCatalogueDemo(db, actor, organisation.branches);
  // Demo loans fall due around the server's today, which HEARTH_TODAY may pin.
  const today = systemClock(loadConfig().today).today();
  await loadCirculationDemo(db, actor, { members, records, branches: organisation.branches, today });
  return { serviceId: service.id };
}
