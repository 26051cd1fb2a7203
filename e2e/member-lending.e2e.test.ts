import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/policies/calendar.ts';
import { makeLoan } from '../src/circulation/factories.ts';
import { addCopy, adminApi, expectAccessible, expectNoHorizontalScroll, screenshot, signedInPage, startBrowserRun, type BrowserRun, type AdminApi } from './support.ts';

let run: BrowserRun;
let call: AdminApi;
const db = () => run.server.hearth.database.db;

beforeAll(async () => {
  run = await startBrowserRun();
  call = await adminApi(run, 'Member lending browser test');
});
afterAll(() => run?.close());

/** A reader who keeps a reading history, with one book out and one brought back late and then requested again. */
async function seedReader() {
  const branch = await call<{ id: string }>('/api/branches', { name: 'Brandon Library' });
  const reader = await call<{ id: string; cardNumber: string }>('/api/members', { name: 'Nathaniel Hughes', homeBranchId: branch.id, keepsHistory: true });
  const emma = await addCopy(call, branch.id, 'E2E-EMMA', { title: 'Emma', authors: ['Jane Austen'], format: 'book' });
  const cranford = await addCopy(call, branch.id, 'E2E-CRANFORD', { title: 'Cranford', authors: ['Elizabeth Gaskell'], format: 'book' });

  await call('/api/loans', { cardNumber: reader.cardNumber, itemBarcode: emma.barcode, onBehalfOf: 'Matthew Hughes' });
  const { tenant_id: tenantId } = await db().selectFrom('members').select('tenant_id').where('id', '=', reader.id).executeTakeFirstOrThrow();
  await makeLoan(db(), tenantId, { itemId: cranford.id, memberId: reader.id, branchId: branch.id, dueDate: addDays(run.server.hearth.clock.today(), -10) });
  const { fineCharged } = await call<{ fineCharged: number }>('/api/returns', { itemBarcode: cranford.barcode });
  expect(fineCharged).toBeGreaterThan(0);
  await call('/api/requests', { cardNumber: reader.cardNumber, recordId: cranford.recordId, pickupBranchId: branch.id });
  return { reader, fine: (fineCharged / 100).toFixed(2) };
}

async function memberPage(memberId: string) {
  const page = await signedInPage(run);
  await page.goto(`/members/${memberId}`);
  return page;
}

describe('the member page in a browser', () => {
  it('shows loans, requests, charges and reading history, and renews, cancels and takes a payment', async () => {
    const { reader, fine } = await seedReader();
    const page = await memberPage(reader.id);
    await page.getByRole('heading', { level: 1, name: 'Nathaniel Hughes' }).waitFor();

    const loans = page.getByRole('table', { name: /Items on loan to/ });
    const emma = loans.getByRole('row', { name: /Emma.*Jane Austen.*E2E-EMMA.*Matthew Hughes/ });
    await emma.waitFor();
    const history = page.getByRole('table', { name: /What .* has borrowed and returned/ });
    await history.getByRole('row', { name: /Cranford.*Elizabeth Gaskell/ }).waitFor();
    const balance = page.locator('#member-balance');
    await expect.poll(() => balance.textContent()).toBe(`Owed: £${fine}`);
    await page.getByRole('table', { name: /Charges, payments and waivers/ }).getByRole('row', { name: new RegExp(`Charge.*Overdue fine: .E2E-CRANFORD.*£${fine}`) }).waitFor();
    await page.getByRole('table', { name: /Titles .* is waiting for/ }).getByRole('row', { name: /Cranford.*1.*Brandon Library.*Waiting/ }).waitFor();
    await expectAccessible(page);

    const renew = emma.getByRole('button', { name: 'Renew Emma' });
    await renew.click();
    await page.getByRole('status').getByText(/Emma\W*renewed, now due/).waitFor();
    await expect.poll(() => emma.getByRole('cell').nth(3).textContent()).toBe('1');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Renew');
    await renew.click();
    await expect.poll(() => emma.getByRole('cell').nth(3).textContent()).toBe('2');
    await renew.click();
    await page.getByRole('alert').getByText(/Emma\W*was not renewed: it has been renewed as many times as the lending rules allow/).waitFor();

    await page.getByRole('button', { name: 'Cancel request Cranford' }).click();
    const dialog = page.getByRole('dialog', { name: /Cancel the request for\W*Cranford/ });
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel request' }).click();
    await page.getByRole('status').getByText(/Request for\W*Cranford\W*cancelled/).waitFor();
    await page.getByText('No requests waiting.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('member-requests-heading');

    await page.getByRole('button', { name: 'Waive', exact: true }).click();
    const problems = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await problems.getByText('Enter an amount in pounds and pence, like 2.50').waitFor();
    await problems.getByText('Reason is required').waitFor();
    await expectAccessible(page);

    const payment = page.getByRole('form', { name: 'Take a payment' });
    await payment.getByLabel('Amount').fill(fine);
    await payment.getByLabel('Paid by').selectOption('card');
    await payment.getByRole('button', { name: 'Take payment' }).click();
    await page.getByRole('status').getByText(`Payment of £${fine} taken. Now owed: £0.00.`).waitFor();
    await expect.poll(() => balance.textContent()).toBe('Nothing owed.');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('member-balance');
    await page.getByRole('table', { name: /Charges, payments and waivers/ }).getByRole('row', { name: new RegExp(`Payment.*Card.*£${fine}`) }).waitFor();
    expect(await page.getByRole('form', { name: 'Take a payment' }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'member-page');

    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);

    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('heading', { level: 2, name: 'سجل القراءة' }).waitFor();
    await page.getByText('لا توجد مبالغ مستحقة.').waitFor();
    // What each charge was for reads in Arabic too, with the barcode kept whole.
    await page.getByRole('table', { name: /الرسوم والمدفوعات/ }).getByRole('cell', { name: /غرامة تأخير: .E2E-CRANFORD/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });

  it('explains why a member who keeps no history has none', async () => {
    const branch = await call<{ id: string }>('/api/branches', { name: 'Lowestoft Library' });
    const reader = await call<{ id: string }>('/api/members', { name: 'Amira Haddad', homeBranchId: branch.id });
    const page = await memberPage(reader.id);
    await page.getByRole('heading', { level: 2, name: 'Reading history' }).waitFor();
    await page.getByText(/No reading history is kept for\W*Amira Haddad\W*\. Libraries keep what a member has read only with their agreement/).waitFor();
    await page.getByText('Nothing on loan.').waitFor();
    await page.getByText('Nothing owed.').waitFor();
    await expectAccessible(page);
  });
});
