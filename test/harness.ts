import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadConfig, type Config } from '../src/platform/config.ts';
import { hashPassword } from '../src/platform/auth/passwords.ts';
import type { Role } from '../src/platform/auth/roles.ts';
import type { HearthApp } from '../src/platform/http/app-types.ts';
import { makeDesk } from '../src/circulation/factories.ts';
import { createLibraryService } from '../src/organisation/library-services.ts';
import { insertStaff } from '../src/staff/store.ts';
import { startHearth, type RunningHearth } from '../src/server.ts';
import { startSmtpTestListener, type SmtpTestListener } from '../src/platform/mail/smtp-test-listener.ts';
import { openTestDatabase, type TestDatabase } from './database.ts';

export interface TestHearth extends RunningHearth {
  database: TestDatabase;
}

/** A Hearth app on its own test database, not listening: requests go through `app.inject`. */
export async function createTestHearth(overrides: Partial<Config> = {}, options: { work?: boolean } = {}): Promise<TestHearth> {
  const database = await openTestDatabase();
  const config = { ...loadConfig({ HEARTH_DEMO: '0' }), publicUrl: 'http://hearth.test', ...overrides };
  const running = await startHearth(config, { database, listen: false, logger: false, work: options.work ?? false });
  return {
    ...running,
    database,
    close: async () => {
      await running.close();
      await database.dispose();
    },
  };
}

/** What tests use of a running Hearth: its app for requests and its parts for direct calls. */
export type TestApp = Pick<RunningHearth, 'app' | 'hearth'>;

/** Something the test file starts before its tests and closes after them, read once started. */
function startedForFile<T extends { close(): Promise<void> }>(what: string, start: () => Promise<T>): () => T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await start();
  });
  afterAll(() => value?.close());
  return () => {
    if (!value) throw new Error(`the ${what} is used before the file’s tests started it`);
    return value;
  };
}

/**
 * The test file's own Hearth, started before its tests and closed after them. Overrides may be a
 * function, read once the earlier hooks have run (an SMTP listener's address, say).
 */
export function useTestHearth(overrides: Partial<Config> | (() => Partial<Config>) = {}, options: { work?: boolean } = {}): TestApp {
  const running = startedForFile('test Hearth', () => createTestHearth(typeof overrides === 'function' ? overrides() : overrides, options));
  return {
    get app() {
      return running().app;
    },
    get hearth() {
      return running().hearth;
    },
  };
}

/** A real SMTP listener for the test file; made before useTestHearth, it is open before the Hearth starts and closed after it stops. */
export function useSmtpTestListener(): Pick<SmtpTestListener, 'url' | 'received'> {
  const listener = startedForFile('SMTP listener', () => startSmtpTestListener());
  return {
    get url() {
      return listener().url;
    },
    get received() {
      return listener().received;
    },
  };
}

/** The response is the problem+json answer with this status and code. */
export function expectProblem(response: { statusCode: number; body: string; json(): { code: string } }, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json().code).toBe(code);
}

let sequence = 0;
export const unique = (label: string) => `${label}-${process.pid}-${++sequence}-${Math.random().toString(36).slice(2, 7)}`;
export const uniqueEmail = (label = 'person') => `${unique(label)}@example.org`;
export const TEST_PASSWORD = 'correct horse battery staple';

// Hashing is deliberately slow; test accounts share one hash of the shared password.
let sharedHash: Promise<string> | undefined;

export async function createStaffAccount(t: TestApp, tenantId: string, role: Role, extra: { organisationId?: string; email?: string } = {}) {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const email = extra.email ?? uniqueEmail(role);
  const { id } = await insertStaff(t.hearth.database.db, tenantId, { email, name: `Test ${role}`, role, organisationId: extra.organisationId ?? null, passwordHash: await sharedHash });
  return { id, email };
}

/** A library service with a signed-in admin, and a desk: a branch, a member and a copy on its shelf there. */
export async function newLendingLibrary(t: TestApp) {
  const service = await newLibraryService(t);
  return { ...service, ...(await makeDesk(t.hearth.database.db, service.tenantId)) };
}

/** A library service with a signed-in admin: most tests start here. */
export async function newLibraryService(t: TestApp, name = unique('Library service')) {
  const service = await createLibraryService(t.hearth.database.db, { name });
  const admin = await createStaffAccount(t, service.id, 'admin');
  return { tenantId: service.id, admin: await signIn(t.app, admin.email), adminId: admin.id };
}

export async function signedInAs(t: TestApp, tenantId: string, role: Role, extra: { organisationId?: string } = {}) {
  const account = await createStaffAccount(t, tenantId, role, extra);
  return signIn(t.app, account.email);
}

export async function signIn(app: HearthApp, email: string, password = TEST_PASSWORD): Promise<Client> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'hearth_session')!;
  return new Client(app, { cookie: `hearth_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken });
}

export const asToken = (app: HearthApp, token: string) => new Client(app, { authorization: `Bearer ${token}` });
export const anonymous = (app: HearthApp) => new Client(app, {});

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Sends requests as one caller; `json()` on the response parses the body. */
export class Client {
  constructor(
    readonly app: HearthApp,
    readonly headers: Record<string, string>,
  ) {}

  request(method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({ method, url, headers: { ...this.headers, ...headers }, ...(payload !== undefined && { payload: payload as object }) });
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, payload?: unknown) => this.request('POST', url, payload ?? {});
  patch = (url: string, payload: unknown) => this.request('PATCH', url, payload);
  delete = (url: string) => this.request('DELETE', url);

  /** The same caller without the CSRF header, to prove writes need it. */
  withoutCsrf(): Client {
    const { 'x-csrf-token': _, ...rest } = this.headers;
    return new Client(this.app, rest);
  }
}

/** Rows written to a table, to prove a rejected request wrote nothing. */
export async function countRows(t: TestApp, table: 'branches' | 'staff_users' | 'organisations' | 'partnerships' | 'audit_log' | 'outbox_messages' | 'api_tokens') {
  const row = await t.hearth.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
