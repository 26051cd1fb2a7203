import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeBranch, makeItem } from '../src/circulation/factories.ts';
import { createStaffAccount, TEST_PASSWORD } from '../test/harness.ts';
import { adminTenantId, expectAccessible, expectNoHorizontalScroll, screenshot, signedInPage, startBrowserRun, type BrowserRun } from './support.ts';

let run: BrowserRun;
let tenantId: string;
const db = () => run.server.hearth.database.db;

beforeAll(async () => {
  run = await startBrowserRun();
  tenantId = await adminTenantId(run);
});
afterAll(() => run?.close());

const copies = (page: Page) => page.getByRole('table', { name: /^\d+ cop(y|ies)$/ });

describe('cataloguing in a browser', () => {
  it('adds a record and its copies through the forms, changes both, and finds the title in search', async () => {
    const ipswich = await makeBranch(db(), tenantId, { name: 'Ipswich County Library' });
    await makeBranch(db(), tenantId, { name: 'Haverhill Library' });
    await makeItem(db(), tenantId, { branchId: ipswich.id, barcode: 'TAKEN-0001' });

    const page = await signedInPage(run);
    await page.getByRole('link', { name: 'Catalogue', exact: true }).click();
    await page.getByRole('link', { name: 'New record' }).click();
    await page.getByRole('heading', { level: 1, name: 'New catalogue record' }).waitFor();
    await expectAccessible(page);

    // Refused before it is sent: no title, and an ISBN whose check digit is wrong, each named beside its field.
    await page.getByLabel('ISBNs').fill('978-0-14-143951-8\n1234567890');
    await page.getByRole('button', { name: 'Add record' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.getByRole('link', { name: 'Title is required' }).waitFor();
    await page.locator('#record-new-isbns-error').getByText('1234567890 is not a valid ISBN').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'cataloguing-new-record-errors');

    await page.getByLabel('Title', { exact: true }).fill('The Village Hearth');
    await page.getByLabel('Subtitle').fill('Libraries at the heart of a community');
    await page.getByRole('textbox', { name: 'Author 1' }).fill('Ann Cleeves');
    await page.getByRole('button', { name: 'Add another author' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('record-new-authors-1');
    await page.getByRole('textbox', { name: 'Author 2' }).fill('Jane Austen');
    await page.getByLabel('Format').selectOption('large_print');
    await page.getByLabel('Audience').selectOption('adult');
    await page.getByLabel(/^Language of the text/).fill('eng');
    await page.getByLabel(/^Year published/).fill('2024');
    await page.getByLabel(/^Publisher/).fill('Hearth Press');
    await page.getByLabel(/^Subjects/).fill('Public libraries\nVillage life');
    await page.getByLabel('ISBNs').fill('978-0-14-143951-8');
    await page.getByLabel(/^Summary/).fill('How a small library keeps a village together.');
    await page.getByRole('button', { name: 'Add record' }).click();

    await page.getByRole('heading', { level: 1, name: 'The Village Hearth' }).waitFor();
    await page.getByRole('status').getByText('Record added. Add its copies below.').waitFor();
    await page.getByText('Ann Cleeves; Jane Austen').waitFor();
    await page.getByText('9780141439518').waitFor();

    // Copies: the barcode another copy holds is refused by the API, and the error sits beside the field.
    const addForm = page.getByRole('form', { name: 'Add a copy' });
    const barcode = addForm.getByLabel('Barcode');
    await barcode.fill('TAKEN-0001');
    await addForm.getByLabel('Branch').selectOption({ label: 'Ipswich County Library' });
    await addForm.getByLabel(/^Shelf/).fill('Large print A–F');
    await addForm.getByRole('button', { name: 'Add copy' }).click();
    await page.locator('#item-new-barcode-error').getByText('Another copy already has this barcode').waitFor();
    await barcode.fill('VH-1001');
    await addForm.getByRole('button', { name: 'Add copy' }).click();
    await page.getByRole('status').getByText(/Copy VH-1001 added at\W*Ipswich County Library/).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('item-new-barcode');
    await barcode.fill('VH-1002');
    await addForm.getByLabel('Branch').selectOption({ label: 'Haverhill Library' });
    await addForm.getByRole('button', { name: 'Add copy' }).click();
    await copies(page).getByRole('row', { name: /VH-1002/ }).waitFor();
    await expect.poll(() => copies(page).getByRole('row').count()).toBe(3);

    // Move the second copy to Ipswich and withdraw it, which asks first.
    await page.getByRole('button', { name: 'Edit copy VH-1002' }).click();
    await page.getByRole('heading', { level: 3, name: 'Change copy VH-1002' }).waitFor();
    const editForm = page.getByRole('form', { name: 'Change copy VH-1002' });
    await editForm.getByLabel('Branch').selectOption({ label: 'Ipswich County Library' });
    await editForm.getByLabel('Status').selectOption('withdrawn');
    await editForm.getByRole('button', { name: 'Save copy' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw copy VH-1002?' });
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Withdraw copy' }).click();
    await page.getByRole('status').getByText('Copy VH-1002 has been saved.').waitFor();
    const withdrawn = copies(page).getByRole('row', { name: /VH-1002/ });
    await expect.poll(() => withdrawn.getByRole('cell').allTextContents()).toEqual(['Ipswich County Library', 'Withdrawn', 'Large print A–F', 'Book', 'Edit']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit copy VH-1002');
    const availability = page.getByRole('table', { name: 'Copies at each branch by status' });
    await expect.poll(() => availability.getByRole('row', { name: /Ipswich County Library/ }).getByRole('cell').allTextContents()).toEqual(['1', '0', '0', '0', '2']);

    // Change the record itself: a new title and one author fewer.
    await page.getByRole('button', { name: 'Edit record' }).click();
    await page.getByLabel('Title', { exact: true }).fill('The Village Hearth, revised');
    await page.getByRole('button', { name: 'Remove author 2' }).click();
    await page.getByRole('button', { name: 'Save record' }).click();
    await page.getByRole('heading', { level: 1, name: 'The Village Hearth, revised' }).waitFor();
    await page.getByRole('status').getByText(/The Village Hearth, revised\W*has been saved/).waitFor();
    await expect.poll(() => page.getByText('Ann Cleeves; Jane Austen').count()).toBe(0);
    await page.getByText('Ann Cleeves', { exact: true }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'cataloguing-record');

    await page.getByRole('link', { name: 'Catalogue', exact: true }).click();
    await page.getByLabel('Search for').fill('village hearth');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('Found 1 title.').waitFor();
    await page.getByText('1 copy available').waitFor();
    await page.getByRole('link', { name: 'The Village Hearth, revised' }).click();
    await page.getByRole('heading', { level: 1, name: 'The Village Hearth, revised' }).waitFor();

    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Edit record' }).click();
    await page.getByRole('button', { name: 'Save record' }).waitFor();
    await expectNoHorizontalScroll(page);
    await page.goto('/catalogue/records/new');
    await page.getByRole('heading', { level: 1, name: 'New catalogue record' }).waitFor();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });

  it('shows outreach staff the record without the cataloguing actions the API would refuse them', async () => {
    const branch = await makeBranch(db(), tenantId, { name: 'Brandon Library' });
    const item = await makeItem(db(), tenantId, { branchId: branch.id });
    const outreach = await createStaffAccount(run.server, tenantId, 'outreach');
    const page = await signedInPage(run, { email: outreach.email, password: TEST_PASSWORD });

    await page.goto(`/catalogue/records/${item.recordId}`);
    await copies(page).waitFor();
    expect(await page.getByRole('button', { name: 'Edit record' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Add a copy' }).count()).toBe(0);
    expect(await copies(page).getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);
    await page.goto('/catalogue');
    await page.getByRole('heading', { level: 1, name: 'Catalogue' }).waitFor();
    expect(await page.getByRole('link', { name: 'New record' }).count()).toBe(0);
    await page.goto('/catalogue/records/new');
    await page.getByRole('heading', { level: 1, name: 'Not available' }).waitFor();
  });

  it('lets staff type fines and fees in pounds and pence, and stores them in pence', async () => {
    const page = await signedInPage(run);
    await page.goto('/policies');
    await page.getByRole('heading', { level: 1, name: 'Lending policies' }).waitFor();
    await page.getByRole('button', { name: 'Edit the rule for Adult borrowing Book' }).click();
    const fine = page.getByLabel('Fine per day');
    await expect.poll(() => fine.inputValue()).toMatch(/^\d+\.\d\d$/);
    await fine.fill('£0.30');
    await page.getByLabel('Request fee').fill('ten');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Request fee must be an amount such as 0.25 or 5, 0 or more' }).waitFor();
    await page.getByLabel('Request fee').fill('0.5');
    await page.getByLabel('Most fined per item').fill('8');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText(/rule for\W*Adult\W*borrowing\W*Book\W*has been saved/).waitFor();
    const row = page.getByRole('row', { name: /Adult/ });
    for (const amount of ['£0.30', '£0.50', '£8.00']) await row.getByRole('cell', { name: amount, exact: true }).waitFor();

    const limit = page.getByLabel('Stop borrowing when unpaid fines exceed');
    await limit.fill('12.5');
    await page.getByLabel('Days sent messages keep what they said').fill('90');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('The lending settings have been saved.').waitFor();
    await expectAccessible(page);

    const policies = (await (await page.request.get('/api/policies')).json()) as {
      items: { memberCategory: { code: string }; itemType: { code: string }; dailyFinePence: number; requestFeePence: number; fineCapPence: number }[];
      settings: { finesBlockAbovePence: number; messageRetentionDays: number };
    };
    const adultBook = policies.items.find((p) => p.memberCategory.code === 'adult' && p.itemType.code === 'book')!;
    expect(adultBook).toMatchObject({ dailyFinePence: 30, requestFeePence: 50, fineCapPence: 800 });
    expect(policies.settings).toMatchObject({ finesBlockAbovePence: 1250, messageRetentionDays: 90 });
  });
});
