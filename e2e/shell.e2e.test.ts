import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, newPage, screenshot, signedInPage, signInThroughForm, startBrowserRun, type BrowserRun } from './support.ts';

let run: BrowserRun;
beforeAll(async () => {
  run = await startBrowserRun();
});
afterAll(() => run?.close());

describe('the staff shell in a browser', () => {
  it('signs in, creates a branch and sees it listed', async () => {
    const page = await newPage(run);
    await page.goto('/branches');
    await expect.poll(() => page.url()).toContain('/sign-in');
    await expectAccessible(page);
    await screenshot(page, 'sign-in');

    await signInThroughForm(page);
    await page.getByRole('heading', { level: 1, name: 'Branches' }).waitFor();
    await expectAccessible(page);

    await page.getByLabel('Branch name').fill('Haverhill Library');
    await page.getByLabel('Branch code').fill('HAV');
    await page.getByRole('button', { name: 'Add branch' }).click();
    await page.getByText(/Haverhill Library\W*has been added/).waitFor();
    const table = page.getByRole('table');
    await expect.poll(() => table.getByRole('cell', { name: 'Haverhill Library' }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'branches');

    await page.reload();
    await page.getByRole('cell', { name: 'Haverhill Library' }).waitFor();
  });

  it('switches to Arabic and lays the page out right to left', async () => {
    const page = await signedInPage(run);
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('heading', { level: 1, name: 'الفروع' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);
    // In right-to-left the navigation starts at the right-hand edge.
    const nav = page.getByRole('navigation').first();
    const box = (await nav.getByRole('link').first().boundingBox())!;
    expect(box.x + box.width).toBeGreaterThan(640);
    await expectAccessible(page);
    await screenshot(page, 'branches-arabic');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'الفروع' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
  });

  it('works on a 320 px wide phone screen', async () => {
    const page = await signedInPage(run, { viewport: { width: 320, height: 640 } });
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'branches-320px');
  });

  it('invites a member of staff, and the audit log shows it', async () => {
    const page = await signedInPage(run);
    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { level: 1, name: 'Staff' }).waitFor();
    await expectAccessible(page);

    await page.getByLabel('Full name').fill('Priya Shah');
    await page.getByLabel('Email address').fill('priya.shah@example.org');
    await page.getByLabel('Role', { exact: true }).selectOption('branch_staff');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(/Invitation sent to\W*Priya Shah/).waitFor();
    const row = page.getByRole('row', { name: /Priya Shah/ });
    await expect.poll(() => row.getByText('Invitation sent').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, 'staff');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByRole('cell', { name: 'staff.created' }).first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'audit-log');
  });

  it('adds partner organisations to a partnership', async () => {
    const page = await signedInPage(run);
    await page.getByRole('link', { name: 'Partners' }).click();
    await page.getByRole('heading', { level: 1, name: 'Partners' }).waitFor();
    await page.getByLabel('Organisation name').fill('Suffolk Refugee Support');
    await page.getByLabel('Kind of organisation').selectOption('charity');
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await page.getByText(/Suffolk Refugee Support\W*has been added/).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'partners');
  });
});
