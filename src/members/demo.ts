import type { Actor } from '../platform/auth/principal.ts';
import type { Db } from '../platform/database/database.ts';
import { addBranchClosure } from '../policies/closures.ts';
import { luhnCheckDigit } from './card-numbers.ts';
import { foldForSearch } from './search-text.ts';
import { createMember, type Member, type NewMemberFields } from './members.ts';

type DemoBranch = 'ipswich' | 'haverhill' | 'lowestoft' | 'brandon';

interface DemoMember {
  name: string;
  branch: DemoBranch;
  fields?: Partial<NewMemberFields>;
}

/** Members by a short key, so other modules' demos can lend to them by name. */
const DEMO_MEMBERS = {
  nathaniel: {
    name: 'Nathaniel Brooks',
    branch: 'lowestoft',
    // Housebound: his son collects and returns his books, so notices go by post to him at home.
    fields: { phone: '01502 000 114', address: '14 Kirkley Cliff Road, Lowestoft NR33 0DB', preferredChannel: 'post', keepsHistory: true },
  },
  matthew: { name: 'Matthew Brooks', branch: 'lowestoft', fields: { keepsHistory: true } },
  margaret: { name: 'Margaret Ellis', branch: 'lowestoft', fields: { keepsHistory: true } },
  george: { name: 'George Thompson', branch: 'lowestoft' },
  susan: { name: 'Susan Clarke', branch: 'lowestoft', fields: { phone: '01502 000 233', preferredChannel: 'phone' } },
  daniel: { name: 'Daniel Hughes', branch: 'lowestoft' },
  emily: { name: 'Emily Watson', branch: 'lowestoft', fields: { advanceNotices: false } },
  peter: { name: 'Peter Marsh', branch: 'lowestoft' },
  joan: { name: 'Joan Harper', branch: 'lowestoft', fields: { keepsHistory: true } },
  oliver: { name: 'Oliver Bennett', branch: 'ipswich' },
  amelia: { name: 'Amelia Turner', branch: 'ipswich', fields: { keepsHistory: true } },
  harry: { name: 'Harry Robinson', branch: 'ipswich' },
  isla: { name: 'Isla Campbell', branch: 'ipswich' },
  jack: { name: 'Jack Walker', branch: 'ipswich', fields: { status: 'blocked', blockedReason: 'Three items lost; letter sent' } },
  sophie: { name: 'Sophie Patel', branch: 'ipswich' },
  mohammed: { name: 'Mohammed Khan', branch: 'ipswich' },
  priya: { name: 'Priya Sharma', branch: 'ipswich', fields: { keepsHistory: true } },
  grace: { name: 'Grace Okafor', branch: 'ipswich' },
  thomas: { name: 'Thomas Wright', branch: 'ipswich', fields: { status: 'expired', expiresOn: '2026-06-30' } },
  chloe: { name: 'Chloë Davies', branch: 'ipswich' },
  william: { name: 'William Evans', branch: 'ipswich' },
  fatima: { name: 'Fatima Al-Sayed', branch: 'ipswich', fields: { language: 'ar' } },
  layla: { name: 'Layla Haddad', branch: 'ipswich', fields: { language: 'ar' } },
  omar: { name: 'Omar Nasser', branch: 'ipswich', fields: { language: 'ar' } },
  agnieszka: { name: 'Agnieszka Kowalska', branch: 'ipswich' },
  lucy: { name: 'Lucy Morgan', branch: 'haverhill' },
  james: { name: 'James Cooper', branch: 'haverhill', fields: { keepsHistory: true } },
  charlotte: { name: 'Charlotte King', branch: 'haverhill' },
  samuel: { name: 'Samuel Green', branch: 'haverhill' },
  hannah: { name: 'Hannah Lewis', branch: 'haverhill' },
  ruth: { name: 'Ruth Baker', branch: 'haverhill', fields: { phone: '01440 000 418', preferredChannel: 'phone' } },
  noor: { name: 'Noor Hussein', branch: 'haverhill', fields: { language: 'ar' } },
  mariam: { name: 'Mariam Yousef', branch: 'haverhill', fields: { language: 'ar' } },
  katarzyna: { name: 'Katarzyna Wiśniewska', branch: 'haverhill' },
  lukasz: { name: 'Łukasz Zieliński', branch: 'haverhill' },
  edward: { name: 'Edward Scott', branch: 'brandon' },
  alice: { name: 'Alice Fletcher', branch: 'brandon', fields: { keepsHistory: true } },
  benjamin: { name: 'Benjamin Shaw', branch: 'brandon' },
  rose: { name: 'Rose Whitfield', branch: 'brandon' },
  zofia: { name: 'Zofia Nowak', branch: 'brandon' },
  piotr: { name: 'Piotr Wójcik', branch: 'brandon' },
  aisha: { name: 'Aisha Rahman', branch: 'brandon', fields: { language: 'ar' } },
  frank: { name: 'Frank Dawson', branch: 'brandon', fields: { preferredChannel: 'none' } },
} satisfies Record<string, DemoMember>;

export type DemoMemberKey = keyof typeof DEMO_MEMBERS;

/** Bank holidays over the demo's Christmas, when every branch is closed. */
const DEMO_CLOSURES = [
  { date: '2026-12-25', reason: 'Christmas Day' },
  { date: '2026-12-26', reason: 'Boxing Day' },
];

/** Fixed card numbers, so a demo can be walked through by scanning the same cards each time. */
const demoCardNumber = (index: number) => {
  const body = `21001${String(index + 1).padStart(8, '0')}`;
  return body + luhnCheckDigit(body);
};

const demoEmail = (name: string) => `${foldForSearch(name).replace(/[^a-z]+/g, '.')}@mail.demo.hearth.example`;

export async function loadMembersDemo(db: Db, actor: Actor, branches: Record<DemoBranch, { id: string }>) {
  for (const branch of Object.values(branches)) {
    for (const closure of DEMO_CLOSURES) await addBranchClosure(db, actor, branch.id, closure);
  }
  const members = {} as Record<DemoMemberKey, Member>;
  const entries = Object.entries(DEMO_MEMBERS) as [DemoMemberKey, DemoMember][];
  for (const [index, [key, demo]] of entries.entries()) {
    members[key] = await createMember(db, actor, {
      name: demo.name,
      email: demoEmail(demo.name),
      homeBranchId: branches[demo.branch].id,
      cardNumber: demoCardNumber(index),
      ...demo.fields,
    });
  }
  return { members };
}
