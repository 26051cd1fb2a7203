import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCopy, adminApi, type AdminApi, adminTenantId, atPhoneWidth, type BrowserRun, expectAccessible, signedInPage, startBrowserRun } from './support.ts';

let run: BrowserRun;
let call: AdminApi;
let tenantId: string;
const db = () => run.server.hearth.database.db;

beforeAll(async () => {
  run = await startBrowserRun();
  call = await adminApi(run, 'Requests browser test');
  tenantId = await adminTenantId(run);
});
afterAll(() => run?.close());

describe('requests in a browser', () => {
  it('places a request from the record page, with its place in the queue and fee, and cancels it from the member page', async () => {
    const ipswich = await call<{ id: string }>('/api/branches', { name: 'Ipswich County Library' });
    const haverhill = await call<{ id: string }>('/api/branches', { name: 'Haverhill Library' });
    const amira = await call<{ id: string; cardNumber: string }>('/api/members', { name: 'Amira Haddad', homeBranchId: haverhill.id });
    const copy = await addCopy(call, ipswich.id, 'REQ-SALT-PATH', { title: 'The Salt Path', authors: ['Raynor Winn'], format: 'book' });
    // A request fee, so the answer has one to show.
    await db().updateTable('lending_policies').set({ request_fee_pence: 60 }).where('tenant_id', '=', tenantId).execute();

    const page = await signedInPage(run);
    await page.goto(`/catalogue/records/${copy.recordId}`);
    await page.getByRole('heading', { level: 1, name: 'The Salt Path' }).waitFor();
    const section = page.getByRole('region', { name: 'Place a request' });
    await section.waitFor();
    await expectAccessible(page);

    // A card no member holds: the code becomes a message staff can act on.
    const card = page.getByLabel('Member’s card number');
    await card.pressSequentially('29999999999999');
    await card.press('Enter');
    await page.getByText('No member has this card number. Check it and scan again.').waitFor();

    // Scanned over the wrong number, which is left selected, as a scanner types it.
    await card.pressSequentially(amira.cardNumber);
    await card.press('Enter');
    await page.getByText(/Amira Haddad\W*found\. Their home branch, \W*Haverhill Library\W*, is chosen for pickup\./).waitFor();
    expect(await page.getByLabel('Pick up at').inputValue()).toBe(haverhill.id);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Place request' }).click();
    await page.getByText(/Request placed for \W*Amira Haddad\W*: number 1 in the queue, to collect at \W*Haverhill Library\W*\./).waitFor();
    await page.getByText('Request fee charged: £0.60.').waitFor();
    expect(await card.inputValue()).toBe('');
    await expectAccessible(page);
    await atPhoneWidth(page);

    await card.pressSequentially(amira.cardNumber);
    await card.press('Enter');
    await page.getByRole('button', { name: 'Place request' }).click();
    await page.getByText('This member has already requested this title.').waitFor();

    const [request] = (await call<{ items: { id: string; status: string; pickupBranchId: string; feeCharged: number }[] }>(`/api/requests?memberId=${amira.id}`)).items;
    expect(request).toMatchObject({ status: 'waiting', pickupBranchId: haverhill.id, feeCharged: 60 });

    await page.goto(`/members/${amira.id}`);
    await page.getByRole('heading', { level: 1, name: 'Amira Haddad' }).waitFor();
    const requests = page.getByRole('region', { name: 'Requests', exact: true });
    const row = requests.getByRole('row', { name: /The Salt Path/ });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(1, 5)).toEqual(['1', 'Haverhill Library', 'Waiting', expect.stringMatching(/\d{4}/)]);
    await expectAccessible(page);
    await atPhoneWidth(page);

    await row.getByRole('button', { name: 'Cancel request The Salt Path' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel request' }).click();
    await page.getByText(/Request for \W*The Salt Path\W* cancelled\./).waitFor();
    await requests.getByText('No requests waiting.').waitFor();
    await expectAccessible(page);
    // Cancelled, the request no longer names Amira, who keeps no reading history.
    expect(await call(`/api/requests/${request!.id}`)).toMatchObject({ status: 'cancelled', memberId: null });
    expect((await call<{ items: unknown[] }>(`/api/requests?memberId=${amira.id}&status=all`)).items).toEqual([]);
  });
});
