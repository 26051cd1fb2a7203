import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig } from '../src/platform/config.ts';
import { startHearth, type RunningHearth } from '../src/server.ts';

export const ADMIN = { email: 'e2e-admin@example.org', password: 'e2e admin password' };
const screenshotDir = path.resolve(import.meta.dirname, '../docs/screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface BrowserRun {
  server: RunningHearth;
  browser: Browser;
  close(): Promise<void>;
}

/** A real server on a free port with its own embedded database (sending mail when given a server), and a headless Chromium. */
export async function startBrowserRun(options: { demo?: boolean; smtpUrl?: string } = {}): Promise<BrowserRun> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hearth-e2e-'));
  const mail = options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {};
  const config = {
    ...loadConfig({ HEARTH_DATA_DIR: dataDir, HEARTH_ADMIN_EMAIL: ADMIN.email, HEARTH_ADMIN_PASSWORD: ADMIN.password, HEARTH_DEMO: options.demo ? '1' : '0', ...mail }),
    port: 0,
    host: '127.0.0.1',
  };
  const server = await startHearth(config, { logger: false });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
  });
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Viewport = { width: number; height: number };

export async function newPage(run: BrowserRun, viewport: Viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await run.browser.newContext({ baseURL: run.server.url, viewport });
  return context.newPage();
}

/** Fails the test on any WCAG 2.2 A/AA violation on the page as it stands. */
export async function expectAccessible(page: Page) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  expect(violations, `accessibility violations on ${page.url()}`).toEqual([]);
}

/** The page fits the viewport: no sideways scrolling, which breaks reading on a phone. */
export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/**
 * The page on a 320 px wide phone: nothing scrolls sideways and it passes `check` (axe by
 * default), then the page is back at desktop width.
 */
export async function atPhoneWidth(page: Page, check: () => Promise<void> = () => expectAccessible(page)) {
  await page.setViewportSize({ width: 320, height: 640 });
  await expectNoHorizontalScroll(page);
  await check();
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Screenshots for the README, retaken on every run so they show what Hearth looks like now. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

export async function signInThroughForm(page: Page, email = ADMIN.email, password = ADMIN.password) {
  await page.goto('/sign-in');
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
}

/** A new page signed in through the form, waiting on the branches screen that signing in leads to. */
export async function signedInPage(run: BrowserRun, options: { viewport?: Viewport; email?: string; password?: string } = {}): Promise<Page> {
  const page = await newPage(run, options.viewport);
  await signInThroughForm(page, options.email, options.password);
  await page.getByRole('heading', { level: 1, name: 'Branches' }).waitFor();
  return page;
}

/** The admin's library service, for setting a scene straight in the database. */
export async function adminTenantId(run: BrowserRun): Promise<string> {
  const admin = await run.server.hearth.database.db.selectFrom('staff_users').select('tenant_id').where('email', '=', ADMIN.email).executeTakeFirstOrThrow();
  return admin.tenant_id;
}

/** Calls the API: a POST of `body` as JSON, or a GET when there is none. */
async function request<T>(run: BrowserRun, path: string, body: object | undefined, headers: Record<string, string>): Promise<T> {
  const response = await fetch(`${run.server.url}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { ...(body && { 'content-type': 'application/json' }), ...headers },
    ...(body && { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export type AdminApi = <T>(path: string, body?: object) => Promise<T>;

/** The API as the admin, through a fresh API token: quicker than the screens for setting a scene. */
export async function adminApi(run: BrowserRun, tokenName: string): Promise<AdminApi> {
  const login = await fetch(`${run.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const session = { cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
  const { token } = await request<{ token: string }>(run, '/api/tokens', { name: tokenName }, session);
  const bearer = { authorization: `Bearer ${token}` };
  return (path, body) => request(run, path, body, bearer);
}

/** A catalogue record with one copy of it on the shelf at `branchId`. */
export async function addCopy(call: AdminApi, branchId: string, barcode: string, record: { title: string; authors: string[]; format: string; [field: string]: unknown }) {
  const { id: recordId } = await call<{ id: string }>('/api/catalogue/records', record);
  const item = await call<{ id: string; barcode: string }>('/api/items', { recordId, barcode, branchId });
  return { recordId, ...item };
}
