import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Role } from '../src/platform/auth/roles.ts';
import { addDays } from '../src/policies/calendar.ts';
import { createStaffAccount, TEST_PASSWORD } from '../test/harness.ts';
import { adminApi, type AdminApi, adminTenantId, atPhoneWidth, type BrowserRun, expectAccessible, screenshot, signedInPage, startBrowserRun } from './support.ts';

let run: BrowserRun;
let call: AdminApi;
let tenantId: string;

beforeAll(async () => {
  run = await startBrowserRun();
  call = await adminApi(run, 'Programme participants browser test');
  tenantId = await adminTenantId(run);
});
afterAll(() => run?.close());

interface ParticipantJson {
  id: string;
  preferredName: string;
  wantsCancellationNotices: boolean;
  noticeLanguage: string;
}

/**
 * Chat and chill at one branch with an Arabic translation. Last week Amina came and became an
 * ambassador; Farida came too, invited by her. The next session is tomorrow.
 */
async function seed(name: string) {
  const today = run.server.hearth.clock.today();
  const branch = await call<{ id: string }>('/api/branches', { name: `${name} Library` });
  const programme = await call<{ id: string }>('/api/programmes', {
    name,
    womenOnly: true,
    branchIds: [branch.id],
    translations: [{ language: 'ar', name: `${name} بالعربية` }],
  });
  const session = (date: string) => call<{ id: string }>(`/api/programmes/${programme.id}/sessions`, { branchId: branch.id, date, startsLocal: '10:00', endsLocal: '11:30' });
  const lastWeek = await session(addDays(today, -7));
  const newcomer = (body: object) => call<{ participant: { id: string } }>(`/api/programmes/sessions/${lastWeek.id}/newcomers`, { eligibilityConfirmed: true, ...body });
  const amina = await newcomer({ preferredName: 'Amina', languages: ['ar', 'en'], heardVia: 'school', contact: 'amina@example.org' });
  const ambassador = await call<{ id: string }>(`/api/programmes/${programme.id}/ambassadors`, { participantId: amina.participant.id });
  const farida = await newcomer({ preferredName: 'Farida', languages: ['prs'], invitedByAmbassadorId: ambassador.id });
  await session(addDays(today, 1));
  return { programme, lastWeek, aminaId: amina.participant.id, faridaId: farida.participant.id };
}

async function signedIn(role: Role): Promise<Page> {
  const account = await createStaffAccount(run.server, tenantId, role);
  return signedInPage(run, { email: account.email, password: TEST_PASSWORD });
}

const participantsTable = (page: Page) => page.getByRole('table', { name: /participant/ });

describe('the participants screen in a browser', () => {
  it('finds a participant and changes her notice preference, then erases another whose attendance still counts', async () => {
    const { programme, lastWeek, aminaId, faridaId } = await seed('Chat and chill');
    const page = await signedIn('programme_leader');

    // From the programmes list, a search by part of her preferred name.
    await page.getByRole('link', { name: 'Programmes', exact: true }).click();
    await page.getByRole('link', { name: 'Participants' }).click();
    await page.getByRole('heading', { level: 1, name: 'Participants' }).waitFor();
    await participantsTable(page).getByRole('row', { name: /Farida.*Dari.*An ambassador.*Amina.*Chat and chill.*1 visit/ }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Preferred name').fill('ami');
    await page.getByRole('button', { name: 'Search' }).click();
    const aminaRow = participantsTable(page).getByRole('row', { name: /Amina.*Ambassador.*Arabic, English.*A school/ });
    // Amina's row is in the unfiltered list too, so the search has landed only once Farida's has gone.
    await expect.poll(() => participantsTable(page).getByRole('row', { name: /Farida/ }).count()).toBe(0);
    await aminaRow.waitFor();

    // Opening her: notices need a contact, so clearing it is refused beside the field.
    await aminaRow.getByRole('button', { name: 'Open Amina' }).click();
    await page.getByRole('heading', { level: 2, name: 'Amina' }).waitFor();
    expect(await page.getByLabel(/^Email or phone/).inputValue()).toBe('amina@example.org');
    await page.getByLabel('She wants to hear when a session is cancelled').check();
    await page.getByLabel(/^Email or phone/).fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').getByText(/Enter an email or phone number/).first().waitFor();
    await expectAccessible(page);
    await page.getByLabel(/^Email or phone/).fill('amina@example.org');
    await page.getByLabel('Language for notices').selectOption('ar');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText(/Amina\W*: changes saved\./).waitFor();
    const amina = await call<ParticipantJson>(`/api/programmes/participants/${aminaId}`);
    expect(amina).toMatchObject({ wantsCancellationNotices: true, noticeLanguage: 'ar' });

    // From the programme page, only this programme's people; Farida asks to be erased.
    await page.goto(`/programmes/${programme.id}`);
    await page.getByRole('navigation', { name: 'Run this programme' }).getByRole('link', { name: 'Participants' }).click();
    await page.getByRole('heading', { level: 2, name: /Participants of\W*Chat and chill/ }).waitFor();
    await participantsTable(page).getByRole('button', { name: 'Open Farida' }).click();
    await page.getByRole('heading', { level: 2, name: 'Farida' }).waitFor();
    await page.getByRole('button', { name: 'Erase her Farida' }).click();
    const dialog = page.getByRole('dialog', { name: /Erase\W*Farida\W*\?/ });
    await dialog.getByText('Her attendance still counts, anonymously', { exact: false }).waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Erase her' }).click();
    await page.getByRole('status').getByText(/Farida\W*erased\. Her attendance still counts, anonymously\./).waitFor();
    await expect.poll(() => participantsTable(page).getByRole('row', { name: /Farida/ }).count()).toBe(0);
    await participantsTable(page).getByRole('row', { name: /Amina/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'programme-participants');
    await atPhoneWidth(page);

    // Her name is gone from the API, while last week's register still counts two people.
    const { items } = await call<{ items: ParticipantJson[] }>(`/api/programmes/participants?programmeId=${programme.id}`);
    expect(items.map((p) => p.id)).toEqual([aminaId]);
    expect(items.some((p) => p.id === faridaId)).toBe(false);
    const register = await call<{ counts: { total: number; named: number } }>(`/api/programmes/sessions/${lastWeek.id}/register`);
    expect(register.counts).toMatchObject({ total: 2, named: 2 });
  });

  it('lets those who help at sessions change a participant but not erase her', async () => {
    await seed('Coffee and conversation');
    const page = await signedIn('branch_staff');
    await page.goto('/programmes/participants?q=Farida');
    await participantsTable(page).getByRole('row', { name: /Farida.*Coffee and conversation/ }).getByRole('button', { name: 'Open Farida' }).click();
    await page.getByRole('heading', { level: 2, name: 'Farida' }).waitFor();
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    expect(await page.getByRole('button', { name: /Erase her/ }).count()).toBe(0);
    await expectAccessible(page);
  });

  it('links a programme to everything about it, and archives and restores it', async () => {
    const { programme } = await seed('Sewing circle');
    const page = await signedIn('programme_leader');
    await page.goto(`/programmes/${programme.id}`);
    await page.getByRole('heading', { level: 1, name: 'Sewing circle' }).waitFor();
    const links = page.getByRole('navigation', { name: 'Run this programme' });
    for (const name of [/^Take the register for .* at\W*Sewing circle Library/, 'Session calendar', 'Participants', 'Ambassadors', 'Report', 'Donations', /Public page in English/, /Public page in Arabic/, 'Calendar feed (.ics)']) {
      await links.getByRole('link', { name }).waitFor();
    }
    expect(await links.getByRole('link', { name: /Public page in Arabic/ }).getAttribute('href')).toBe(`/public/programmes/${programme.id}?lang=ar`);
    await page.getByRole('table', { name: /The next sessions of\W*Sewing circle/ }).getByRole('link', { name: /^Register/ }).waitFor();
    await expectAccessible(page);
    await atPhoneWidth(page);

    // Archived, it leaves the public pages, and the list shows it apart.
    await page.getByRole('button', { name: 'Archive programme' }).click();
    const archiving = page.getByRole('dialog', { name: /Archive\W*Sewing circle\W*\?/ });
    await archiving.waitFor();
    await expectAccessible(page);
    await archiving.getByRole('button', { name: 'Archive programme' }).click();
    await page.getByRole('status').getByText(/Sewing circle\W*archived\./).waitFor();
    expect(await links.getByRole('link', { name: /Public page/ }).count()).toBe(0);
    expect((await fetch(`${run.server.url}/api/public/programmes/${programme.id}`)).status).toBe(404);
    await page.getByRole('link', { name: 'All programmes' }).click();
    await page.getByRole('table', { name: 'Archived programmes' }).getByRole('row', { name: /Sewing circle/ }).waitFor();
    expect(await page.getByRole('table', { name: /Programmes, where they run/ }).getByRole('row', { name: /Sewing circle/ }).count()).toBe(0);
    await expectAccessible(page);

    // Restored, it is back as it was.
    await page.getByRole('table', { name: 'Archived programmes' }).getByRole('link', { name: 'Sewing circle' }).click();
    await page.getByRole('button', { name: 'Restore programme' }).click();
    await page.getByRole('dialog', { name: /Restore\W*Sewing circle\W*\?/ }).getByRole('button', { name: 'Restore programme' }).click();
    await page.getByRole('status').getByText(/Sewing circle\W*restored\./).waitFor();
    await links.getByRole('link', { name: /Public page in English/ }).waitFor();
    expect((await fetch(`${run.server.url}/api/public/programmes/${programme.id}`)).status).toBe(200);
  });
});
