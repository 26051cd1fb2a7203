import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCopy, adminApi, expectAccessible, expectNoHorizontalScroll, signedInPage, startBrowserRun, type AdminApi, type BrowserRun } from './support.ts';

let run: BrowserRun;
let call: AdminApi;

beforeAll(async () => {
  run = await startBrowserRun();
  call = await adminApi(run, 'Desk patrons browser test');
});
afterAll(() => run?.close());

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);

/** What a barcode scanner does: types the number, then Enter. */
async function scan(page: Page, value: string) {
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

describe('the issue desk from one patron to the next', () => {
  it('empties the card field after each card, replaces the member on a new scan, and finishes with Esc or the button', async () => {
    const branch = await call<{ id: string }>('/api/branches', { name: 'Lowestoft Library' });
    const joan = await call<{ cardNumber: string }>('/api/members', { name: 'Joan Ellis', homeBranchId: branch.id });
    const derek = await call<{ cardNumber: string }>('/api/members', { name: 'Derek Shaw', homeBranchId: branch.id });
    const cranford = await addCopy(call, branch.id, 'DESK-CRANFORD', { title: 'Cranford', authors: ['Elizabeth Gaskell'], format: 'book' });

    const page = await signedInPage(run);
    await page.getByRole('link', { name: 'Desk', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Issue desk' }).waitFor();
    const cardField = page.getByLabel('Card number');
    await cardField.click();

    await scan(page, joan.cardNumber);
    await page.getByRole('heading', { level: 2, name: 'Joan Ellis' }).waitFor();
    await expect.poll(() => cardField.inputValue()).toBe('');
    await expect.poll(() => focusedId(page)).toBe('desk-item');
    await scan(page, cranford.barcode);
    await page.getByRole('status').getByText(/Issued\W*Cranford\W*, due/).waitFor();

    // The next person's card, straight after: it replaces Joan without finishing first.
    await cardField.pressSequentially(derek.cardNumber);
    await cardField.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Derek Shaw' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Joan Ellis' }).count()).toBe(0);
    await expect.poll(() => cardField.inputValue()).toBe('');
    await expectAccessible(page);

    await page.keyboard.press('Escape');
    await page.getByRole('status').getByText(/Finished with\W*Derek Shaw\W*\. Scan the next card\./).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Derek Shaw' }).count()).toBe(0);
    await expect.poll(() => focusedId(page)).toBe('desk-card');

    // A card nobody holds stays in the field, selected, so the next scan replaces it.
    await scan(page, '29999999999999');
    await page.getByRole('alert').getByText('No member has this card number.').waitFor();
    expect(await cardField.inputValue()).toBe('29999999999999');
    await scan(page, joan.cardNumber);
    await page.getByRole('heading', { level: 2, name: 'Joan Ellis' }).waitFor();
    await expect.poll(() => cardField.inputValue()).toBe('');

    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Finish Joan Ellis' }).click();
    await page.getByRole('status').getByText(/Finished with\W*Joan Ellis/).waitFor();
    await expect.poll(() => focusedId(page)).toBe('desk-card');
    expect(await page.getByRole('heading', { level: 2, name: 'Joan Ellis' }).count()).toBe(0);
  });
});
