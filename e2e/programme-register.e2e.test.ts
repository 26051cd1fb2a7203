import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays } from '../src/policies/calendar.ts';
import { createStaffAccount, TEST_PASSWORD } from '../test/harness.ts';
import { adminApi, type AdminApi, adminTenantId, atPhoneWidth, type BrowserRun, expectAccessible, expectNoHorizontalScroll, screenshot, signedInPage, startBrowserRun } from './support.ts';

let run: BrowserRun;
let call: AdminApi;
let tenantId: string;

beforeAll(async () => {
  run = await startBrowserRun();
  call = await adminApi(run, 'Programme register browser test');
  tenantId = await adminTenantId(run);
});
afterAll(() => run?.close());

/** Chat and chill at one branch: Amina came last week, and today's session is about to start. */
async function seed(branchName: string) {
  const today = run.server.hearth.clock.today();
  const branch = await call<{ id: string }>('/api/branches', { name: branchName });
  const programme = await call<{ id: string }>('/api/programmes', { name: `Chat and chill at ${branchName}`, womenOnly: true, branchIds: [branch.id] });
  const session = (date: string) => call<{ id: string }>(`/api/programmes/${programme.id}/sessions`, { branchId: branch.id, date, startsLocal: '10:00', endsLocal: '11:30', room: 'Community room' });
  await call('/api/programmes/topics', { name: `Booking a GP appointment ${programme.id.slice(0, 8)}` });
  const lastWeek = await session(addDays(today, -7));
  await call(`/api/programmes/sessions/${lastWeek.id}/newcomers`, { preferredName: 'Amina', languages: ['ar', 'en'], eligibilityConfirmed: true });
  return { programme, session: await session(today) };
}

async function signedInLeader(): Promise<Page> {
  const account = await createStaffAccount(run.server, tenantId, 'programme_leader');
  return signedInPage(run, { email: account.email, password: TEST_PASSWORD });
}

const count = (page: Page, figure: string) => page.locator(`#reg-count-${figure}`).textContent();

describe('the session register in a browser', () => {
  it('ticks a returning participant, adds a newcomer with her name and Enter, and records a headcount and donations', async () => {
    const { session } = await seed('Ipswich County Library');
    const page = await signedInLeader();

    await page.goto(`/programmes/sessions/${session.id}/register`);
    await page.getByRole('heading', { level: 1, name: /Register:\W*Chat and chill/ }).waitFor();
    await page.getByText('Community room').waitFor();
    const amina = page.getByRole('checkbox', { name: /Amina/ });
    expect(await amina.isChecked()).toBe(false);
    await expectAccessible(page);

    // A tick saves at once and says so.
    await amina.check();
    await page.getByRole('status').getByText(/Amina\W*is marked present/).waitFor();
    await expect.poll(() => count(page, 'total')).toBe('1');
    expect(await count(page, 'returning')).toBe('1');

    // A newcomer: her name and Enter; the women-only group asks for the eligibility tick first.
    const name = page.getByLabel('Her preferred name');
    await name.fill('Fatima');
    await name.press('Enter');
    await page.getByRole('alert').getByText('Tick to confirm she can join this women-only group').first().waitFor();
    await expectAccessible(page);
    await page.getByLabel('She confirms this women-only group is for her').check();
    await name.press('Enter');
    await page.getByRole('status').getByText(/Fatima\W*is added and marked present\. 2 people present\./).waitFor();
    expect(await page.getByRole('checkbox', { name: /Fatima/ }).isChecked()).toBe(true);
    expect(await name.inputValue()).toBe('');
    expect(await count(page, 'newcomers')).toBe('1');
    expect(await count(page, 'returning')).toBe('1');

    // Those whose names were not taken, and the donations tin.
    await page.getByLabel('Headcount only').fill('3');
    await page.getByLabel('Donations collected').fill('4.50');
    await page.getByRole('group', { name: 'Topics covered' }).getByLabel(/Booking a GP appointment/).first().check();
    await page.getByRole('button', { name: 'Save headcount and donations' }).click();
    await page.getByRole('status').getByText('Saved. 5 people present.').waitFor();
    expect(await count(page, 'total')).toBe('5');
    expect(await count(page, 'unnamed')).toBe('3');
    await expectAccessible(page);
    await screenshot(page, 'programme-register');
    await atPhoneWidth(page);

    const register = await call<{ topicIds: string[] }>(`/api/programmes/sessions/${session.id}/register`);
    expect(register).toMatchObject({ unnamedAttendees: 3, donationsPence: 450, counts: { named: 2, unnamed: 3, total: 5, newcomers: 1, returning: 1 } });
    expect(register.topicIds).toHaveLength(1);

    // A signposting, without her name as she was not asked.
    await page.getByLabel('Need').selectOption('housing');
    await page.getByLabel('Service').fill('Citizens Advice Ipswich');
    await page.getByRole('button', { name: 'Record signposting' }).click();
    await page.getByRole('status').getByText(/Signposting to\W*Citizens Advice Ipswich\W*is recorded/).waitFor();
    await page.getByRole('list', { name: 'Signposted at this session' }).getByText('Not named').waitFor();
    await expectAccessible(page);

    // Unticking is saved too, and the register reads right to left in Arabic.
    await amina.uncheck();
    await page.getByRole('status').getByText(/Amina\W*is no longer marked present/).waitFor();
    await expect.poll(() => count(page, 'total')).toBe('4');
    await page.setViewportSize({ width: 320, height: 640 });
    await page.getByLabel('Language').first().selectOption('ar');
    await page.getByRole('heading', { level: 2, name: 'إضافة قادمة جديدة' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });

  it('shows a programme’s ambassadors, her invitation cards, the programme report and the donations', async () => {
    const { programme, session } = await seed('Haverhill Library');
    const today = run.server.hearth.clock.today();
    await call(`/api/programmes/sessions/${session.id}/newcomers`, { preferredName: 'Layla', eligibilityConfirmed: true });
    const page = await signedInLeader();

    await page.goto(`/programmes/${programme.id}/ambassadors`);
    await page.getByRole('heading', { level: 1, name: /Ambassadors:\W*Chat and chill/ }).waitFor();
    await page.getByLabel('Find a participant').fill('Ami');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'Make ambassador Amina' }).click();
    await page.getByRole('status').getByText(/Amina\W*is now an ambassador/).waitFor();
    await page.getByRole('table', { name: '1 ambassador' }).getByRole('row', { name: /Amina/ }).waitFor();

    await page.getByLabel('Who was contacted').fill('St Mary’s Primary School');
    await page.getByLabel('Follow up on').fill(today);
    await page.getByRole('button', { name: 'Add to the log' }).click();
    await page.getByRole('table', { name: '1 contact' }).getByRole('row', { name: /St Mary’s Primary School.*Follow-up due/ }).waitFor();
    await expectAccessible(page);
    await atPhoneWidth(page);

    await page.getByRole('link', { name: 'Invitation cards Amina' }).click();
    await page.getByRole('heading', { level: 1, name: /Invitation cards:\W*Amina/ }).waitFor();
    await page.locator('.invitation-card[lang="ar"][dir="rtl"]').waitFor();
    await page.getByRole('img', { name: /QR code that opens/ }).first().waitFor();
    await page.getByRole('button', { name: 'Print the cards' }).waitFor();
    await expectAccessible(page);

    await page.goto(`/programmes/${programme.id}/report`);
    await page.getByRole('heading', { level: 1, name: /Report:\W*Chat and chill/ }).waitFor();
    await page.getByLabel('From', { exact: true }).fill(addDays(today, -7));
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('#report-uniqueParticipants').textContent()).toBe('2');
    expect(await page.locator('#report-newcomers').textContent()).toBe('2');
    await page.getByRole('link', { name: 'Download as CSV' }).waitFor();
    await expectAccessible(page);
    await atPhoneWidth(page);

    await page.getByRole('link', { name: 'Donations', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Donations' }).waitFor();
    await page.locator('#donations-total').waitFor();
    await expectAccessible(page);
  });
});
