import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/platform/auth/principal.ts';
import { addDays } from '../src/policies/calendar.ts';
import { makeBranch, makeItem, makeLoan, makeMember, makeRecord } from '../src/circulation/factories.ts';
import { placeRequest } from '../src/circulation/requests.ts';
import { adminTenantId, expectAccessible, expectNoHorizontalScroll, screenshot, signedInPage, startBrowserRun, type BrowserRun } from './support.ts';

let run: BrowserRun;
let tenantId: string;
const db = () => run.server.hearth.database.db;
const today = () => run.server.hearth.clock.today();

beforeAll(async () => {
  run = await startBrowserRun();
  tenantId = await adminTenantId(run);
});
afterAll(() => run?.close());

describe('the circulation desk in a browser', () => {
  it('issues items to a scanned card, keeping focus for the next scan, and explains a refusal', async () => {
    const branch = await makeBranch(db(), tenantId, { name: 'Ipswich County Library' });
    const member = await makeMember(db(), tenantId, branch.id, { name: 'Nathaniel Hughes' });
    const emma = await makeItem(db(), tenantId, { branchId: branch.id, recordId: (await makeRecord(db(), tenantId, { title: 'Emma', authors: ['Jane Austen'] })).id });
    const persuasion = await makeItem(db(), tenantId, { branchId: branch.id, recordId: (await makeRecord(db(), tenantId, { title: 'Persuasion' })).id });

    const page = await signedInPage(run);
    await page.getByRole('link', { name: 'Desk', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Issue desk' }).waitFor();
    await expectAccessible(page);

    await page.getByLabel('Card number').fill(member.cardNumber);
    await page.getByLabel('Card number').press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Nathaniel Hughes' }).waitFor();
    await page.getByLabel('Collected by (Good Neighbour)').fill('Matthew Hughes');
    const itemField = page.getByLabel('Item barcode');
    // Two scans in quick succession, as a scanner sends them: the second is queued, never dropped.
    await itemField.fill(emma.barcode);
    await itemField.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('desk-item');
    await itemField.fill(persuasion.barcode);
    await itemField.press('Enter');
    await page.getByRole('heading', { name: 'Issued now: 2 items' }).waitFor();
    await page.getByRole('status').getByText(/Issued\W*Persuasion\W*, due/).waitFor();
    await page.getByRole('row', { name: /Emma.*collected by Matthew Hughes/ }).waitFor();

    await itemField.fill(emma.barcode);
    await itemField.press('Enter');
    await page.getByRole('alert').getByText('This item is not available to lend').waitFor();
    await itemField.fill('NO-SUCH-ITEM');
    await itemField.press('Enter');
    await page.getByRole('alert').getByText('No item has this barcode.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'desk');

    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });

  it('lends each item to the card scanned before it, however fast the scans come', async () => {
    const branch = await makeBranch(db(), tenantId, { name: 'Brandon Library' });
    const first = await makeMember(db(), tenantId, branch.id, { name: 'Joan Ellis' });
    const second = await makeMember(db(), tenantId, branch.id, { name: 'Derek Shaw' });
    const [forFirst, forSecond] = await Promise.all(['Cranford', 'Ruth'].map(async (title) => makeItem(db(), tenantId, { branchId: branch.id, recordId: (await makeRecord(db(), tenantId, { title })).id })));

    const page = await signedInPage(run);
    await page.getByRole('link', { name: 'Desk', exact: true }).click();
    const cardField = page.getByLabel('Card number');
    const itemField = page.getByLabel('Item barcode');
    await cardField.fill(first.cardNumber);
    await cardField.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Joan Ellis' }).waitFor();
    // Item, next card, next item, without waiting for any answer.
    await itemField.fill(forFirst!.barcode);
    await itemField.press('Enter');
    await cardField.fill(second.cardNumber);
    await cardField.press('Enter');
    await itemField.fill(forSecond!.barcode);
    await itemField.press('Enter');
    await page.getByRole('status').getByText(/Issued\W*Ruth\W*, due/).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Derek Shaw' }).waitFor();

    const borrowers = await db()
      .selectFrom('loans')
      .select(['item_id', 'member_id'])
      .where('item_id', 'in', [forFirst!.id, forSecond!.id])
      .where('returned_at', 'is', null)
      .execute();
    expect(new Map(borrowers.map((loan) => [loan.item_id, loan.member_id]))).toEqual(
      new Map([
        [forFirst!.id, first.id],
        [forSecond!.id, second.id],
      ]),
    );
    await expectAccessible(page);
  });

  it('returns an overdue item with its fine, and a requested one to the hold shelf with a slip', async () => {
    const branch = await makeBranch(db(), tenantId, { name: 'Haverhill Library' });
    const borrower = await makeMember(db(), tenantId, branch.id);
    const requester = await makeMember(db(), tenantId, branch.id, { name: 'Amira Haddad' });
    const late = await makeItem(db(), tenantId, { branchId: branch.id, recordId: (await makeRecord(db(), tenantId, { title: 'Middlemarch' })).id });
    await makeLoan(db(), tenantId, { itemId: late.id, memberId: borrower.id, branchId: branch.id, dueDate: addDays(today(), -10) });
    const wanted = await makeItem(db(), tenantId, { branchId: branch.id, recordId: (await makeRecord(db(), tenantId, { title: 'North and South' })).id });
    await makeLoan(db(), tenantId, { itemId: wanted.id, memberId: borrower.id, branchId: branch.id, dueDate: addDays(today(), 5) });
    await placeRequest(db(), systemActor(tenantId, 'e2e'), today(), { cardNumber: requester.cardNumber, recordId: wanted.recordId, pickupBranchId: branch.id });

    const page = await signedInPage(run);
    await page.getByRole('link', { name: 'Returns', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Returns' }).waitFor();
    await expectAccessible(page);

    const field = page.getByLabel('Item barcode');
    await field.fill(late.barcode);
    await field.press('Enter');
    await page.locator('.desk-fine').getByText(/Fine charged: £\d+\.\d\d/).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Put back on the shelf' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('return-item');

    await field.fill(wanted.barcode);
    await field.press('Enter');
    const slip = page.locator('.slip');
    await page.getByRole('heading', { level: 2, name: 'Hold shelf: a member is waiting' }).waitFor();
    await expect.poll(() => slip.textContent()).toContain('Amira Haddad');
    await expect.poll(() => slip.textContent()).toContain('Haverhill Library');
    await slip.getByRole('button', { name: 'Print slip' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'returns');

    await field.fill(wanted.barcode);
    await field.press('Enter');
    await page.getByRole('alert').getByText('This item is not on loan').waitFor();
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
  });

  it('runs a day of notices and shows the counts', async () => {
    const page = await signedInPage(run);
    await page.getByRole('link', { name: 'Notices', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Notices' }).waitFor();
    await page.getByLabel('Date').fill(today());
    await page.getByRole('button', { name: 'Run notices' }).click();
    await page.getByRole('heading', { level: 2, name: 'What this run did' }).waitFor();
    await expectAccessible(page);
  });
});
