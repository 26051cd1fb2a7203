import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount, TEST_PASSWORD } from '../test/harness.ts';
import { adminApi, type AdminApi, adminTenantId, atPhoneWidth, type BrowserRun, expectAccessible, screenshot, signedInPage, startBrowserRun } from './support.ts';

let run: BrowserRun;
let call: AdminApi;
let tenantId: string;
let caseworker: { email: string };

beforeAll(async () => {
  run = await startBrowserRun();
  call = await adminApi(run, 'Service directory browser test');
  tenantId = await adminTenantId(run);
  caseworker = await seed();
});
afterAll(() => run?.close());

interface Taxonomy {
  id: string;
  terms: { id: string; name: string }[];
}

/** A charity in a partnership with the library service, and a small tree of needs. */
async function seed() {
  const charity = await call<{ id: string }>('/api/organisations', { name: 'Ipswich Wellbeing Trust', kind: 'charity' });
  const partnership = await call<{ id: string }>('/api/partnerships', { name: 'Suffolk Warm Handover' });
  await call(`/api/partnerships/${partnership.id}/members`, { organisationId: charity.id });
  const taxonomy = await call<Taxonomy>('/api/service-directory/taxonomies', { name: 'Needs', description: 'What people come to the partnership for' });
  const withHealth = await call<Taxonomy>(`/api/service-directory/taxonomies/${taxonomy.id}/terms`, { name: 'Mental health' });
  const health = withHealth.terms.find((term) => term.name === 'Mental health')!;
  await call(`/api/service-directory/taxonomies/${taxonomy.id}/terms`, { name: 'Low mood', parentId: health.id });
  await call(`/api/service-directory/taxonomies/${taxonomy.id}/terms`, { name: 'Housing' });
  return createStaffAccount(run.server, tenantId, 'partner_caseworker', { organisationId: charity.id });
}

const signedInAs = async (email: string) => signedInPage(run, { email, password: TEST_PASSWORD });

describe('the service directory in a browser', () => {
  it('lets a partner caseworker list her service with a need, a language and a place, and library staff find it by need and language', async () => {
    const page = await signedInAs(caseworker.email);

    await page.getByRole('link', { name: 'Service directory' }).click();
    await page.getByRole('heading', { level: 1, name: 'Service directory' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Add a service' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add a service' }).waitFor();
    await expectAccessible(page);

    // Nothing filled in: the form's own checks, in the summary and beside the field.
    await page.getByRole('button', { name: 'Add the service' }).click();
    await page.getByRole('alert').getByText('Service name is required').waitFor();
    await expectAccessible(page);

    await page.getByLabel('Service name').fill('Low mood drop-in');
    await page.getByLabel('What the service does').fill('A weekly drop-in with a wellbeing worker, for anyone feeling low.');
    await page.getByLabel('Typical response time (days)', { exact: false }).fill('3');
    await page.getByRole('group', { name: 'Needs it meets' }).getByLabel('Low mood').check();
    await page.getByRole('group', { name: 'Languages the service is offered in' }).getByLabel('Arabic').check();
    await page.getByRole('button', { name: 'Add a place' }).click();
    const place = page.getByRole('group', { name: 'Place 1' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('service-locations-0-name');
    await place.getByLabel('Name of the place', { exact: false }).fill('Ipswich County Library');
    await place.getByLabel('Address line 1').fill('Northgate Street');
    await place.getByLabel('Town or city').fill('Ipswich');
    await place.getByLabel('Latitude', { exact: false }).fill('52.0593');
    await place.getByLabel('Longitude', { exact: false }).fill('1.1559');
    // A postcode the server's schema refuses: its field error comes back beside the postcode of this place.
    await place.getByLabel('Postcode').fill('IP1-3DE');
    await page.getByRole('group', { name: 'Monday' }).getByLabel('Closed').uncheck();
    await page.getByRole('button', { name: 'Add the service' }).click();
    await page.getByRole('alert').getByRole('link', { name: /Place 1, Postcode: Check the format/ }).waitFor();
    await place.locator('#service-locations-0-postalCode-error').waitFor();
    expect(await place.getByLabel('Postcode').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await atPhoneWidth(page);

    await place.getByLabel('Postcode').fill('IP1 3DE');
    await page.getByRole('button', { name: 'Add the service' }).click();

    await page.getByRole('heading', { level: 1, name: 'Low mood drop-in' }).waitFor();
    await page.getByRole('status').getByText('The service is now in the directory.').waitFor();
    await page.getByText('Ipswich Wellbeing Trust').first().waitFor();
    await page.getByText('Accepting referrals', { exact: true }).waitFor();
    await page.getByText('Usually answers a referral within 3 days').waitFor();
    await page.getByText('Mon: 09:00–17:00').waitFor();
    await page.getByRole('link', { name: 'Ipswich County Library on OpenStreetMap' }).waitFor();
    expect(await page.getByRole('link', { name: 'Ipswich County Library on OpenStreetMap' }).getAttribute('href')).toContain('mlat=52.0593');
    await page.getByRole('link', { name: 'Edit the service' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'directory-service');
    await atPhoneWidth(page);

    // Library staff search by the broader need and by language; the service is found under its narrower term.
    const staff = await createStaffAccount(run.server, tenantId, 'branch_staff');
    const desk = await signedInAs(staff.email);
    await desk.getByRole('link', { name: 'Service directory' }).click();
    await desk.getByRole('heading', { level: 1, name: 'Service directory' }).waitFor();
    const filters = desk.getByRole('form', { name: 'Search the service directory' });
    await filters.getByLabel('Need', { exact: true }).selectOption({ label: 'Mental health' });
    await filters.getByLabel('Language', { exact: true }).selectOption({ label: 'Arabic' });
    await filters.getByLabel('Near postcode').fill('IP1 3DE');
    await desk.getByRole('button', { name: 'Search' }).click();
    await desk.getByRole('status').getByText('1 service found').waitFor();
    const result = desk.getByRole('listitem').filter({ has: desk.getByRole('link', { name: 'Low mood drop-in' }) });
    await result.getByText('Ipswich Wellbeing Trust').waitFor();
    await result.getByText('Accepting referrals').waitFor();
    await result.getByText('0 km away').waitFor();
    await result.getByText('In Arabic').waitFor();
    await expectAccessible(desk);
    await screenshot(desk, 'directory-search');
    await atPhoneWidth(desk);

    await filters.getByLabel('Language', { exact: true }).selectOption({ label: 'Polish' });
    await desk.getByRole('button', { name: 'Search' }).click();
    await desk.getByText('No service matches. Try fewer filters or a wider distance.').waitFor();

    await filters.getByLabel('Language', { exact: true }).selectOption({ label: 'Arabic' });
    await desk.getByRole('button', { name: 'Search' }).click();
    await desk.getByRole('link', { name: 'Low mood drop-in' }).click();
    await desk.getByRole('heading', { level: 1, name: 'Low mood drop-in' }).waitFor();
    expect(await desk.getByRole('link', { name: 'Edit the service' }).count()).toBe(0);
    await expectAccessible(desk);
  });

  it('publishes a data-sharing agreement and lets the caseworker accept it for her organisation after reading it', async () => {
    const admin = await signedInPage(run);
    await admin.goto('/partners');
    const card = admin.getByRole('article').filter({ has: admin.getByRole('heading', { name: 'Suffolk Warm Handover' }) }).last();
    await card.getByText('No agreement has been published for this partnership yet.').waitFor();
    await card.getByRole('button', { name: 'Publish a new version' }).click();
    await card.getByLabel('Version', { exact: true }).fill('2026-1');
    await card.getByLabel('Text of the agreement').fill('Each organisation shares only what a referral needs, with the person’s consent.');
    await card.getByRole('button', { name: 'Publish', exact: true }).click();
    await card.getByRole('status').getByText(/Version\W*2026-1\W*is published/).waitFor();
    await expectAccessible(admin);

    const page = await signedInAs(caseworker.email);
    await page.goto('/partners');
    const hers = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Suffolk Warm Handover' }) }).last();
    await hers.getByText('Each organisation shares only what a referral needs, with the person’s consent.').waitFor();
    await expectAccessible(page);
    await hers.getByRole('button', { name: 'I have read it: accept version 2026-1 for my organisation' }).click();
    await hers.getByRole('status').getByText(/Your organisation accepted version\W*2026-1/).waitFor();
    await hers.getByRole('row', { name: /Ipswich Wellbeing Trust.*2026-1/ }).waitFor();
    await hers.getByText(/Your organisation has accepted version\W*2026-1/).waitFor();
    await expectAccessible(page);
    await atPhoneWidth(page);
  });

  it('imports another council’s HSDS services and reports the one it rejects', async () => {
    const example = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../shared/standards/hsds-3/examples/service_full.json'), 'utf8')) as Record<string, unknown>;
    // JSON leaves out a property that is undefined, so this copy has no name, which HSDS requires.
    const nameless = { ...example, id: 'e2e-nameless-service', name: undefined };
    const admin = await signedInPage(run);
    await admin.goto('/directory');
    await admin.getByRole('link', { name: 'Import an HSDS feed' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Import services' }).waitFor();
    await expectAccessible(admin);
    await admin.getByLabel('Name of the source').fill('MyCity Council');
    await admin.getByLabel('Pasted HSDS JSON').check();
    await admin.getByLabel('HSDS JSON', { exact: true }).fill('[{');
    await admin.getByRole('button', { name: 'Import' }).click();
    await admin.getByRole('alert').getByText(/This is not valid JSON/).waitFor();
    await admin.getByLabel('HSDS JSON', { exact: true }).fill(JSON.stringify([example, nameless]));
    await admin.getByRole('button', { name: 'Import' }).click();
    await admin.getByRole('heading', { level: 2, name: 'What was imported' }).waitFor();
    const counts = admin.locator('.import-counts');
    await counts.getByText('New services').waitFor();
    expect(await counts.locator('dd').allTextContents()).toEqual(['1', '0', '1']);
    await admin.getByRole('table', { name: '1 service rejected' }).getByRole('row', { name: /e2e-nameless-service/ }).waitFor();
    await expectAccessible(admin);
    await atPhoneWidth(admin);
  });

  it('loads postcode places from a CSV file, reports the row it rejects, and clears them after asking', async () => {
    const admin = await signedInPage(run);
    await admin.goto('/directory/import');
    const places = admin.getByRole('region', { name: 'Postcode places' });
    await places.getByText('No postcodes are loaded yet', { exact: false }).waitFor();
    await places.getByRole('button', { name: 'Load postcodes' }).click();
    await places.getByText('Choose a CSV file to load.').waitFor();
    const csv = ['pcds,doterm,lat,long', 'IP3 0AA,,52.041500,1.183500', 'IP3 0AB,,52.048100,1.202100', 'IP3 0ZZ,200512,52.05,1.19', 'IP3 0AC,,n/a,1.19'].join('\n');
    await places.getByLabel('CSV file of postcode centroids').setInputFiles({ name: 'ip3.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await places.getByRole('button', { name: 'Load postcodes' }).click();
    await places.getByRole('heading', { level: 3, name: 'What was loaded' }).waitFor();
    expect(await places.locator('.subsection .import-counts dd').allTextContents()).toEqual(['2', '1', '1']);
    await places.getByRole('table', { name: '1 row rejected' }).getByRole('row', { name: /5.*latitude "n\/a"/ }).waitFor();
    expect(await places.locator('.import-counts').first().locator('dd').allTextContents()).toEqual(['2', '1']);
    await expectAccessible(admin);

    await places.getByRole('button', { name: 'Clear postcode places' }).click();
    await admin.getByRole('dialog', { name: 'Clear all 2 postcodes loaded?' }).getByRole('button', { name: 'Clear them' }).click();
    await admin.getByRole('status').getByText('Postcode places cleared.').waitFor();
    await places.getByText('No postcodes are loaded yet', { exact: false }).waitFor();
    await atPhoneWidth(admin);
  });
});
