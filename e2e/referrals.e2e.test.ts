import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/policies/calendar.ts';
import { createStaffAccount, TEST_PASSWORD } from '../test/harness.ts';
import { adminApi, type AdminApi, adminTenantId, atPhoneWidth, type BrowserRun, expectAccessible, screenshot, signedInPage, startBrowserRun } from './support.ts';

let run: BrowserRun;
let call: AdminApi;
let tenantId: string;

beforeAll(async () => {
  run = await startBrowserRun();
  call = await adminApi(run, 'Warm Handover browser test');
  tenantId = await adminTenantId(run);
});
afterAll(() => run?.close());

/**
 * The library service's own organisation and a health organisation in one partnership, both having
 * accepted its agreement; a health service that takes referrals; and Samira, who came to a
 * programme session last week.
 */
async function seed() {
  const library = await call<{ id: string }>('/api/organisations', { name: 'Suffolk Libraries', kind: 'library_service' });
  const health = await call<{ id: string }>('/api/organisations', { name: 'East Suffolk Community Health', kind: 'health' });
  const partnership = await call<{ id: string }>('/api/partnerships', { name: 'Suffolk Warm Handover' });
  for (const organisation of [library, health]) await call(`/api/partnerships/${partnership.id}/members`, { organisationId: organisation.id });
  const agreement = await call<{ id: string }>(`/api/partnerships/${partnership.id}/agreements`, { version: '2026-1', body: 'Each organisation shares only what a referral needs, with the person’s consent.' });
  for (const organisation of [library, health]) await call(`/api/partnerships/${partnership.id}/agreements/${agreement.id}/accept`, { organisationId: organisation.id });
  await call('/api/service-directory/services', {
    organisationId: health.id,
    name: 'Wellbeing navigator',
    description: 'A health navigator who helps people find their way to the right care.',
    acceptingReferrals: true,
    typicalResponseDays: 3,
    languages: ['en', 'ar'],
    termIds: [],
    locations: [],
    phones: [],
    contacts: [],
    schedules: [],
  });

  const today = run.server.hearth.clock.today();
  const branch = await call<{ id: string }>('/api/branches', { name: 'Ipswich County Library' });
  const programme = await call<{ id: string }>('/api/programmes', { name: 'Conversation cafe', branchIds: [branch.id] });
  const session = await call<{ id: string }>(`/api/programmes/${programme.id}/sessions`, { branchId: branch.id, date: addDays(today, -7), startsLocal: '10:00', endsLocal: '11:30' });
  await call(`/api/programmes/sessions/${session.id}/newcomers`, { preferredName: 'Samira', languages: ['ar'], heardVia: 'walk_in', contact: '07700 900123' });

  const outreach = await createStaffAccount(run.server, tenantId, 'outreach');
  const caseworker = await createStaffAccount(run.server, tenantId, 'partner_caseworker', { organisationId: health.id });
  return { outreach, caseworker };
}

/** The service's name is isolated from the sentence around it, as every name a person typed is. */
const referralTitle = /^Referral to \W?Wellbeing navigator\W?$/;

const signedInAs = (email: string) => signedInPage(run, { email, password: TEST_PASSWORD });

describe('Warm Handover referrals in a browser', () => {
  it('sends a referral with consent from a participant, and the health caseworker accepts it and records a contact the library sees', async () => {
    const { outreach, caseworker } = await seed();

    // Library outreach staff refer Samira from the participants screen.
    const library = await signedInAs(outreach.email);
    await library.goto('/programmes/participants');
    await library.getByRole('heading', { level: 1, name: 'Participants' }).waitFor();
    await library.getByRole('link', { name: 'Refer Samira' }).click();
    await library.getByRole('heading', { level: 1, name: 'Make a referral' }).waitFor();
    expect(library.url()).not.toContain('Samira');

    await library.getByRole('search', { name: 'Find a service to refer to' }).getByLabel('Service or organisation').fill('Wellbeing');
    await library.getByRole('button', { name: 'Find services' }).click();
    await library.getByRole('button', { name: 'Refer to this service Wellbeing navigator' }).click();
    await library.getByText('East Suffolk Community Health').first().waitFor();
    // Nobody called Samira has been referred before, so her details are asked for, prefilled from the programme.
    await library.getByText('Nobody of that name has been referred before.', { exact: false }).waitFor();
    expect(await library.getByLabel('Name', { exact: true }).inputValue()).toBe('Samira');
    expect(await library.getByLabel('Contact detail', { exact: false }).inputValue()).toBe('07700 900123');
    await library.getByLabel('Safe times to contact', { exact: false }).fill('Weekday mornings');
    await library.getByLabel('Needs an interpreter').check();
    await library.getByLabel('Their story, in their own words').fill('Samira has had headaches for weeks and does not know how to register with a doctor.');
    await library.getByRole('group', { name: 'Needs' }).getByLabel('Health', { exact: true }).check();
    await library.getByRole('group', { name: 'How soon' }).getByLabel('Soon').check();

    // Consent: the health organisation is named and ticked; the referral waits until consent is complete.
    const send = library.getByRole('button', { name: 'Send the referral' });
    expect(await send.isDisabled()).toBe(true);
    const consentGroup = library.getByRole('group', { name: 'Organisations they agree to share with' });
    expect(await consentGroup.getByLabel('East Suffolk Community Health').isChecked()).toBe(true);
    expect(await library.getByLabel('The exact words they heard or read').inputValue()).toContain('East Suffolk Community Health');
    await library.getByRole('group', { name: 'How consent was given' }).getByLabel('Verbally').check();
    expect(await send.isDisabled()).toBe(false);
    await expectAccessible(library);
    await screenshot(library, 'referral-form');
    await atPhoneWidth(library);
    await send.click();

    await library.getByRole('heading', { level: 1, name: referralTitle }).waitFor();
    await library.getByRole('status').getByText('The referral is sent.', { exact: false }).waitFor();
    await library.getByText('Waiting for an answer').first().waitFor();
    await expectAccessible(library);

    // The health caseworker finds it in her incoming box, opens it, accepts it and records a contact.
    const health = await signedInAs(caseworker.email);
    await health.getByRole('link', { name: 'Referrals', exact: true }).click();
    await health.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
    const incoming = health.getByRole('table', { name: '1 referral received' });
    await incoming.getByRole('row', { name: /Samira.*Wellbeing navigator.*Suffolk Libraries.*Waiting for an answer.*Soon/ }).waitFor();
    await health.getByText('You have no open referrals.', { exact: false }).waitFor();
    await expectAccessible(health);
    await screenshot(health, 'referral-boxes');
    await atPhoneWidth(health);

    await incoming.getByRole('link', { name: /Samira/ }).click();
    await health.getByRole('heading', { level: 1, name: referralTitle }).waitFor();
    await health.getByText('Samira has had headaches for weeks', { exact: false }).waitFor();
    await health.getByText('Weekday mornings').waitFor();
    await expectAccessible(health);
    await health.getByRole('button', { name: 'Accept', exact: true }).click();
    await health.getByRole('status').getByText('The referral is now “Accepted”.').waitFor();
    expect(await health.getByRole('button', { name: 'Accept', exact: true }).count()).toBe(0);
    await health.getByRole('button', { name: 'Start work' }).waitFor();

    const contact = health.getByRole('form', { name: 'Record a contact' });
    await contact.getByLabel('How you reached them').selectOption({ label: 'Phone call' });
    await contact.getByLabel('What happened').fill('Spoke with Samira through an interpreter; appointment on Tuesday.');
    await contact.getByRole('button', { name: 'Record the contact' }).click();
    await health.getByRole('status').getByText('The contact is recorded on the timeline.').waitFor();
    await expectAccessible(health);

    // Back at the library, the referral shows as accepted, with the contact on the shared timeline.
    await library.getByRole('link', { name: 'Referrals', exact: true }).click();
    await library.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
    const outgoing = library.getByRole('table', { name: '1 referral sent' });
    await outgoing.getByRole('row', { name: /Samira.*Wellbeing navigator.*East Suffolk Community Health.*Accepted/ }).waitFor();
    await outgoing.getByRole('link', { name: /Samira/ }).click();
    await library.getByRole('heading', { level: 1, name: referralTitle }).waitFor();
    const timeline = library.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Now “Accepted”').waitFor();
    await timeline.getByText('Contact with the person: Phone call').waitFor();
    await timeline.getByText('Spoke with Samira through an interpreter; appointment on Tuesday.').waitFor();
    expect(await library.getByRole('button', { name: 'Cancel the referral' }).count()).toBe(1);
    await expectAccessible(library);
    await screenshot(library, 'referral-timeline');
    await atPhoneWidth(library);

    // Her own page: the story, the consent she gave, and who has read her information.
    await library.getByRole('link', { name: 'Samira', exact: true }).click();
    await library.getByRole('heading', { level: 1, name: 'Samira' }).waitFor();
    await library.getByRole('button', { name: /Withdraw consent/ }).waitFor();
    await library.getByRole('table', { name: 'Who has seen this information, newest first' }).getByRole('row', { name: /Test partner_caseworker.*East Suffolk Community Health.*Read their story/ }).first().waitFor();
    await expectAccessible(library);
    await atPhoneWidth(library);

    // The same page in Arabic reads right to left.
    await library.getByLabel('Language').selectOption('ar');
    await expect.poll(() => library.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await library.getByRole('heading', { level: 1, name: 'Samira' }).waitFor();
    await library.getByRole('button', { name: /سحب الموافقة/ }).waitFor();
    await expectAccessible(library);
    await atPhoneWidth(library);
  });
});
