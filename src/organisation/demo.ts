import type { Actor } from '../platform/auth/principal.ts';
import type { Db } from '../platform/database/database.ts';
import { createBranch } from './branches.ts';
import { createOrganisation } from './organisations.ts';
import { addPartnershipMember, createPartnership } from './partnerships.ts';

const saturdayMorning = { weekday: 6, opens: '09:00', closes: '13:00' };
const weekdays = (opens: string, closes: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens, closes }));

/** Suffolk's branches where Chat and chill runs, and the Warm Handover partnership around them. */
export async function loadOrganisationDemo(db: Db, actor: Actor) {
  const branches = {
    ipswich: await createBranch(db, actor, { name: 'Ipswich County Library', code: 'IPS', address: 'Northgate Street, Ipswich IP1 3DE', openingHours: [...weekdays('09:00', '19:00'), { weekday: 6, opens: '09:00', closes: '17:00' }, { weekday: 7, opens: '11:00', closes: '15:00' }] }),
    haverhill: await createBranch(db, actor, { name: 'Haverhill Library', code: 'HAV', address: 'Camps Road, Haverhill CB9 8HB', openingHours: [...weekdays('09:30', '17:30'), saturdayMorning] }),
    lowestoft: await createBranch(db, actor, { name: 'Lowestoft Library', code: 'LOW', address: 'Clapham Road South, Lowestoft NR32 1DR' }),
    brandon: await createBranch(db, actor, { name: 'Brandon Library', code: 'BRA', address: 'Bridge Street, Brandon IP27 0AX', openingHours: [{ weekday: 2, opens: '10:00', closes: '17:00' }, { weekday: 4, opens: '10:00', closes: '17:00' }, { weekday: 5, opens: '10:00', closes: '17:00' }, saturdayMorning] }),
  };

  const organisations = {
    library: await createOrganisation(db, actor, { name: 'Suffolk Libraries', kind: 'library_service', email: 'help@libraries.demo.hearth.example', website: 'https://libraries.demo.hearth.example' }),
    council: await createOrganisation(db, actor, { name: 'Suffolk County Council Adult Social Care', kind: 'council', email: 'customer.first@council.demo.hearth.example', phone: '0808 800 4005', description: 'Assessments, support at home, carers’ support.' }),
    charity: await createOrganisation(db, actor, { name: 'Suffolk Refugee Support', kind: 'charity', email: 'info@refugee-support.demo.hearth.example', phone: '01473 400785', description: 'Advice, advocacy and English practice for refugees and asylum seekers.' }),
    health: await createOrganisation(db, actor, { name: 'Ipswich and East Suffolk Social Prescribing', kind: 'health', email: 'linkworkers@health.demo.hearth.example', description: 'Link workers who connect people with community support.' }),
  };

  const partnership = await createPartnership(db, actor, { name: 'Warm Handover Suffolk', description: 'Partners who refer people to each other so they tell their story once.' });
  for (const organisation of Object.values(organisations)) await addPartnershipMember(db, actor, partnership.id, organisation.id);

  return { branches, organisations, partnership };
}
