import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, newPage, screenshot, signedInPage, signInThroughForm, startBrowserRun, type BrowserRun } from './support.ts';

let run: BrowserRun;
beforeAll(async () => {
  run = await startBrowserRun();
});
afterAll(() => run?.close());

const INVITATION_SUBJECT = 'You have been invited to Hearth';
const INVITEE = { name: 'Amira Haddad', email: 'amira.haddad@example.org' };
const COLLEAGUE = { name: 'Tom Booker', email: 'tom.booker@example.org', password: 'a long colleague password' };

describe('the outbox and API token screens in a browser', () => {
  it('invites a member of staff, then reads the held invitation in the outbox', async () => {
    const page = await signedInPage(run);

    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { level: 1, name: 'Staff' }).waitFor();
    await page.getByLabel('Full name').fill(INVITEE.name);
    await page.getByLabel('Email address').fill(INVITEE.email);
    await page.getByLabel('Role', { exact: true }).selectOption('outreach');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(/Invitation sent to\W*Amira Haddad/).waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    await page.getByText(/“Held” means that no mail server/).waitFor();
    const row = page.getByRole('row', { name: /amira\.haddad@example\.org/ });
    await row.getByText('Held', { exact: true }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'outbox');

    // Filtering by status and recipient (in any letter case) keeps the invitation and nothing else.
    await page.getByLabel('Status', { exact: true }).selectOption('held');
    await page.getByLabel('Recipient').fill('Amira.Haddad@Example.org');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('status=held');
    await page.getByText('Showing 1 message, newest first').waitFor();
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(2);
    await expectAccessible(page);

    await row.getByRole('link', { name: INVITATION_SUBJECT }).click();
    await page.getByRole('heading', { level: 1, name: INVITATION_SUBJECT }).waitFor();
    const body = page.locator('pre.message-body');
    await expect.poll(() => body.textContent()).toContain('/accept-invitation?token=');
    await page.getByText('This message holds a private link').waitFor();
    const summary = page.locator('.summary-list');
    await expect.poll(() => summary.textContent()).toContain(INVITEE.email);
    await expect.poll(() => summary.textContent()).toContain('Not sent, because no mail server is set up');
    await expectAccessible(page);

    // The message reads on a phone without sideways scrolling: long links wrap.
    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);

    // Back to the list, with the filters still applied.
    await page.getByRole('link', { name: 'Back to the outbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    expect(page.url()).toContain('status=held');
    await expectNoHorizontalScroll(page);
  });

  it('withholds a confidential message from staff who are not administrators', async () => {
    const admin = await signedInPage(run);
    await admin.getByRole('link', { name: 'Staff' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Staff' }).waitFor();
    await admin.getByLabel('Full name').fill(COLLEAGUE.name);
    await admin.getByLabel('Email address').fill(COLLEAGUE.email);
    await admin.getByLabel('Role', { exact: true }).selectOption('branch_staff');
    await admin.getByLabel('Set a password now').check();
    await admin.getByLabel('Password', { exact: true }).fill(COLLEAGUE.password);
    await admin.getByRole('button', { name: 'Create account' }).click();
    await admin.getByText(/Account created for\W*Tom Booker/).waitFor();

    const page = await signedInPage(run, { email: COLLEAGUE.email, password: COLLEAGUE.password });
    expect(await page.getByRole('link', { name: 'API tokens' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    const row = page.getByRole('row', { name: /amira\.haddad@example\.org/ });
    await row.getByText('Confidential').waitFor();
    await row.getByRole('link', { name: INVITATION_SUBJECT }).click();
    await page.getByRole('heading', { level: 1, name: INVITATION_SUBJECT }).waitFor();
    await page.getByText('Only administrators can read this message').waitFor();
    expect(await page.locator('pre.message-body').count()).toBe(0);
    expect(await page.content()).not.toContain('accept-invitation?token=');
    await expectAccessible(page);

    await page.goto('/tokens');
    await page.getByRole('heading', { level: 1, name: 'Not available' }).waitFor();
  });

  it('creates an API token, shows it once, and revokes it', async () => {
    const page = await newPage(run);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: run.server.url });
    await signInThroughForm(page);
    await page.getByRole('heading', { level: 1, name: 'Branches' }).waitFor();
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    await expectAccessible(page);

    // Both fields are required: no role is chosen for the admin in advance.
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('alert').getByText('There is a problem').waitFor();
    await expectAccessible(page);

    await page.getByLabel('Token name').fill('Library management system');
    await page.getByLabel('Role', { exact: true }).selectOption('branch_staff');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: /Your new token:\W*Library management system/ }).waitFor();
    await page.getByText('It will not be shown again').waitFor();
    const secret = page.getByLabel('Token', { exact: true });
    const token = await secret.inputValue();
    expect(token).toMatch(/^hearth_\S{20,}$/);
    expect(await page.getByRole('heading', { name: /Your new token/ }).evaluate((h) => h === document.activeElement)).toBe(true);

    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByText('The token has been copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await expectAccessible(page);
    await screenshot(page, 'api-tokens');

    await page.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(page);
    await page.setViewportSize({ width: 1280, height: 800 });

    const bearer = { authorization: `Bearer ${token}` };
    expect((await page.request.get('/api/branches', { headers: bearer })).status()).toBe(200);

    // Once hidden, the token is gone for good: the list never carries it.
    await page.getByRole('button', { name: 'I have copied it, hide the token' }).click();
    await expect.poll(() => secret.count()).toBe(0);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    const row = page.getByRole('row', { name: /Library management system/ });
    await row.getByText('Active', { exact: true }).waitFor();
    await row.getByText('Branch staff').waitFor();
    expect(await page.content()).not.toContain(token);

    await row.getByRole('button', { name: 'Revoke Library management system' }).click();
    const dialog = page.getByRole('dialog', { name: /Revoke\W*Library management system\W*\?/ });
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText(/Library management system\W*has been revoked/).waitFor();
    await expect.poll(() => row.count()).toBe(0);
    expect((await page.request.get('/api/branches', { headers: bearer })).status()).toBe(401);

    await page.getByLabel('Show revoked tokens (1)').check();
    await row.getByText('Revoked', { exact: true }).waitFor();
    await expectAccessible(page);
  });
});
