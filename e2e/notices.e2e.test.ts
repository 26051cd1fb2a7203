import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/policies/calendar.ts';
import { makeBranch, makeItem, makeLoan, makeMember, makeRecord } from '../src/circulation/factories.ts';
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

/** A member reached by post or phone, with one loan that fell due yesterday. */
async function overdueReader(branchId: string, name: string, title: string, contact: { preferred_channel: 'post' | 'phone'; address?: string; phone?: string; language?: string }) {
  const member = await makeMember(db(), tenantId, branchId, { name, email: null, language: contact.language ?? 'en' });
  await db()
    .updateTable('members')
    .set({ preferred_channel: contact.preferred_channel, address: contact.address ?? null, phone: contact.phone ?? null })
    .where('id', '=', member.id)
    .execute();
  const record = await makeRecord(db(), tenantId, { title, authors: ['Jane Austen'] });
  const item = await makeItem(db(), tenantId, { branchId, recordId: record.id });
  await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId, dueDate: addDays(today(), -1) });
  return member;
}

describe('printed and phone notices in a browser', () => {
  it('lays out a letter a page for members who chose post, lists calls with what to say, and marks each done', async () => {
    const branch = await makeBranch(db(), tenantId, { name: 'Haverhill Library' });
    await db().updateTable('branches').set({ address: 'Camps Road\nHaverhill CB9 8HB' }).where('id', '=', branch.id).execute();
    await overdueReader(branch.id, 'Ruth Baker', 'Emma', { preferred_channel: 'post', address: '4 Mill Lane\nHaverhill CB9 8AA' });
    await overdueReader(branch.id, 'نور حسين', 'Persuasion', { preferred_channel: 'post', address: '12 Station Road\nHaverhill CB9 0AA', language: 'ar' });
    await overdueReader(branch.id, 'Arthur Pike', 'Sanditon', { preferred_channel: 'phone', phone: '01440 000 418' });

    const page = await signedInPage(run);
    await page.getByRole('link', { name: 'Notices', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Notices' }).waitFor();
    await page.getByRole('button', { name: 'Run notices' }).click();
    await page.getByRole('heading', { name: 'What this run did' }).waitFor();
    await page.getByRole('link', { name: 'Printed and phone notices for this day' }).click();

    await page.getByRole('heading', { level: 1, name: 'Printed and phone notices' }).waitFor();
    const letters = page.locator('article.printed-letter');
    await expect.poll(() => letters.count()).toBe(2);
    const ruth = page.getByRole('article', { name: 'An item is overdue' });
    await ruth.getByText('Dear Ruth Baker,').waitFor();
    for (const line of ['4 Mill Lane', 'Haverhill CB9 8AA', 'Camps Road', 'Haverhill CB9 8HB']) await ruth.getByText(line, { exact: true }).waitFor();
    await ruth.getByText(/^Emma — Jane Austen, due /).waitFor();
    const noor = page.getByRole('article', { name: 'مادة واحدة متأخرة عن موعد إرجاعها' });
    expect(await noor.getAttribute('dir')).toBe('rtl');
    expect(await noor.getAttribute('lang')).toBe('ar');

    const call = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Arthur Pike' }) });
    await call.getByRole('link', { name: '01440 000 418' }).waitFor();
    await call.getByText(/Sanditon\W*by\W*Jane Austen\W*was due back on .* and is now overdue\./).waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Mark as posted: letter to Ruth Baker' }).click();
    await page.getByRole('status').getByText(/The letter to\W*Ruth Baker\W*is marked as posted\./).waitFor();
    await page.getByText(/by\W*Administrator\W*,/).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Not posted after all: letter to Ruth Baker');
    await call.getByRole('button', { name: 'Mark as called: Arthur Pike' }).click();
    await call.getByText('Called', { exact: true }).waitFor();
    await page.getByText('1 of 2 letters still to post; 0 of 1 calls still to make', { exact: false }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'printed-notices');

    // Reading names and addresses is audited; so is each mark.
    const audited = await db().selectFrom('audit_log').select('action').where('tenant_id', '=', tenantId).where('action', 'like', 'notices.printed%').execute();
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['notices.printed_viewed', 'notices.printed_done']));

    // On paper: only the letters, one to a page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Phone calls to make' }).isVisible()).toBe(false);
    expect(await ruth.isVisible()).toBe(true);
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(2);
    await page.emulateMedia({ media: 'screen' });

    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });

  it("starts at the library's today and refuses a later day, which would send its notices early", async () => {
    const page = await signedInPage(run);
    await page.getByRole('link', { name: 'Notices', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Notices' }).waitFor();
    const date = page.getByLabel('Date', { exact: true });
    expect(await date.inputValue()).toBe(today());
    await expectAccessible(page);

    await date.fill(addDays(today(), 1));
    await page.getByRole('button', { name: 'Run notices' }).click();
    await page.getByRole('alert').getByText(`Notices cannot be run for a day after today (${today()}): they would go out early.`).waitFor();
    expect(await page.getByRole('heading', { name: 'What this run did' }).count()).toBe(0);
    await expectAccessible(page);
  });

  it('reads in Arabic, right to left, and says when a day has nothing to post or ring', async () => {
    const page = await signedInPage(run);
    await page.goto('/notices/printed?date=2020-01-06');
    await page.getByText('No letters for this day.').waitFor();
    await page.getByText('No calls for this day.').waitFor();
    await page.getByLabel('Language', { exact: true }).selectOption('ar');
    await page.getByRole('heading', { level: 1, name: 'الإشعارات المطبوعة والهاتفية' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expectAccessible(page);
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
  });
});
