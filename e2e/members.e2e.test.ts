import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, expectNoHorizontalScroll, screenshot, signedInPage, startBrowserRun, type BrowserRun } from './support.ts';

let run: BrowserRun;
beforeAll(async () => {
  run = await startBrowserRun();
});
afterAll(() => run?.close());

async function searchMembers(page: Page, query: string) {
  await page.getByLabel('Card number, name or email').fill(query);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('heading', { level: 2, name: 'Results' }).waitFor();
}

describe('members and policies in a browser', () => {
  it('registers a member, finds them by an accent-less name and by card, and records consent', async () => {
    const page = await signedInPage(run);
    await page.getByLabel('Branch name').fill('Lowestoft Library');
    await page.getByRole('button', { name: 'Add branch' }).click();
    await page.getByText(/Lowestoft Library\W*has been added/).waitFor();

    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Register a member' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register a member' }).waitFor();
    await page.getByLabel('Full name').fill('Zoë Łukasiewicz');
    await page.getByLabel('Home branch').selectOption({ label: 'Lowestoft Library' });
    await page.getByLabel('Email address').fill('zoe.lukasiewicz@example.org');
    // Only languages notices are written in are offered: any other would quietly get English.
    expect(await page.getByLabel('Language for notices').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['en', 'ar']);
    await page.getByLabel('Language for notices').selectOption('ar');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Register member' }).click();

    await page.getByRole('heading', { level: 1, name: 'Zoë Łukasiewicz' }).waitFor();
    const registered = await page.getByText(/Their card number is/).textContent();
    const card = /(\d{14})/.exec(registered ?? '')![1]!;
    await page.locator('dl').getByText('Arabic', { exact: true }).waitFor();
    const history = page.getByLabel(/Keep a reading history/);
    expect(await history.isChecked()).toBe(false);
    // The switch follows the saved record, so it shows as ticked once the server has recorded the consent.
    await history.click();
    await page.getByText(/now has a reading history kept/).waitFor();
    await page.getByText(/^Agreed on/).waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Back to member search' }).click();
    await searchMembers(page, 'zoe lukasiewicz');
    await page.getByRole('link', { name: 'Zoë Łukasiewicz' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'members');

    await searchMembers(page, card);
    await page.getByRole('cell', { name: card }).waitFor();
    await page.getByRole('link', { name: 'Zoë Łukasiewicz' }).click();
    await page.getByRole('heading', { level: 1, name: 'Zoë Łukasiewicz' }).waitFor();
    expect(await page.getByLabel(/Keep a reading history/).isChecked()).toBe(true);

    await page.getByLabel('Language').first().selectOption('ar');
    await page.getByRole('heading', { level: 2, name: 'اختيارات العضو' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.locator('dl').getByText('العربية', { exact: true }).waitFor();
    await expectAccessible(page);
  });

  it('changes a policy’s loan period, which the audit log records, and closes a branch for Christmas', async () => {
    const page = await signedInPage(run);
    await page.getByRole('link', { name: 'Policies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lending policies' }).waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Edit the rule for Adult borrowing Book' }).click();
    await page.getByLabel('Loan period (days)').fill('28');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText(/rule for\W*Adult\W*borrowing\W*Book\W*has been saved/).waitFor();
    const row = page.getByRole('row', { name: /Adult/ });
    await row.getByRole('cell', { name: '28', exact: true }).waitFor();

    await page.getByLabel('Date', { exact: true }).fill('2026-12-25');
    await page.getByLabel(/^Reason/).fill('Christmas Day');
    await page.getByRole('button', { name: 'Add closure' }).click();
    await page.getByRole('cell', { name: 'Christmas Day' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'policies');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByRole('cell', { name: 'lending_policy.updated' }).first().waitFor();
    await expect.poll(() => page.getByText(/"loanDays"/).count()).toBeGreaterThan(0);
  });

  it('fits a 320 px wide phone screen', async () => {
    const page = await signedInPage(run, { viewport: { width: 320, height: 640 } });
    for (const [path, title] of [
      ['/members', 'Members'],
      ['/members/new', 'Register a member'],
      ['/policies', 'Lending policies'],
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
    }
  });
});
