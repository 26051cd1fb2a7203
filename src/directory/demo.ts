import type { Actor } from '../platform/auth/principal.ts';
import type { Db } from '../platform/database/database.ts';
import type { Editor } from './access.ts';
import { acceptAgreement, publishAgreement } from './agreements.ts';
import { createService, type NewService } from './services.ts';
import { addTerm, createTaxonomy } from './taxonomies.ts';

interface DirectoryDemoInput {
  organisations: Record<'library' | 'council' | 'charity' | 'health', { id: string }>;
  partnership: { id: string };
}

const NEEDS = [
  { code: 'care', name: 'Care and support at home', children: [{ code: 'carers', name: 'Support for carers' }] },
  { code: 'health', name: 'Health', children: [{ code: 'mental-health', name: 'Mental health and wellbeing' }] },
  { code: 'money', name: 'Money and benefits', children: [] },
  { code: 'language', name: 'Learning English', children: [] },
  { code: 'refugees', name: 'Refugees and asylum seekers', children: [] },
  { code: 'social', name: 'Friendship and social connection', children: [] },
  { code: 'reading', name: 'Books and reading at home', children: [] },
] as const;

type NeedCode = (typeof NEEDS)[number]['code'] | 'carers' | 'mental-health';

const AGREEMENT = `Warm Handover Suffolk: data-sharing agreement

1. We refer a person only with their consent to each named organisation, or on a recorded safeguarding basis.
2. We share only what the receiving service needs to help, and the person's story as they told it.
3. Only caseworkers of the sending and the receiving organisation see a referral; every view is recorded.
4. We tell the sender what happened, and we answer within the response time our directory entry states.
5. We keep referral records for as long as this partnership's retention period and then delete them.
6. A person may ask any of us what we hold about them, who has seen it, and to have it erased.`;

/**
 * The Warm Handover Suffolk directory: a needs taxonomy, and services listed by the council team,
 * the refugee charity, the social prescribing service and the library itself, each saying whether
 * it takes referrals now and how soon it answers; every partner has accepted the data-sharing agreement.
 */
export async function loadDirectoryDemo(db: Db, actor: Actor, input: DirectoryDemoInput) {
  const { organisations, partnership } = input;
  const needs = await loadNeeds(db, actor);
  const staff: Editor = { actor, confinedTo: null };
  for (const service of demoServices(organisations, needs)) await createService(db, staff, service);

  const agreement = await publishAgreement(db, actor, partnership.id, { version: '2026.1', body: AGREEMENT });
  for (const organisation of Object.values(organisations)) await acceptAgreement(db, staff, partnership.id, agreement.id, organisation.id);
}

async function loadNeeds(db: Db, actor: Actor): Promise<Record<NeedCode, string>> {
  let taxonomy = await createTaxonomy(db, actor, { name: 'Suffolk needs', description: 'What a person is looking for help with, as partners in Warm Handover Suffolk describe it.', version: '2026' });
  for (const need of NEEDS) {
    taxonomy = await addTerm(db, actor, taxonomy.id, { code: need.code, name: need.name });
    const parentId = taxonomy.terms.find((term) => term.code === need.code)!.id;
    for (const child of need.children) taxonomy = await addTerm(db, actor, taxonomy.id, { code: child.code, name: child.name, parentId });
  }
  return Object.fromEntries(taxonomy.terms.map((term) => [term.code, term.id])) as Record<NeedCode, string>;
}

const weekdays = (opensAt: string, closesAt: string) => [{ byday: 'MO,TU,WE,TH,FR', opensAt, closesAt }];

function demoServices(organisations: DirectoryDemoInput['organisations'], needs: Record<NeedCode, string>): NewService[] {
  const none = { contacts: [], phones: [] };
  return [
    {
      ...none,
      organisationId: organisations.council.id,
      name: 'Care needs assessment',
      description: 'An assessment of what help a person needs to live safely and well at home, and of what the council can arrange.',
      eligibilityDescription: 'Adults living in Suffolk.',
      minimumAge: 18,
      applicationProcess: 'By referral, or call Customer First.',
      acceptingReferrals: true,
      typicalResponseDays: 10,
      languages: ['en'],
      termIds: [needs.care],
      locations: [{ name: 'Endeavour House', address1: '8 Russell Road', city: 'Ipswich', postalCode: 'IP1 2BX', latitude: 52.0536, longitude: 1.1436 }],
      phones: [{ number: '0808 800 4005', type: 'voice', description: 'Customer First' }],
      schedules: weekdays('08:00', '18:00'),
    },
    {
      ...none,
      organisationId: organisations.council.id,
      name: 'Support for unpaid carers',
      description: 'Advice, a carer’s assessment and breaks for people looking after a relative or friend.',
      minimumAge: 16,
      acceptingReferrals: true,
      typicalResponseDays: 7,
      languages: ['en'],
      termIds: [needs.carers],
      locations: [{ name: 'Endeavour House', address1: '8 Russell Road', city: 'Ipswich', postalCode: 'IP1 2BX', latitude: 52.0536, longitude: 1.1436 }],
      schedules: weekdays('09:00', '17:00'),
    },
    {
      ...none,
      organisationId: organisations.charity.id,
      name: 'Advice and advocacy for refugees',
      description: 'Help with housing, benefits, asylum claims and family reunion, with interpreters.',
      interpretationServices: 'Arabic, Dari, Pashto, Ukrainian and Kurdish speakers on staff; telephone interpreters for other languages.',
      feesDescription: 'Free.',
      acceptingReferrals: true,
      typicalResponseDays: 5,
      languages: ['en', 'ar', 'prs', 'ps', 'uk'],
      termIds: [needs.refugees, needs.money],
      locations: [{ name: 'Town centre hub', address1: 'Museum Street', city: 'Ipswich', postalCode: 'IP1 1HE', latitude: 52.0578, longitude: 1.1502 }],
      phones: [{ number: '01473 400785', type: 'voice', languages: ['en', 'ar'] }],
      schedules: [{ byday: 'TU,TH', opensAt: '10:00', closesAt: '16:00' }],
    },
    {
      ...none,
      organisationId: organisations.charity.id,
      name: 'English conversation practice',
      description: 'Small friendly groups to practise speaking English, for beginners and beyond.',
      feesDescription: 'Free.',
      acceptingReferrals: false,
      typicalResponseDays: 14,
      languages: ['en'],
      termIds: [needs.language, needs.refugees],
      locations: [{ name: 'Town centre hub', address1: 'Museum Street', city: 'Ipswich', postalCode: 'IP1 1HE', latitude: 52.0578, longitude: 1.1502 }],
      schedules: [{ byday: 'WE', opensAt: '13:00', closesAt: '15:00' }],
    },
    {
      ...none,
      organisationId: organisations.health.id,
      name: 'Social prescribing link workers',
      description: 'A link worker meets the person, finds out what matters to them and connects them with local groups and support.',
      minimumAge: 16,
      acceptingReferrals: true,
      typicalResponseDays: 3,
      languages: ['en', 'pl'],
      termIds: [needs['mental-health'], needs.social],
      locations: [{ name: 'Ipswich Hospital', address1: 'Heath Road', city: 'Ipswich', postalCode: 'IP4 5PD', latitude: 52.0592, longitude: 1.1935 }],
      schedules: weekdays('09:00', '17:00'),
    },
    {
      ...none,
      organisationId: organisations.library.id,
      name: 'Good Neighbour home library service',
      description: 'For readers who cannot get to a library: family or a neighbour borrow for them, with no fines, free requests and a reminder before anything is due.',
      feesDescription: 'Free.',
      acceptingReferrals: true,
      typicalResponseDays: 7,
      languages: ['en'],
      termIds: [needs.reading, needs.care],
      locations: [{ name: 'Lowestoft Library', address1: 'Clapham Road South', city: 'Lowestoft', postalCode: 'NR32 1DR', latitude: 52.4786, longitude: 1.7518 }],
      schedules: weekdays('09:30', '17:30'),
    },
    {
      ...none,
      organisationId: organisations.library.id,
      name: 'Chat and chill',
      description: 'A free, informal group for women new to the country: everyday English, tea and friends.',
      eligibilityDescription: 'Women only.',
      feesDescription: 'Free; a few pence for tea if you can.',
      acceptingReferrals: true,
      typicalResponseDays: 2,
      languages: ['en', 'ar', 'uk', 'prs', 'ps'],
      termIds: [needs.language, needs.social, needs.refugees],
      locations: [{ name: 'Ipswich County Library', address1: 'Northgate Street', city: 'Ipswich', postalCode: 'IP1 3DE', latitude: 52.0594, longitude: 1.1556 }],
      schedules: [{ byday: 'TU', opensAt: '10:00', closesAt: '11:30' }],
    },
  ];
}
