import type { Actor } from '../platform/auth/principal.ts';
import type { Db } from '../platform/database/database.ts';
import { addDays } from '../policies/calendar.ts';
import { makeLoan } from './factories.ts';
import { issueLoan } from './issue.ts';
import { placeRequest } from './requests.ts';
import { returnItem } from './returns.ts';

interface DemoMemberRef {
  id: string;
  cardNumber: string;
}

export interface CirculationDemoInput {
  /** Members by the members demo's keys; the ones named below must be there. */
  members: Record<string, DemoMemberRef>;
  /** Records with their copies' barcodes, as the catalogue demo returns them. */
  records: { id: string; barcodes: string[] }[];
  branches: Record<string, { id: string }>;
  today: string;
}

/**
 * Loans that make the desk and the notices look like a real library's: Nathaniel's books
 * collected by his son Matthew, a few loans overdue (one already returned late with its fine),
 * loans falling due soon, and a request waiting for a title that is out on loan.
 */
export async function loadCirculationDemo(db: Db, actor: Actor, input: CirculationDemoInput) {
  const { members, records, today } = input;
  const copies = records.flatMap((record) => record.barcodes.map((barcode) => ({ recordId: record.id, barcode })));
  let next = 0;
  const takeCopy = () => copies[next++]!;
  const itemId = async (barcode: string) => (await db.selectFrom('items').select(['id', 'branch_id']).where('tenant_id', '=', actor.tenantId).where('barcode', '=', barcode).executeTakeFirstOrThrow());

  const lend = async (key: string, extra: { onBehalfOf?: string } = {}) => {
    const copy = takeCopy();
    await issueLoan(db, actor, today, { cardNumber: members[key]!.cardNumber, itemBarcode: copy.barcode, ...extra });
    return copy;
  };
  const lendDue = async (key: string, dueDate: string) => {
    const copy = takeCopy();
    const item = await itemId(copy.barcode);
    await makeLoan(db, actor.tenantId, { itemId: item.id, memberId: members[key]!.id, branchId: item.branch_id, dueDate });
    return copy;
  };

  for (let i = 0; i < 3; i++) await lend('nathaniel', { onBehalfOf: 'Matthew Brooks' });
  await lendDue('nathaniel', addDays(today, 3));
  await lend('matthew');
  for (const key of ['margaret', 'oliver', 'amelia', 'fatima', 'lucy', 'edward', 'priya']) await lend(key);
  await lendDue('george', addDays(today, -12));
  await lendDue('sophie', addDays(today, -1));
  await lendDue('daniel', addDays(today, -7));
  await lendDue('layla', addDays(today, 3));
  await lendDue('oliver', addDays(today, 3));

  const returnedLate = await lendDue('peter', addDays(today, -9));
  await returnItem(db, actor, today, { itemBarcode: returnedLate.barcode });

  const wanted = await lendDue('james', addDays(today, 10));
  await placeRequest(db, actor, today, { cardNumber: members.omar!.cardNumber, recordId: wanted.recordId, pickupBranchId: input.branches.ipswich!.id });
  return { loans: next };
}
