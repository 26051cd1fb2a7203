import { describe, expect, it } from 'vitest';
import { newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { defaultLendingTypes, makeBranch, makeItem, makeLoan, makeMember } from './factories.ts';

const TODAY = '2026-12-01';
const LOAN_LIMIT = 3;
// One pair of desks may miss each other by chance; several pairs make a lost race show up reliably.
const ROUNDS = 10;

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;

const openLoans = async (memberId: string) =>
  Number((await db().selectFrom('loans').select((eb) => eb.fn.countAll<number>().as('n')).where('member_id', '=', memberId).where('returned_at', 'is', null).executeTakeFirstOrThrow()).n);

const issue = (client: Client, cardNumber: string, itemBarcode: string) => client.post('/api/loans', { cardNumber, itemBarcode });

describe('the loan limit under two desks at once', () => {
  // On PostgreSQL the two issues run in parallel transactions on separate connections; PGlite has
  // one connection and runs them one after the other, which still checks the refusal itself.
  it('lets exactly one of two different copies go to a member one below the limit, refusing the other', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const otherDesk = await signedInAs(t, tenantId, 'branch_staff');
    const branch = await makeBranch(db(), tenantId);
    const { categoryId, itemTypeId } = await defaultLendingTypes(db(), tenantId);
    await db().updateTable('lending_policies').set({ loan_limit: LOAN_LIMIT }).where('member_category_id', '=', categoryId).where('item_type_id', '=', itemTypeId).execute();

    const outcomes = [];
    for (let round = 0; round < ROUNDS; round++) {
      const member = await makeMember(db(), tenantId, branch.id);
      for (let held = 0; held < LOAN_LIMIT - 1; held++) {
        const copy = await makeItem(db(), tenantId, { branchId: branch.id });
        await makeLoan(db(), tenantId, { itemId: copy.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-15' });
      }
      const [first, second] = await Promise.all([makeItem(db(), tenantId, { branchId: branch.id }), makeItem(db(), tenantId, { branchId: branch.id })]);
      const responses = await Promise.all([issue(admin, member.cardNumber, first!.barcode), issue(otherDesk, member.cardNumber, second!.barcode)]);
      outcomes.push({
        round,
        answers: responses.map((r) => (r.statusCode === 201 ? 201 : `${r.statusCode} ${r.json().code}`)).sort(),
        openLoans: await openLoans(member.id),
      });
    }
    expect(outcomes).toEqual(Array.from({ length: ROUNDS }, (_, round) => ({ round, answers: [201, '409 loan_limit_reached'], openLoans: LOAN_LIMIT })));
  });
});
