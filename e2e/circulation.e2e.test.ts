import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/platform/auth/principal.ts';
import { addDays } from '../src/policies/calendar.ts';
import { makeBranch, makeItem, makeLoan, makeMember, makeRecord } from '../src/circulation/factories.ts';
import { closeLoanWithoutReturn } from '../src/circulation/lost.ts';
import { placeRequest } from '../src/circulation/requests.ts';
import type { Page } from 'playwright-core';
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

/** The returns screen, working at the named branch. */
async function openReturns(page: Page, branchName: string) {
  await page.getByRole('link', { name: 'Returns', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Returns' }).waitFor();
  await page.getByLabel('Working at').selectOption({ label: branchName });
  await expectAccessible(page);
}

async function scanReturn(page: Page, barcode: string) {
  await page.getByLabel('Item barcode').fill(barcode);
  await page.getByLabel('Item barcode').press('Enter');
}

/** Printing shows the slip and nothing else of the screen; the print button prints. */
async function expectSlipPrintsAlone(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
  await page.locator('.slip').getByRole('button', { name: 'Print slip' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('.slip').isVisible()).toBe(true);
  expect(await page.locator('.slip h2').isVisible()).toBe(true);
  for (const hidden of ['#page-title', '.page-intro', '.site-header', '#return-item', '#working-branch', '.holds-to-pull', '.desk-fine', '.slip button']) {
    expect(await page.locator(hidden).first().isVisible(), `${hidden} printed`).toBe(false);
  }
  await page.emulateMedia({ media: 'screen' });
}

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

    const page = await signedInPage(run);
    // Amira asks for it at the record page, as staff would for her.
    await page.goto(`/catalogue/records/${wanted.recordId}`);
    await page.getByLabel('Member’s card number').pressSequentially(requester.cardNumber);
    await page.getByLabel('Member’s card number').press('Enter');
    await page.getByRole('button', { name: 'Place request' }).click();
    await page.getByText(/number 1 in the queue, to collect at\W*Haverhill Library/).waitFor();
    await openReturns(page, 'Haverhill Library');

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
    // Anyone passing the hold shelf sees initials and the card's end, never the name.
    await expect.poll(() => slip.textContent()).toContain(`AH, card ending ${requester.cardNumber.slice(-4)}`);
    expect(await slip.textContent()).not.toContain('Amira Haddad');
    await expect.poll(() => slip.textContent()).toContain('Haverhill Library');
    await slip.getByText('Hold until').waitFor();
    await slip.getByRole('button', { name: 'Print slip' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'returns');

    await field.fill(wanted.barcode);
    await field.press('Enter');
    await page.getByRole('alert').getByText('This item is not on loan').waitFor();
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
  });

  it('sends a copy returned at another branch in transit, receives it at the pickup branch for the hold shelf, and prints each slip alone', async () => {
    const home = await makeBranch(db(), tenantId, { name: 'Lowestoft Library' });
    await makeBranch(db(), tenantId, { name: 'Brandon Branch Library' });
    const borrower = await makeMember(db(), tenantId, home.id);
    const requester = await makeMember(db(), tenantId, home.id, { name: 'Layla Haddad' });
    const copy = await makeItem(db(), tenantId, { branchId: home.id, recordId: (await makeRecord(db(), tenantId, { title: 'Wives and Daughters' })).id });
    await makeLoan(db(), tenantId, { itemId: copy.id, memberId: borrower.id, branchId: home.id, dueDate: addDays(today(), 3) });
    await placeRequest(db(), systemActor(tenantId, 'e2e'), today(), { cardNumber: requester.cardNumber, recordId: copy.recordId, pickupBranchId: home.id });

    const page = await signedInPage(run);
    await openReturns(page, 'Brandon Branch Library');
    await scanReturn(page, copy.barcode);
    const slip = page.locator('.slip');
    await page.getByRole('heading', { level: 2, name: 'Send to another branch' }).waitFor();
    await slip.getByRole('definition').filter({ hasText: 'Brandon Branch Library' }).waitFor();
    await slip.getByRole('definition').filter({ hasText: 'Lowestoft Library' }).waitFor();
    expect(await slip.textContent()).toMatch(/From\W*Brandon Branch Library.*Send to\W*Lowestoft Library/);
    await expectAccessible(page);
    await expectSlipPrintsAlone(page);

    // The copy arrives: the desk at Lowestoft scans it and it goes on the hold shelf for Layla.
    await page.getByLabel('Working at').selectOption({ label: 'Lowestoft Library' });
    await scanReturn(page, copy.barcode);
    await page.getByRole('heading', { level: 2, name: 'Hold shelf: a member is waiting' }).waitFor();
    await page.getByRole('status').getByText(/Wives and Daughters\W*received from another branch/).waitFor();
    await expect.poll(() => slip.textContent()).toContain(`LH, card ending ${requester.cardNumber.slice(-4)}`);
    expect(await slip.textContent()).not.toContain('Layla Haddad');
    await slip.getByText('Hold until').waitFor();
    await expectAccessible(page);
    await expectSlipPrintsAlone(page);

    // The choice of branch is remembered on this computer.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Returns' }).waitFor();
    await expect.poll(() => page.getByLabel('Working at').evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('Lowestoft Library');
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });

  it('takes back a lost copy that was found, waives its replacement fee, sets a shelf copy aside from the pull list, and waives a fine with a reason', async () => {
    const branch = await makeBranch(db(), tenantId, { name: 'Bury St Edmunds Library' });
    const borrower = await makeMember(db(), tenantId, branch.id);
    const lost = await makeItem(db(), tenantId, { branchId: branch.id, recordId: (await makeRecord(db(), tenantId, { title: 'Sylvia’s Lovers' })).id });
    const loan = await makeLoan(db(), tenantId, { itemId: lost.id, memberId: borrower.id, branchId: branch.id, dueDate: addDays(today(), 3) });
    await closeLoanWithoutReturn(db(), systemActor(tenantId, 'e2e'), today(), loan.id, 'lost');
    const onShelf = await makeItem(db(), tenantId, { branchId: branch.id, recordId: (await makeRecord(db(), tenantId, { title: 'Mary Barton' })).id });
    const requester = await makeMember(db(), tenantId, branch.id, { name: 'Joan Ellis' });
    await placeRequest(db(), systemActor(tenantId, 'e2e'), today(), { cardNumber: requester.cardNumber, recordId: onShelf.recordId, pickupBranchId: branch.id });
    const late = await makeItem(db(), tenantId, { branchId: branch.id, recordId: (await makeRecord(db(), tenantId, { title: 'Ruth' })).id });
    await makeLoan(db(), tenantId, { itemId: late.id, memberId: borrower.id, branchId: branch.id, dueDate: addDays(today(), -10) });

    const page = await signedInPage(run);
    await openReturns(page, 'Bury St Edmunds Library');
    await scanReturn(page, lost.barcode);
    await page.getByRole('status').getByText(/Sylvia’s Lovers\W*found: it had been marked lost or missing/).waitFor();
    await page.locator('.desk-fine').getByText(/Replacement fee of £\d+\.\d\d waived\./).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Put back on the shelf' }).waitFor();
    await expectAccessible(page);
    const account = await db().selectFrom('fine_transactions').select(['kind', 'reason']).where('member_id', '=', borrower.id).orderBy('created_at').execute();
    expect(account.map((entry) => entry.kind)).toEqual(['charge', 'waiver']);
    expect(account[1]!.reason).toBe(`Found: ${lost.barcode}`);

    await page.getByRole('button', { name: 'Show holds to pull' }).click();
    const pullList = page.getByRole('table', { name: 'Copies to pull for waiting requests' });
    await pullList.getByRole('row', { name: new RegExp(`Mary Barton.*${onShelf.barcode}`) }).waitFor();
    await expectAccessible(page);
    await scanReturn(page, onShelf.barcode);
    await page.getByRole('heading', { level: 2, name: 'Hold shelf: a member is waiting' }).waitFor();
    await page.getByText('Nothing to pull: no waiting request wants a copy on this branch’s shelves.').waitFor();

    await page.getByLabel('Waive the fine on the next return').check();
    await scanReturn(page, late.barcode);
    await page.getByText('Give a reason for waiving the fine.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('return-waive-reason');
    await expectAccessible(page);
    await page.getByLabel('Reason for waiving').fill('Returned during the flood closure');
    await page.getByLabel('Item barcode').press('Enter');
    await page.locator('.desk-fine').getByText(/Fine of £\d+\.\d\d charged and waived\./).waitFor();
    expect(await page.getByLabel('Waive the fine on the next return').isChecked()).toBe(false);
    const waiver = await db().selectFrom('fine_transactions').select('reason').where('member_id', '=', borrower.id).where('kind', '=', 'waiver').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(waiver.reason).toBe('Returned during the flood closure');
    await expectAccessible(page);
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
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
