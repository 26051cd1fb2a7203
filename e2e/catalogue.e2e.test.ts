import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, expectNoHorizontalScroll, screenshot, signedInPage, startBrowserRun, type BrowserRun } from './support.ts';

let run: BrowserRun;
beforeAll(async () => {
  run = await startBrowserRun();
});
afterAll(() => run?.close());

/** Writes through the API as the signed-in page, with its session cookie and CSRF token. */
async function apiAs(page: Page) {
  const me = await page.request.get('/api/auth/me');
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return async (url: string, data: object) => {
    const response = await page.request.post(url, { data, headers: { 'X-CSRF-Token': csrfToken } });
    expect(response.status(), `${url} ${await response.text()}`).toBe(201);
    return (await response.json()) as { id: string };
  };
}

async function seedCatalogue(page: Page) {
  const post = await apiAs(page);
  const ipswich = await post('/api/branches', { name: 'Ipswich County Library' });
  const haverhill = await post('/api/branches', { name: 'Haverhill Library' });
  const titles = [
    { title: 'The Little Café in Copenhagen', authors: ['Julie Caplin'], format: 'book', language: 'eng', copies: [ipswich, haverhill] },
    { title: 'The Gardening Year', authors: ['Monty Don'], subjects: ['Gardening'], format: 'book', language: 'eng', copies: [ipswich] },
    { title: 'Gardening for Wildlife', authors: ['Adrian Thomas'], subjects: ['Gardening'], format: 'large_print', language: 'eng', copies: [ipswich, ipswich, haverhill] },
    { title: 'Murder on the Orient Express', authors: ['Agatha Christie'], format: 'audiobook_cd', language: 'eng', copies: [haverhill] },
    { title: 'Ogród przez cały rok', authors: ['Marta Rzeźnicka'], subjects: ['Ogrodnictwo'], format: 'book', language: 'pol', copies: [haverhill] },
  ];
  let barcode = 5000;
  for (const { copies, ...fields } of titles) {
    const record = await post('/api/catalogue/records', fields);
    for (const branch of copies) await post('/api/items', { recordId: record.id, barcode: String(++barcode), branchId: branch.id, shelfLocation: 'Adult non-fiction' });
  }
}

async function search(page: Page, query: string) {
  await page.getByLabel('Search for').fill(query);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(query);
}

const results = (page: Page) => page.locator('.result-list .result__title');

describe('the catalogue in a browser', () => {
  it('searches without accents or exact spelling, filters by format and shows availability by branch', async () => {
    const page = await signedInPage(run);
    await seedCatalogue(page);

    await page.getByRole('link', { name: 'Catalogue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Catalogue' }).waitFor();
    await page.getByText('Found 5 titles.').waitFor();
    await expectAccessible(page);

    await search(page, 'cafe');
    await page.getByText('Found 1 title.').waitFor();
    await expect.poll(() => results(page).allTextContents()).toEqual(['The Little Café in Copenhagen']);
    await page.getByText('2 copies available').waitFor();

    await search(page, 'gardnening');
    await page.getByText(/close spellings are included: gardening/).waitFor();
    await expect.poll(() => results(page).allTextContents()).toContain('The Gardening Year');
    await expectAccessible(page);

    await search(page, 'gardening');
    await page.getByText('Found 2 titles.').waitFor();
    // The box is controlled by the address: it shows as ticked once the navigation lands, not on the click itself.
    await page.getByLabel('Large print (1)').click();
    await expect.poll(() => page.url()).toContain('format=large_print');
    await page.getByText('Found 1 title.').waitFor();
    await expect.poll(() => results(page).allTextContents()).toEqual(['Gardening for Wildlife']);
    await expect.poll(() => page.getByLabel('Large print (1)').isChecked()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'catalogue-search');

    await page.getByRole('link', { name: 'Gardening for Wildlife' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gardening for Wildlife' }).waitFor();
    const availability = page.getByRole('table', { name: 'Copies at each branch by status' });
    await expect.poll(() => availability.getByRole('row', { name: /Ipswich County Library/ }).getByRole('cell').allTextContents()).toEqual(['2', '0', '0', '0', '2']);
    await expect.poll(() => availability.getByRole('row', { name: /Haverhill Library/ }).getByRole('cell').allTextContents()).toEqual(['1', '0', '0', '0', '1']);
    await expect.poll(() => page.getByRole('table', { name: '3 copies' }).getByRole('row').count()).toBe(4);
    await expectAccessible(page);
    await screenshot(page, 'catalogue-record');

    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Back to search results' }).click();
    await page.getByText('Found 1 title.').waitFor();
    await expect.poll(() => page.getByLabel('Large print (1)').isChecked()).toBe(true);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });

  it('reads in Arabic, right to left, with Polish titles found without their accents', async () => {
    const page = await signedInPage(run);
    await page.goto('/catalogue?q=ogrod%20przez');
    await page.getByText('Found 1 title.').waitFor();
    await expect.poll(() => results(page).allTextContents()).toEqual(['Ogród przez cały rok']);
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('heading', { level: 1, name: 'الفهرس' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByText('عُثر على عنوان واحد.').waitFor();
    await expectAccessible(page);
  });
});
