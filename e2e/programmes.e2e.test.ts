import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createStaffAccount, TEST_PASSWORD } from '../test/harness.ts';
import { adminApi, type AdminApi, adminTenantId, atPhoneWidth, type BrowserRun, expectAccessible, screenshot, signedInPage, startBrowserRun } from './support.ts';

let run: BrowserRun;
let call: AdminApi;
let tenantId: string;

beforeAll(async () => {
  run = await startBrowserRun();
  call = await adminApi(run, 'Programmes browser test');
  tenantId = await adminTenantId(run);
});
afterAll(() => run?.close());

async function signedInLeader(): Promise<Page> {
  const account = await createStaffAccount(run.server, tenantId, 'programme_leader');
  return signedInPage(run, { email: account.email, password: TEST_PASSWORD });
}

const ARABIC_NAME = 'دردشة واسترخاء';

describe('the programme screens in a browser', () => {
  it('creates a programme with an Arabic translation and a weekly schedule at a branch, and shows its public page right to left', async () => {
    await call('/api/branches', { name: 'Sudbury Library', address: '1 Market Hill, Sudbury' });
    const page = await signedInLeader();

    // The list, reached from the main navigation.
    await page.getByRole('link', { name: 'Programmes', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Programmes' }).waitFor();
    await page.getByText('There are no programmes yet.').waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'New programme' }).click();

    // The programme's own text and what the public is told about it.
    await page.getByRole('heading', { level: 1, name: 'New programme' }).waitFor();
    await page.getByRole('button', { name: 'Create programme' }).click();
    await page.getByRole('alert').getByText('Name is required').first().waitFor();
    await expectAccessible(page);
    await page.getByLabel('Name', { exact: true }).fill('Chat and chill');
    await page.getByLabel(/^Description/).fill('An informal group for women new to the country: everyday English skills, tea and friends.');
    await page.getByLabel('Who it is for').selectOption('women');
    await page.getByLabel('Women only').check();
    expect(await page.getByLabel('Free').isChecked()).toBe(true);
    expect(await page.getByLabel('No booking needed').isChecked()).toBe(true);
    await page.getByLabel(/^Eligibility note/).fill('For women new to the country');
    await page.getByLabel(/^Suggested donation/).fill('0.50');
    await page.getByRole('button', { name: 'Create programme' }).click();

    await page.getByRole('heading', { level: 1, name: 'Chat and chill' }).waitFor();
    await page.getByRole('status').getByText(/Chat and chill\W*created/).waitFor();
    expect(await page.getByLabel(/^Suggested donation/).inputValue()).toBe('0.50');
    const programmeId = new URL(page.url()).pathname.split('/').pop() ?? '';

    // An Arabic translation, typed right to left.
    await page.getByLabel('Language to add').selectOption('ar');
    await page.getByRole('button', { name: 'Add translation' }).click();
    const arabicName = page.getByLabel('Name in Arabic');
    await arabicName.waitFor();
    expect(await arabicName.getAttribute('dir')).toBe('rtl');
    expect(await arabicName.getAttribute('lang')).toBe('ar');
    await arabicName.fill(ARABIC_NAME);
    await page.getByLabel(/^Eligibility note in Arabic/).fill('للنساء القادمات حديثًا إلى البلد');
    await page.getByRole('button', { name: 'Save Arabic' }).click();
    await page.getByRole('status').getByText('Arabic translation saved.').waitFor();

    // A branch in one action.
    await page.getByLabel('Branch to add').selectOption({ label: 'Sudbury Library' });
    await page.getByRole('button', { name: 'Add branch' }).click();
    await page.getByRole('status').getByText(/now runs at\W*Sudbury Library/).waitFor();
    await page.getByRole('table', { name: 'Branches the programme runs at' }).getByRole('row', { name: /Sudbury Library/ }).waitFor();

    // A schedule: a rule the server cannot read is refused beside its field, then a weekly one is saved.
    await page.getByRole('button', { name: 'New schedule' }).click();
    await page.getByRole('heading', { level: 3, name: 'New schedule' }).waitFor();
    await page.getByLabel('Advanced: an iCalendar repeat rule').check();
    await page.getByLabel('Repeat rule (RRULE)').fill('FREQ=SOMETIMES');
    await page.getByLabel('Starts').fill('10:00');
    await page.getByLabel('Ends').fill('11:30');
    await page.getByRole('button', { name: 'Add schedule' }).click();
    await page.locator('.field--error').getByText(/not one Hearth can read/).waitFor();
    await expectAccessible(page);
    await page.getByLabel('On chosen days every week or every few weeks').check();
    await page.getByLabel('Tuesday').check();
    await page.getByLabel(/^Room/).fill('Community room');
    await page.getByRole('button', { name: 'Add schedule' }).click();
    await page.getByRole('status').getByText('Schedule added and its sessions planned.').waitFor();
    await page.getByRole('table', { name: 'Recurring sessions' }).getByRole('row', { name: /Every week on Tuesday.*Sudbury Library.*Community room/ }).waitFor();
    await page.getByRole('link', { name: /Public page in Arabic/ }).waitFor();
    await page.getByRole('link', { name: 'Calendar feed (.ics)' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'programmes-editor');
    await atPhoneWidth(page);

    // The calendar shows its Tuesdays; one is cancelled with a reason, then reinstated.
    await page.getByRole('link', { name: 'Session calendar' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Session calendar' }).waitFor();
    const sessions = page.getByRole('table', { name: 'Sessions in date order' });
    const first = sessions.getByRole('row', { name: /Chat and chill/ }).first();
    await first.waitFor();
    await first.getByRole('link', { name: /^Register/ }).waitFor();
    await expectAccessible(page);
    await first.getByRole('button', { name: /^Cancel session/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Cancel this session' }).waitFor();
    await page.getByLabel('Reason').fill('The community room is closed for repairs.');
    await page.getByRole('button', { name: 'Cancel session', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this session?' });
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel session' }).click();
    await page.getByRole('status').getByText(/cancelled\. 0 people were told\./).waitFor();
    await sessions.getByRole('row', { name: /Cancelled.*closed for repairs/ }).waitFor();
    await sessions.getByRole('button', { name: /^Reinstate/ }).click();
    await page.getByRole('dialog', { name: 'Reinstate this session?' }).getByRole('button', { name: 'Reinstate' }).click();
    await page.getByRole('status').getByText(/is going ahead again/).waitFor();
    await atPhoneWidth(page);

    // The list now has it, with its badges and its Arabic translation.
    await page.getByRole('link', { name: 'All programmes' }).click();
    await page.getByRole('table', { name: /Programmes, where they run/ }).getByRole('row', { name: /Chat and chill.*Sudbury Library.*Women only.*Arabic/ }).waitFor();
    await expectAccessible(page);

    // The public page, rendered by the server in Arabic, right to left. Its strict content security
    // policy refuses inline scripts, so the accessibility checker is let in by a context that bypasses it.
    const visitor = await (await run.browser.newContext({ baseURL: run.server.url, bypassCSP: true, viewport: { width: 1280, height: 800 } })).newPage();
    await visitor.goto(`/public/programmes/${programmeId}?lang=ar`);
    await visitor.getByRole('heading', { level: 1, name: ARABIC_NAME }).waitFor();
    expect(await visitor.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await visitor.evaluate(() => document.documentElement.lang)).toBe('ar');
    await expectAccessible(visitor);
    await screenshot(visitor, 'programme-public-ar');
    await atPhoneWidth(visitor);
  });

  it('keeps skill topics with their resources, and lists other services’ shared programmes', async () => {
    const page = await signedInLeader();
    await page.goto('/programmes/topics');
    await page.getByRole('heading', { level: 1, name: 'Skill topics and resources' }).waitFor();
    await page.getByLabel('Topic', { exact: true }).fill('Booking a GP appointment');
    await page.getByRole('button', { name: 'Add topic' }).click();
    await page.getByRole('heading', { level: 2, name: 'Booking a GP appointment' }).waitFor();
    await page.getByRole('button', { name: /^Add resource Booking a GP appointment/ }).click();
    await page.getByLabel('Title').fill('NHS: how to register with a GP');
    await page.getByLabel('Web address').fill('https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/');
    await page.getByRole('button', { name: 'Add resource', exact: true }).click();
    await page.getByRole('link', { name: /NHS: how to register with a GP/ }).waitFor();
    await page.getByRole('button', { name: /^Add resource Booking a GP appointment/ }).click();
    await page.getByLabel('Phrase sheet').check();
    await page.getByLabel('Title').fill('Phrases for the surgery');
    await page.getByLabel('Language of the resource').selectOption('ar');
    await page.getByLabel('File to upload').setInputFiles({ name: 'phrases.txt', mimeType: 'text/plain', buffer: Buffer.from('I would like an appointment, please.\n') });
    await page.getByRole('button', { name: 'Add resource', exact: true }).click();
    await page.getByText('Phrase sheet in Arabic').waitFor();
    await expectAccessible(page);
    await atPhoneWidth(page);

    await page.goto('/programmes/shared');
    await page.getByRole('heading', { level: 1, name: 'Shared programmes' }).waitFor();
    await expectAccessible(page);
  });
});
