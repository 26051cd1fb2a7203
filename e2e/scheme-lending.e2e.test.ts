import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/policies/calendar.ts';
import { addCopy, adminApi, expectAccessible, expectNoHorizontalScroll, signedInPage, startBrowserRun, type BrowserRun, type AdminApi } from './support.ts';

let run: BrowserRun;
let call: AdminApi;
const db = () => run.server.hearth.database.db;

beforeAll(async () => {
  run = await startBrowserRun();
  call = await adminApi(run, 'Scheme lending browser test');
});
afterAll(() => run?.close());

let seeded = 0;

/** A reader on the scheme with two books out, collected by their son, one of them already late. */
async function seedSchemeReader() {
  const suffix = ++seeded;
  const branch = await call<{ id: string }>('/api/branches', { name: `Haverhill Library ${suffix}` });
  const reader = await call<{ id: string; cardNumber: string }>('/api/members', { name: 'Nathaniel Hughes', homeBranchId: branch.id });
  await call('/api/good-neighbour/arrangements', {
    readerCardNumber: reader.cardNumber,
    neighbours: [{ name: 'Matthew Hughes', email: 'matthew.hughes@example.org', relationship: 'son' }],
    writeOffAfterDays: 30,
  });
  const loans: Record<string, { id: string }> = {};
  for (const [title, barcode] of [
    ['Emma', `E2E-GN-EMMA-${suffix}`],
    ['Persuasion', `E2E-GN-PERSUASION-${suffix}`],
  ] as const) {
    await addCopy(call, branch.id, barcode, { title, authors: ['Jane Austen'], format: 'book' });
    loans[title] = await call<{ id: string }>('/api/loans', { cardNumber: reader.cardNumber, itemBarcode: barcode, onBehalfOf: 'Matthew Hughes' });
  }
  const lateSince = addDays(run.server.hearth.clock.today(), -3);
  await db().updateTable('loans').set({ due_date: lateSince }).where('id', '=', loans.Emma!.id).execute();
  return { reader, persuasion: { loanId: loans.Persuasion!.id, barcode: `E2E-GN-PERSUASION-${suffix}` } };
}

describe('lending under the Good Neighbour scheme in a browser', () => {
  it('shows fine-free loans, renews a late one without a fine, and marks, finds and refuses to write off a misplaced copy', async () => {
    const { reader } = await seedSchemeReader();
    const page = await signedInPage(run);
    await page.goto(`/members/${reader.id}`);

    const loans = page.getByRole('table', { name: /Items on loan to/ });
    const emma = loans.getByRole('row', { name: /Emma/ });
    await emma.getByText('Fine-free: lent under the Good Neighbour scheme').waitFor();

    await emma.getByRole('button', { name: 'Renew Emma' }).click();
    await page.getByRole('status').getByText(/Emma\W*renewed, now due .*It was late; the fine of £\d+\.\d\d is waived by the Good Neighbour scheme\./).waitFor();
    await emma.getByText(/Fines waived by the scheme so far: £\d+\.\d\d/).waitFor();

    await emma.getByRole('button', { name: 'Misplaced at home Emma' }).click();
    await page.getByRole('status').getByText(/Emma\W*is marked as misplaced at home\. Nothing is charged while it is looked for\./).waitFor();
    await emma.getByText('Misplaced at home', { exact: true }).waitFor();
    await emma.getByText(/Since .*, reported by\W*library staff/).waitFor();
    await emma.getByText(/Can be written off from/).waitFor();
    await expectAccessible(page);

    await emma.getByRole('button', { name: 'Write off Emma' }).click();
    const dialog = page.getByRole('dialog', { name: /Write off\W*Emma/ });
    await dialog.getByText(/Nothing is charged\./).waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Write off' }).click();
    await page.getByRole('alert').getByText(/Emma\W*was not changed: it has not been misplaced long enough to be written off yet\./).waitFor();

    await emma.getByRole('button', { name: 'Found at home Emma' }).click();
    await page.getByRole('status').getByText(/Emma\W*was found at home\. The loan carries on as usual\./).waitFor();
    await emma.getByRole('button', { name: 'Misplaced at home Emma' }).waitFor();

    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('row', { name: /Emma/ }).getByText('بلا غرامات: أُعير ضمن برنامج الجار الطيب').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });

  it('returns a copy that was misplaced at home, saying the fine is waived by the scheme', async () => {
    const { persuasion } = await seedSchemeReader();
    await call(`/api/loans/${persuasion.loanId}/misplaced-at-home`, { reportedBy: 'Matthew Hughes' });
    await db().updateTable('loans').set({ due_date: addDays(run.server.hearth.clock.today(), -3) }).where('id', '=', persuasion.loanId).execute();

    const page = await signedInPage(run);
    await page.goto('/desk/returns');
    await page.getByLabel('Item barcode').fill(persuasion.barcode);
    await page.getByLabel('Item barcode').press('Enter');
    await page.locator('.desk-fine').getByText(/No fine: £\d+\.\d\d waived by the Good Neighbour scheme\./).waitFor();
    await page.getByText(/It had been reported misplaced at home on/).waitFor();
    await expectAccessible(page);
  });
});
