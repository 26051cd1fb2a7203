import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, countRows, createTestHearth, newLibraryService, type TestHearth } from '../../../test/harness.ts';
import { testEngine } from '../../../test/engines.ts';
import { BODY_LIMIT_BYTES } from './app.ts';

let t: TestHearth;
beforeAll(async () => {
  t = await createTestHearth();
});
afterAll(() => t.close());

describe('always there', () => {
  it('reports health and the engine in use', async () => {
    const response = await anonymous(t.app).get('/api/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: testEngine });
  });

  it('publishes a valid OpenAPI 3.1 document of every /api route', async () => {
    const response = await anonymous(t.app).get('/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const documented = Object.keys(document.paths);
    for (const path of ['/api/health', '/api/auth/login', '/api/tokens', '/api/branches', '/api/branches/{id}', '/api/staff', '/api/audit', '/api/outbox', '/api/organisations', '/api/partnerships']) {
      expect(documented).toContain(path);
    }
    expect(documented.every((p) => p.startsWith('/api/'))).toBe(true);
  });

  it('serves a browsable API reference at /docs', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('swagger-ui');
  });
});

describe('errors', () => {
  it('answers unknown routes with a problem+json 404', async () => {
    const response = await anonymous(t.app).get('/api/no-such-thing');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 404, code: 'not_found', title: 'Not Found', type: expect.stringContaining('not-found') });
  });

  it('rejects malformed JSON with 400 and writes nothing', async () => {
    const { admin } = await newLibraryService(t);
    const before = await countRows(t, 'branches');
    const response = await t.app.inject({ method: 'POST', url: '/api/branches', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: '{"name": "Broken' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('malformed_json');
    expect(await countRows(t, 'branches')).toBe(before);
  });

  it('rejects oversized bodies with 413 and other media types with 415', async () => {
    const { admin } = await newLibraryService(t);
    const before = await countRows(t, 'branches');
    const huge = await admin.post('/api/branches', { name: 'x', address: 'y'.repeat(BODY_LIMIT_BYTES + 1) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('body_too_large');
    const form = await t.app.inject({ method: 'POST', url: '/api/branches', headers: { ...admin.headers, 'content-type': 'text/plain' }, payload: 'name=x' });
    expect(form.statusCode).toBe(415);
    expect(form.json().code).toBe('unsupported_media_type');
    expect(await countRows(t, 'branches')).toBe(before);
  });

  it('does not coerce wrong types in bodies', async () => {
    const { admin } = await newLibraryService(t);
    const response = await admin.post('/api/branches', { name: 'X', openingHours: [{ weekday: '1', opens: '09:00', closes: '17:00' }] });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toEqual({ field: 'openingHours.0.weekday', message: expect.any(String) });
  });

  it('rejects an id that is not a uuid as bad input', async () => {
    const { admin } = await newLibraryService(t);
    const response = await admin.get('/api/branches/42');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('id');
  });

  it('never leaks a stack trace', async () => {
    const broken = await createTestHearth();
    await broken.hearth.database.executeSql('drop table branch_opening_hours');
    const { admin } = await newLibraryService(broken);
    const response = await admin.post('/api/branches', { name: 'Needs opening hours' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ type: expect.any(String), title: 'Internal Server Error', status: 500, code: 'internal_error', detail: expect.any(String) });
    expect(response.body).not.toMatch(/branch_opening_hours|at .*\.ts/);
    await broken.close();
  });
});

describe('cookies behind TLS', () => {
  it('marks the session cookie Secure when the proxy says https', async () => {
    const behindProxy = await createTestHearth({ trustProxy: true });
    const { tenantId } = await newLibraryService(behindProxy);
    const { createStaffAccount, TEST_PASSWORD } = await import('../../../test/harness.ts');
    const account = await createStaffAccount(behindProxy, tenantId, 'admin');
    const response = await behindProxy.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: account.email, password: TEST_PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
    expect(response.cookies.find((c) => c.name === 'hearth_session')?.secure).toBe(true);
    await behindProxy.close();
  });
});
