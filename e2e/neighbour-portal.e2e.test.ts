import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeRenewLink } from '../src/good-neighbour/factories.ts';
import { addDays } from '../src/policies/calendar.ts';
import { makeLoan } from '../src/circulation/factories.ts';
import { addCopy, adminApi, expectAccessible, expectNoHorizontalScroll, newPage, screenshot, startBrowserRun, type BrowserRun, type AdminApi } from './support.ts';

let run: BrowserRun;
let call: AdminApi;
const db = () => run.server.hearth.database.db;
const PHONE = { width: 390, height: 844 };
const NARROW = { width: 320, height: 640 };

beforeAll(async () => {
  run = await startBrowserRun();
  call = await adminApi(run, 'Neighbour portal browser test');
});
afterAll(() => run?.close());

/**
 * Nathaniel on the scheme with Matthew visiting in nine days: one book due before that visit,
 * and one that another reader is waiting for, so renewing it is refused.
 */
async function seedNathaniel() {
  const today = run.server.hearth.clock.today();
  const branch = await call<{ id: string }>('/api/branches', { name: 'Brandon Library' });
  const reader = await call<{ id: string; cardNumber: string }>('/api/members', { name: 'Nathaniel Hughes', homeBranchId: branch.id });
  const other = await call<{ cardNumber: string }>('/api/members', { name: 'Olive Hart', homeBranchId: branch.id });
  const arrangement = await call<{ id: string; neighbours: { id: string }[] }>('/api/good-neighbour/arrangements', {
    readerCardNumber: reader.cardNumber,
    neighbours: [{ name: 'Matthew Hughes', email: 'matthew@example.org', relationship: 'son', nextVisit: addDays(today, 9), visitEveryDays: 14 }],
  });
  const cranford = await addCopy(call, branch.id, 'E2E-GN-CRANFORD', { title: 'Cranford', authors: ['Elizabeth Gaskell'], format: 'large_print' });
  const ruth = await addCopy(call, branch.id, 'E2E-GN-RUTH', { title: 'Ruth', authors: ['Elizabeth Gaskell'], format: 'large_print' });
  const { tenant_id: tenantId } = await db().selectFrom('members').select('tenant_id').where('id', '=', reader.id).executeTakeFirstOrThrow();
  await makeLoan(db(), tenantId, { itemId: cranford.id, memberId: reader.id, branchId: branch.id, dueDate: addDays(today, 3), onBehalfOf: 'Matthew' });
  await makeLoan(db(), tenantId, { itemId: ruth.id, memberId: reader.id, branchId: branch.id, dueDate: addDays(today, 5), onBehalfOf: 'Matthew' });
  await call('/api/requests', { cardNumber: other.cardNumber, recordId: ruth.recordId, pickupBranchId: branch.id });
  return { tenantId, linkId: arrangement.neighbours[0]!.id };
}

/** The path of the newest sign-in link emailed to this address, as the outbox holds it. */
async function emailedLinkPath(email: string) {
  const message = await db().selectFrom('outbox_messages').select('text_body').where('kind', '=', 'neighbour_sign_in').where('to_address', '=', email).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  return /\/neighbour\/sign-in\/[A-Za-z0-9_-]+/.exec(message.text_body)![0];
}

async function atBothWidths(page: Page, name: string) {
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await screenshot(page, name);
  await page.setViewportSize(NARROW);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await screenshot(page, `${name}-320px`);
  await page.setViewportSize(PHONE);
}

describe('the Good Neighbour portal in a browser', () => {
  it('signs in through the emailed link, opens the reader and renews from the portal', async () => {
    const { tenantId, linkId } = await seedNathaniel();
    const page = await newPage(run, PHONE);

    await page.goto('/neighbour');
    await page.getByRole('heading', { level: 1, name: 'Sign in as a Good Neighbour' }).waitFor();
    await atBothWidths(page, 'neighbour-sign-in');
    await page.getByLabel('Email address').fill('matthew@example.org');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await expectAccessible(page);

    const linkPath = await emailedLinkPath('matthew@example.org');
    await page.goto(linkPath);
    await page.getByRole('heading', { level: 1, name: 'Finish signing in' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: 'The people you help' }).waitFor();
    await page.getByText('2 books on loan.').waitFor();
    await page.getByText('2 due by your next visit').waitFor();
    expect(await page.getByText('Nathaniel Hughes').count()).toBe(0);
    await atBothWidths(page, 'neighbour-readers');

    await page.getByRole('link', { name: 'Nathaniel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nathaniel' }).waitFor();
    const lookFor = page.getByRole('region', { name: 'To look for' });
    await lookFor.getByText('Cranford').waitFor();
    await lookFor.getByText('Due in 3 days', { exact: false }).waitFor();
    await page.getByRole('region', { name: 'Your next visits' }).getByText('in 9 days').waitFor();
    await atBothWidths(page, 'neighbour-reader');

    await page.getByRole('button', { name: 'Renew all 2 books' }).click();
    const outcome = page.getByRole('status').filter({ hasText: 'Renewed 1 of 2 books' });
    await outcome.waitFor();
    await outcome.getByText(/Cranford\W*, now due/).waitFor();
    await outcome.getByText(/Ruth\W*, still due .*: someone else is waiting for it/).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('renew-outcome');
    await atBothWidths(page, 'neighbour-renewed');

    await page.getByRole('button', { name: 'Can’t find it Ruth' }).click();
    await page.getByText(/Ruth\W* is marked as misplaced at home/).waitFor();
    await lookFor.getByText(/Misplaced at home since/).waitFor();

    const views = await db().selectFrom('audit_log').select('actor_kind').where('tenant_id', '=', tenantId).where('action', '=', 'good_neighbour.portal_viewed').execute();
    expect(views.length).toBeGreaterThanOrEqual(2);
    expect(views.every((view) => view.actor_kind === 'neighbour')).toBe(true);

    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('heading', { level: 2, name: 'الكتب المعارة' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.setViewportSize(NARROW);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'neighbour-reader-arabic-320px');
    await page.getByLabel('اللغة').selectOption('en');

    await page.goto(linkPath);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').getByText('This sign-in link has already been used. Each link works once.').waitFor();
    await expectAccessible(page);

    const { token } = await makeRenewLink(db(), tenantId, linkId, run.server.hearth.clock.today());
    await page.setViewportSize(PHONE);
    await page.goto(`/renew/${token}`);
    await page.getByRole('heading', { level: 1, name: /Renew\W*Nathaniel\W*’s books/ }).waitFor();
    await page.getByText('Cranford').waitFor();
    await atBothWidths(page, 'neighbour-renew-link');
    await page.getByRole('button', { name: 'Renew these books' }).click();
    await page.getByRole('status').filter({ hasText: /Renewed \d of 2 books/ }).waitFor();
    await page.getByText('This link has now been used.').waitFor();
    await expectAccessible(page);

    await page.reload();
    await page.getByRole('alert').getByText(/already been used/).waitFor();
    await page.goto('/renew/not-a-real-token');
    await page.getByRole('alert').getByText('This renew link is not one we recognise', { exact: false }).waitFor();
    await expectAccessible(page);
  });

  it('shows what staff set aside for the visit, and lets the neighbour say it has been collected', async () => {
    const today = run.server.hearth.clock.today();
    const [branch, elsewhere] = await Promise.all([call<{ id: string }>('/api/branches', { name: 'Haverhill Library' }), call<{ id: string }>('/api/branches', { name: 'Lowestoft Library' })]);
    const reader = await call<{ cardNumber: string }>('/api/members', { name: 'Edith Crawley', homeBranchId: branch.id });
    const arrangement = await call<{ id: string }>('/api/good-neighbour/arrangements', {
      readerCardNumber: reader.cardNumber,
      neighbours: [{ name: 'Mary Crawley', email: 'mary.crawley@example.org', relationship: 'daughter', nextVisit: addDays(today, 4), visitEveryDays: 14 }],
    });
    // A copy only at another branch, so the title waits for one to come.
    const sylvia = await addCopy(call, elsewhere.id, 'E2E-GN-SYLVIA', { title: 'Sylvia’s Lovers', authors: ['Elizabeth Gaskell'], format: 'large_print' });
    const selection = await call<{ id: string }>(`/api/good-neighbour/arrangements/${arrangement.id}/selections`, { pickupBranchId: branch.id });
    await call(`/api/good-neighbour/arrangements/${arrangement.id}/selections/${selection.id}/items`, { recordId: sylvia.recordId });

    await fetch(`${run.server.url}/api/neighbour-portal/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'mary.crawley@example.org' }) });
    const page = await newPage(run, PHONE);
    await page.goto(await emailedLinkPath('mary.crawley@example.org'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('link', { name: 'Edith' }).click();

    const setAside = page.getByRole('region', { name: 'Set aside for your visit' });
    await setAside.getByText(/^For your visit on .*, to collect at\W*Haverhill Library/).waitFor();
    await setAside.getByRole('listitem').filter({ hasText: 'Sylvia’s Lovers' }).getByText('Waiting for a copy').waitFor();
    await atBothWidths(page, 'neighbour-set-aside');

    await setAside.getByRole('button', { name: 'I have collected these' }).click();
    await page.getByRole('status').getByText('Marked as collected. Anything still waiting for a copy stays requested.').waitFor();
    await setAside.getByText(/^Collected on /).waitFor();
    expect(await setAside.getByRole('button', { name: 'I have collected these' }).count()).toBe(0);
    await page.getByRole('region', { name: 'Requested books' }).getByText('Sylvia’s Lovers').waitFor();
    await expectAccessible(page);
  });
});
