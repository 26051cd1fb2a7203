import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays } from '../src/policies/calendar.ts';
import { createStaffAccount, TEST_PASSWORD } from '../test/harness.ts';
import { addCopy, adminApi, type AdminApi, adminTenantId, atPhoneWidth, type BrowserRun, expectAccessible, expectNoHorizontalScroll, screenshot, signedInPage, startBrowserRun } from './support.ts';

let run: BrowserRun;
let call: AdminApi;
let tenantId: string;
const today = () => run.server.hearth.clock.today();

beforeAll(async () => {
  run = await startBrowserRun();
  call = await adminApi(run, 'Good Neighbour browser test');
  tenantId = await adminTenantId(run);
});
afterAll(() => run?.close());

/** Nathaniel with a book already at home, and his son Matthew, who has a library card of his own. */
async function seed() {
  const branch = await call<{ id: string }>('/api/branches', { name: 'Haverhill Library' });
  const reader = await call<{ id: string; cardNumber: string }>('/api/members', { name: 'Nathaniel Hughes', homeBranchId: branch.id });
  const matthew = await call<{ id: string; cardNumber: string }>('/api/members', { name: 'Matthew Hughes', email: 'matthew.hughes@example.org', homeBranchId: branch.id });
  const emma = await addCopy(call, branch.id, 'GN-EMMA', { title: 'Emma', authors: ['Jane Austen'], format: 'book' });
  const persuasion = await addCopy(call, branch.id, 'GN-PERSUASION', { title: 'Persuasion', authors: ['Jane Austen'], format: 'book' });
  await call('/api/loans', { cardNumber: reader.cardNumber, itemBarcode: emma.barcode });
  return { reader, matthew, persuasion };
}

async function signedInStaff(): Promise<Page> {
  const account = await createStaffAccount(run.server, tenantId, 'branch_staff');
  return signedInPage(run, { email: account.email, password: TEST_PASSWORD });
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);
const shortDate = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(new Date(iso));

describe('the Good Neighbour staff screens in a browser', () => {
  it('converts a ticket through the wizard, shows the arrangement, and lends to the reader when the neighbour’s card is scanned', async () => {
    const { reader, matthew, persuasion } = await seed();
    const firstVisit = addDays(today(), 3);
    const page = await signedInStaff();

    await page.goto(`/members/${reader.id}`);
    await page.getByRole('heading', { level: 1, name: 'Nathaniel Hughes' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Good Neighbour scheme' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Convert to Good Neighbour' }).click();

    // Step 1: the reader comes from the member page; how they were referred is asked.
    await page.getByRole('heading', { level: 1, name: 'Convert to Good Neighbour' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Step 1 of 4: The reader' }).waitFor();
    await page.locator('[aria-current="step"]').getByText('1. The reader').waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText('Choose how the reader was referred').first().waitFor();
    await expectAccessible(page);
    await page.getByLabel('How they were referred').selectOption('family');
    await page.getByLabel(/Referral note/).fill('His son asked at the desk.');
    await page.getByRole('button', { name: 'Continue' }).click();

    // Step 2: the neighbour, checked before moving on, with a fortnightly visit.
    await page.getByRole('heading', { level: 2, name: 'Step 2 of 4: Good Neighbours' }).waitFor();
    await expect.poll(() => focusedId(page)).toBe('gn-step-heading');
    await page.getByRole('button', { name: 'Continue' }).click();
    const problems = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await problems.getByText('Full name is required').waitFor();
    await problems.getByText(/Enter an email address to send warnings to/).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Full name').fill('Matthew Hughes');
    await page.getByLabel('Relationship to the reader').fill('Son');
    await page.getByLabel(/^Email address/).fill('matthew.hughes@example.org');
    await page.getByLabel(/^Their own library card/).fill(matthew.cardNumber);
    await page.getByLabel('Regular visits').selectOption('14');
    await page.getByLabel('Next visit').fill(firstVisit);
    expect(await page.getByLabel(/Email warnings before the reader’s books/).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Continue' }).click();

    // Step 3, then back to step 2 to show that going back keeps what was typed.
    await page.getByRole('heading', { level: 2, name: 'Step 3 of 4: Consent and settings' }).waitFor();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('heading', { level: 2, name: 'Step 2 of 4: Good Neighbours' }).waitFor();
    await expect.poll(() => focusedId(page)).toBe('gn-step-heading');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Matthew Hughes');
    expect(await page.getByLabel('Regular visits').inputValue()).toBe('14');
    await expectAccessible(page);
    await screenshot(page, 'good-neighbour-wizard');
    await atPhoneWidth(page, () => expectAccessible(page));
    await page.getByRole('button', { name: 'Continue' }).click();

    // Step 3: what Matthew may see, and Nathaniel's consent read to him.
    await page.getByRole('heading', { level: 2, name: 'Step 3 of 4: Consent and settings' }).waitFor();
    await page.getByText(/Nathaniel Hughes\W*, you are agreeing to join the library’s Good Neighbour scheme, so that\W*Matthew Hughes/).waitFor();
    expect(await page.getByRole('group', { name: /What\W*Matthew Hughes\W*may see/ }).getByLabel('What the reader has on loan and when it is due').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText('Read the consent wording to the reader and confirm that they agreed').first().waitFor();
    await page.getByLabel(/I read these words to/).check();
    await expectAccessible(page);
    await atPhoneWidth(page, async () => undefined);
    await page.getByRole('button', { name: 'Continue' }).click();

    // Step 4: check, go back once to show nothing is lost, and convert.
    await page.getByRole('heading', { level: 2, name: 'Step 4 of 4: Check and convert' }).waitFor();
    await page.getByText(`every fortnight from ${shortDate(firstVisit)}`).waitFor();
    await page.getByRole('button', { name: 'Back' }).click();
    expect(await page.getByLabel(/I read these words to/).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Convert the ticket' }).click();

    // The arrangement page: Matthew, his fortnightly visits and the next one, Nathaniel's loan.
    await page.getByRole('heading', { level: 1, name: /Good Neighbour:\W*Nathaniel Hughes/ }).waitFor();
    await page.getByRole('status').getByText(/is now on the Good Neighbour scheme/).waitFor();
    const card = page.getByRole('region', { name: /Matthew Hughes/ }).filter({ has: page.getByRole('heading', { level: 3 }) }).first();
    await card.getByText(`every fortnight from ${shortDate(firstVisit)}`).waitFor();
    await page.getByText(new RegExp(`${shortDate(firstVisit)} \\(\\W*Matthew Hughes\\W*\\)`)).first().waitFor();
    const loans = page.getByRole('table', { name: /Items on loan to/ });
    await loans.getByRole('row', { name: /Emma/ }).waitFor();
    await page.getByRole('link', { name: 'Help choose books' }).waitFor();
    await page.getByRole('link', { name: /Large-print list/ }).waitFor();
    await expectAccessible(page);

    await loans.getByRole('button', { name: 'Misplaced at home… Emma' }).click();
    await expect.poll(() => focusedId(page)).toBe('gn-misplaced-heading');
    await page.getByLabel('Who reported it').selectOption('Matthew Hughes');
    await page.getByRole('button', { name: 'Mark misplaced' }).click();
    await page.getByRole('status').getByText(/Emma\W*is marked misplaced at home/).waitFor();
    await loans.getByRole('row', { name: /Emma.*Misplaced.*reported by\W*Matthew Hughes/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'good-neighbour-arrangement');
    await atPhoneWidth(page, () => expectAccessible(page));

    await page.getByRole('button', { name: 'End arrangement' }).click();
    const dialog = page.getByRole('dialog', { name: /End\W*Nathaniel Hughes\W*’s arrangement/ });
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // At the desk, Matthew's own card opens Nathaniel's ticket and records Matthew as the collector.
    await page.getByRole('link', { name: 'Desk', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Issue desk' }).waitFor();
    await page.getByLabel('Card number').fill(matthew.cardNumber);
    await page.getByLabel('Card number').press('Enter');
    await page.getByRole('heading', { level: 2, name: /Matthew Hughes\W*is a Good Neighbour, collecting for/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Nathaniel Hughes' }).waitFor();
    await page.getByRole('status').getByText(/Lending to\W*Nathaniel Hughes\W*, collected by\W*Matthew Hughes/).waitFor();
    expect(await page.getByRole('radio', { name: 'Matthew Hughes' }).isChecked()).toBe(true);
    await expect.poll(() => focusedId(page)).toBe('desk-item');
    await page.getByLabel('Item barcode').fill(persuasion.barcode);
    await page.getByLabel('Item barcode').press('Enter');
    await page.getByRole('status').getByText(/Issued\W*Persuasion\W*, due/).waitFor();
    await page.getByRole('row', { name: /Persuasion.*collected by Matthew Hughes/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'good-neighbour-desk');

    const onLoan = await call<{ items: { title: string; onBehalfOf: string | null; schemeWaivesFines: boolean }[] }>(`/api/members/${reader.id}/loans`);
    expect(onLoan.items.find((loan) => loan.title === 'Persuasion')).toMatchObject({ onBehalfOf: 'Matthew Hughes', schemeWaivesFines: true });
    const matthewsOwn = await call<{ items: unknown[] }>(`/api/members/${matthew.id}/loans`);
    expect(matthewsOwn.items).toEqual([]);

    // The list finds the arrangement by the neighbour's name, with the report above it.
    await page.getByRole('link', { name: 'Good Neighbour', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Good Neighbour scheme' }).waitFor();
    await page.getByLabel('Reader or Good Neighbour').fill('matthew');
    await page.getByRole('button', { name: 'Show arrangements' }).click();
    await page.getByRole('table', { name: '1 active arrangement' }).getByRole('row', { name: /Nathaniel Hughes.*Matthew Hughes/ }).waitFor();
    await expect.poll(() => page.locator('#gn-report-activeArrangements').textContent()).toBe('1');
    await expect.poll(() => page.locator('#gn-report-misplacedAtHomeNow').textContent()).toBe('1');
    await expectAccessible(page);
    await screenshot(page, 'good-neighbour-list');

    await page.getByRole('link', { name: 'Nathaniel Hughes' }).click();
    await page.getByRole('heading', { level: 1, name: /Good Neighbour:\W*Nathaniel Hughes/ }).waitFor();
    await page.setViewportSize({ width: 320, height: 640 });
    await page.getByLabel('Language').first().selectOption('ar');
    await page.getByRole('heading', { level: 2, name: 'الجيران الطيبون' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });

  it('refuses to convert a reader already on the scheme, whether their card is typed or they come from their member page', async () => {
    const branch = await call<{ id: string }>('/api/branches', { name: 'Lowestoft Library' });
    const reader = await call<{ id: string; cardNumber: string }>('/api/members', { name: 'Amira Haddad', homeBranchId: branch.id });
    await call('/api/good-neighbour/arrangements', { readerCardNumber: reader.cardNumber, referralSource: 'health', neighbours: [{ name: 'Layla Haddad', relationship: 'daughter' }] });
    const page = await signedInStaff();
    await page.getByRole('link', { name: 'Good Neighbour', exact: true }).click();
    await page.getByRole('link', { name: 'Convert a reader’s ticket' }).click();
    await page.getByRole('heading', { level: 2, name: 'Step 1 of 4: The reader' }).waitFor();
    await page.getByLabel('How they were referred').selectOption('self');
    await page.getByLabel('Reader’s card number').fill('NO-SUCH-CARD');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText('No member has this card number').first().waitFor();
    await page.getByLabel('Reader’s card number').fill(reader.cardNumber);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText(/Amira Haddad\W*is already on the Good Neighbour scheme/).first().waitFor();
    await expectAccessible(page);

    await page.goto(`/members/${reader.id}/good-neighbour/convert`);
    await page.getByText(/Amira Haddad\W*is already on the Good Neighbour scheme/).waitFor();
    await page.getByRole('link', { name: 'Open their arrangement' }).click();
    await page.getByRole('heading', { level: 1, name: /Good Neighbour:\W*Amira Haddad/ }).waitFor();
    await page.getByText('No visits planned').waitFor();
    await expectAccessible(page);
  });
});
