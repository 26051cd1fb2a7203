import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestListener, type SmtpTestListener } from '../src/platform/mail/smtp-test-listener.ts';
import { adminApi, expectAccessible, expectNoHorizontalScroll, signedInPage, startBrowserRun, type BrowserRun } from './support.ts';

const INVITEE = { name: 'Grace Okafor', email: 'grace.okafor@example.org' };
const REFUSAL = 'Mailbox full, try again later';

let smtp: SmtpTestListener;
let run: BrowserRun;

// This run sends to a listener that can refuse mail.
beforeAll(async () => {
  smtp = await startSmtpTestListener();
  run = await startBrowserRun({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await run?.close();
  await smtp?.close();
});

describe('the outbox in a browser', () => {
  it('shows a failed message with its error, and Retry all failed sends it', async () => {
    const db = run.server.hearth.database.db;
    smtp.setRefusal({ code: 452, message: REFUSAL, to: INVITEE.email });
    const call = await adminApi(run, 'outbox e2e');
    await call('/api/staff', { ...INVITEE, role: 'branch_staff' });
    const invitation = () => db.selectFrom('outbox_messages').select(['id', 'status', 'last_error']).where('to_address', '=', INVITEE.email).executeTakeFirstOrThrow();
    await expect.poll(async () => (await invitation()).last_error, { timeout: 15_000 }).toContain(REFUSAL);
    // Rather than wait out every retry, the message is given up on as the last one would.
    await db.updateTable('outbox_messages').set({ status: 'failed' }).where('id', '=', (await invitation()).id).execute();
    smtp.setRefusal(null);

    const page = await signedInPage(run);
    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('failed');
    await page.getByLabel('Kind', { exact: true }).selectOption('staff_invitation');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('kind=staff_invitation');
    const row = page.getByRole('row', { name: /grace\.okafor@example\.org/ });
    await row.getByText('Failed', { exact: true }).waitFor();
    await row.getByText('Staff invitation', { exact: true }).waitFor();
    await row.getByText(REFUSAL, { exact: false }).waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Retry all failed' }).click();
    await page.getByText('1 failed message has been queued to be sent again.').waitFor();
    await expect.poll(() => smtp.received.some((mail) => mail.to.includes(INVITEE.email)), { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await invitation()).status, { timeout: 15_000 }).toBe('sent');

    await page.getByLabel('Status', { exact: true }).selectOption('sent');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('row', { name: /grace\.okafor@example\.org/ }).getByText('Sent', { exact: true }).waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'You have been invited to Hearth' }).click();
    await page.getByText('Handed to the mail server.').waitFor();
    await expectAccessible(page);
  });

  it('fits a 320 px wide screen', async () => {
    const page = await signedInPage(run, { viewport: { width: 320, height: 640 } });
    await page.goto('/outbox');
    await page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    await page.getByRole('button', { name: 'Retry all failed' }).waitFor();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });
});
