import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/policies/calendar.ts';
import { addCopy, adminApi, expectAccessible, expectNoHorizontalScroll, screenshot, signedInPage, startBrowserRun, type BrowserRun, type AdminApi } from './support.ts';

let run: BrowserRun;
let call: AdminApi;

beforeAll(async () => {
  run = await startBrowserRun();
  call = await adminApi(run, 'Choosing browser test');
});
afterAll(() => run?.close());

/** A plain coloured cover, so the screenshot shows where covers go without reaching the internet. */
const cover = (colour: string) =>
  `data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="64" height="96"><rect width="64" height="96" fill="${colour}"/></svg>`).toString('base64')}`;

const title = (branchId: string, barcode: string, fields: { title: string; authors: string[]; format: string; genres?: string[]; subjects?: string[]; coverUrl?: string }) =>
  addCopy(call, branchId, barcode, { language: 'eng', ...fields });

/** Nathaniel, converted to the scheme with Matthew collecting from Haverhill, and a few titles on its shelves. */
async function seed() {
  const branch = await call<{ id: string }>('/api/branches', { name: 'Haverhill Library' });
  const reader = await call<{ id: string; cardNumber: string }>('/api/members', { name: 'Nathaniel Hughes', homeBranchId: branch.id, keepsHistory: true });
  const nextVisit = addDays(run.server.hearth.clock.today(), 9);
  const arrangement = await call<{ id: string }>('/api/good-neighbour/arrangements', {
    readerCardNumber: reader.cardNumber,
    neighbours: [{ name: 'Matthew Hughes', email: 'matthew.hughes@example.org', relationship: 'son', branchId: branch.id, nextVisit, visitEveryDays: 14 }],
  });
  await title(branch.id, 'CH-RAVEN', { title: 'Raven Black', authors: ['Ann Cleeves'], format: 'large_print', genres: ['Crime'], subjects: ['Shetland (Scotland)'], coverUrl: cover('#1f3b57') });
  await title(branch.id, 'CH-MOONSTONE', { title: 'The Moonstone', authors: ['Wilkie Collins'], format: 'large_print', genres: ['Crime'], coverUrl: cover('#6b2d16') });
  await title(branch.id, 'CH-GARDEN', { title: 'The Garden Year', authors: ['Monty Don'], format: 'large_print', subjects: ['Gardening'] });
  await title(branch.id, 'CH-HORROR', { title: 'The Haunting', authors: ['Shirley Jackson'], format: 'large_print', genres: ['Horror'] });
  return { arrangement, nextVisit, reader };
}

describe('the choosing screen in a browser', () => {
  it('records what the reader likes, explains suggestions, and sets one aside on the hold shelf for the next visit', async () => {
    const { arrangement, reader } = await seed();
    const page = await signedInPage(run);
    await page.goto(`/good-neighbour/arrangements/${arrangement.id}/choosing`);
    await page.getByRole('heading', { level: 1, name: /Help choosing for\W*Nathaniel Hughes/ }).waitFor();

    const profile = page.getByRole('form', { name: 'Reading profile' });
    const subjects = profile.getByRole('group', { name: 'Subjects and genres they enjoy' });
    await subjects.getByLabel('Add a subject or genre').fill('Crime');
    await subjects.getByLabel('Add a subject or genre').press('Enter');
    await subjects.getByRole('button', { name: 'Remove Crime' }).waitFor();
    const avoid = profile.getByRole('group', { name: 'Never suggest' });
    await avoid.getByLabel('Add something to avoid').fill('horror');
    await avoid.getByRole('button', { name: 'Add Never suggest' }).click();
    await profile.getByLabel('Large print').check();
    await profile.getByLabel('Language to add').selectOption('eng');
    await profile.getByRole('button', { name: 'Add language' }).click();
    await profile.getByRole('button', { name: 'Remove English' }).waitFor();
    await profile.getByLabel('Let what they have read before guide suggestions').waitFor();
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').getByText('Reading profile saved. The suggestions have been updated.').waitFor();

    const suggestions = page.getByRole('region', { name: 'Suggestions' });
    const raven = suggestions.getByRole('listitem').filter({ hasText: 'Raven Black' });
    await raven.getByText(/^Large print,\W*Crime\W*, in English$/).waitFor();
    await suggestions.getByRole('listitem').filter({ hasText: 'The Moonstone' }).waitFor();
    await suggestions.getByRole('listitem').filter({ hasText: 'The Garden Year' }).getByText('Large print, in English', { exact: true }).waitFor();
    expect(await suggestions.getByText('The Haunting').count()).toBe(0);
    await expectAccessible(page);

    await raven.getByRole('button', { name: 'Add to selection Raven Black' }).click();
    await page.getByRole('status').getByText(/Raven Black\W*added to the selection and put on the hold shelf at\W*Haverhill Library\W*until/).waitFor();
    const selection = page.getByRole('region', { name: 'Chosen for the next visit' });
    await selection.getByText(/For the visit on .*, collected from\W*Haverhill Library/).waitFor();
    await selection.getByRole('listitem').filter({ hasText: 'Raven Black' }).getByText(/On the hold shelf until/).waitFor();
    await expect.poll(() => suggestions.getByText('Raven Black').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'good-neighbour-choosing');

    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);

    await page.getByLabel('Language', { exact: true }).selectOption('ar');
    await page.getByRole('heading', { level: 2, name: 'المختار للزيارة القادمة' }).waitFor();
    await page.getByText(/^بخط كبير،\W*Crime\W*، باللغة /).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);

    await page.getByLabel('اللغة', { exact: true }).selectOption('en');
    await page.setViewportSize({ width: 1280, height: 800 });
    await selection.getByRole('button', { name: 'Remove Raven Black' }).click();
    await page.getByRole('status').getByText(/Raven Black\W*taken out of the selection/).waitFor();
    await suggestions.getByRole('listitem').filter({ hasText: 'Raven Black' }).getByRole('button', { name: 'Add to selection Raven Black' }).click();
    await selection.getByRole('listitem').filter({ hasText: 'Raven Black' }).getByText(/On the hold shelf until/).waitFor();

    // Matthew collects at the desk: lending the held copy completes the selection.
    await call('/api/loans', { cardNumber: reader.cardNumber, itemBarcode: 'CH-RAVEN', onBehalfOf: 'Matthew Hughes' });
    await page.reload();
    await selection.getByText('Nothing chosen yet. Add titles from the suggestions.').waitFor();
    await selection.getByRole('heading', { level: 3, name: /^Collected / }).waitFor();
    await selection.getByRole('listitem').filter({ hasText: 'Raven Black' }).getByText('Collected', { exact: true }).waitFor();
    await expectAccessible(page);
  });
});
