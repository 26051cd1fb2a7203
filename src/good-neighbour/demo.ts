import type { Actor } from '../platform/auth/principal.ts';
import type { Db } from '../platform/database/database.ts';
import type { Format } from '../catalogue/tables.ts';
import { addDays } from '../policies/calendar.ts';
import { convertToScheme } from './arrangements.ts';
import { markMisplacedAtHome } from './misplaced.ts';
import { addCover } from './neighbours.ts';
import { saveProfile } from './profiles.ts';
import { addSelectionItem, createSelection } from './selections.ts';

interface GoodNeighbourDemoInput {
  members: Record<'nathaniel' | 'matthew' | 'margaret', { id: string; cardNumber: string; email: string | null }>;
  records: { id: string; title: string; format: Format }[];
  branches: Record<'lowestoft', { id: string }>;
  today: string;
}

/**
 * Nathaniel Brooks, housebound in Lowestoft, converted to the scheme with his son Matthew as his
 * Good Neighbour: Matthew visits every fortnight, his next visit falls after one of Nathaniel's
 * books is due (so the notice run warns him), one book is misplaced at home, and a large-print
 * selection waits for Matthew to collect. Jo Palmer, a neighbour, covers Matthew's visits over
 * the holidays and also serves Margaret Ellis: one neighbour, several readers.
 */
export async function loadGoodNeighbourDemo(db: Db, actor: Actor, input: GoodNeighbourDemoInput) {
  const { members, branches, today } = input;
  const jo = { name: 'Jo Palmer', email: 'jo.palmer@mail.demo.hearth.example', phone: '07700 900 412', branchId: branches.lowestoft.id };
  const nathaniel = await convertToScheme(db, actor, today, {
    readerCardNumber: members.nathaniel.cardNumber,
    referralSource: 'family',
    referralNote: 'Matthew asked at Lowestoft after fines built up on books misplaced at home.',
    consentMethod: 'verbal',
    keepHistory: true,
    neighbours: [
      {
        name: 'Matthew Brooks',
        email: members.matthew.email,
        cardNumber: members.matthew.cardNumber,
        branchId: branches.lowestoft.id,
        relationship: 'Son',
        advanceNotice: true,
        nextVisit: addDays(today, 5),
        visitEveryDays: 14,
        maySeeHistory: true,
      },
      { ...jo, relationship: 'Neighbour', visitDates: [addDays(today, 12)], maySeeProfile: false },
    ],
  });
  const [matthew, joForNathaniel] = nathaniel.neighbours;
  await addCover(db, actor, today, nathaniel.id, { awayId: matthew!.id, coverId: joForNathaniel!.id, startsOn: addDays(today, 15), endsOn: addDays(today, 24) });

  await saveProfile(db, actor, nathaniel.id, {
    formats: ['large_print', 'audiobook_cd'],
    subjects: ['Crime', 'Shetland (Scotland)'],
    authors: ['Agatha Christie', 'Ann Cleeves'],
    avoid: ['Romance'],
    languages: ['eng'],
    notes: 'Reads in the afternoons. Large print or audio; short chapters suit him best.',
    useHistory: true,
  });

  await markMisplacedAtHome(db, actor, today, await firstOpenLoanOf(db, actor.tenantId, members.nathaniel.id), 'Matthew Brooks');

  const selection = await createSelection(db, actor, today, nathaniel.id, { pickupBranchId: branches.lowestoft.id });
  const ravenBlack = input.records.find((record) => record.title === 'Raven Black' && record.format === 'large_print');
  if (ravenBlack) await addSelectionItem(db, actor, today, nathaniel.id, selection.id, ravenBlack.id);

  await convertToScheme(db, actor, today, {
    readerCardNumber: members.margaret.cardNumber,
    referralSource: 'health',
    referralNote: 'Referred by her GP practice’s social prescriber after a hip operation.',
    consentMethod: 'written',
    neighbours: [{ ...jo, relationship: 'Neighbour', advanceNotice: true, nextVisit: addDays(today, 2), visitEveryDays: 7 }],
  });
}

async function firstOpenLoanOf(db: Db, tenantId: string, memberId: string) {
  const loan = await db
    .selectFrom('loans')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .where('returned_at', 'is', null)
    .orderBy('issued_at')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return loan.id;
}
