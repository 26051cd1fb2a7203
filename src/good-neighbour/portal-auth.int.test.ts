import { describe, expect, it } from 'vitest';
import { anonymous, Client, expectProblem, newLibraryService, uniqueEmail, useTestHearth } from '../../test/harness.ts';
import { digest } from '../platform/auth/secrets.ts';
import { makeArrangement, neighbourInput } from './factories.ts';
import { MAX_LINKS_PER_EMAIL } from './portal-auth.ts';
import { purgePortalSignIns } from './portal-store.ts';

const TODAY = '2026-12-01';

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;

/** Each test asks from its own network address, so the per-address throttle never joins tests together. */
let lastIp = 0;
const fromNewIp = () => `203.0.113.${++lastIp}`;

const askForLink = (email: string, ip = fromNewIp()) => t.app.inject({ method: 'POST', url: '/api/neighbour-portal/sign-in', payload: { email }, remoteAddress: ip });
const sessionFor = (token: string) => anonymous(t.app).post('/api/neighbour-portal/session', { token });

const signInMessages = (email: string) =>
  db().selectFrom('outbox_messages').selectAll().where('kind', '=', 'neighbour_sign_in').where('to_address', '=', email).orderBy('seq').execute();

function tokenIn(text: string): string {
  const match = /http:\/\/hearth\.test\/neighbour\/sign-in\/([A-Za-z0-9_-]+)\s/.exec(text);
  if (!match) throw new Error(`no sign-in link in: ${text}`);
  return match[1]!;
}

async function servedNeighbour(fields: Parameters<typeof neighbourInput>[0] = {}) {
  const service = await newLibraryService(t);
  const neighbour = neighbourInput(fields);
  const made = await makeArrangement(db(), service.admin, service.tenantId, { neighbours: [neighbour], reader: { name: 'Nathaniel Hughes' } });
  return { ...service, ...made, email: neighbour.email! };
}

async function linkTokenFor(email: string) {
  expect((await askForLink(email)).statusCode).toBe(202);
  const messages = await signInMessages(email);
  return tokenIn(messages.at(-1)!.text_body);
}

function portalClient(response: { cookies: { name: string; value: string }[]; json(): { csrfToken: string } }) {
  const cookie = response.cookies.find((c) => c.name === 'hearth_neighbour')!;
  return new Client(t.app, { cookie: `hearth_neighbour=${cookie.value}`, 'x-csrf-token': response.json().csrfToken });
}

describe('signing in by emailed link', () => {
  it('emails a single-use link that carries no reader details and starts a 30-day session', async () => {
    const { email, tenantId, reader } = await servedNeighbour({ name: 'Matthew Hughes' });
    const answer = await askForLink(email.toUpperCase());
    expect(answer.statusCode).toBe(202);

    const [message, ...others] = await signInMessages(email);
    expect(others).toEqual([]);
    expect(message).toMatchObject({ tenant_id: tenantId, confidential: true });
    expect(message!.text_body).not.toContain('Nathaniel');
    expect(message!.subject).not.toContain('Nathaniel');
    const token = tokenIn(message!.text_body);
    expect(token.length).toBeGreaterThanOrEqual(43);
    const stored = await db().selectFrom('neighbour_sign_in_links').selectAll().where('tenant_id', '=', tenantId).execute();
    expect(stored.map((row) => row.token_hash)).toEqual([digest(token)]);
    const minutes = (stored[0]!.expires_at.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);

    const session = await sessionFor(token);
    expect(session.statusCode, session.body).toBe(200);
    expect(session.json()).toMatchObject({ neighbour: { name: 'Matthew Hughes' }, csrfToken: expect.any(String) });
    const cookie = session.cookies.find((c) => c.name === 'hearth_neighbour')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(Math.abs(cookie.maxAge! - 30 * 86_400)).toBeLessThanOrEqual(2);
    expect(session.cookies.some((c) => c.name === 'hearth_session')).toBe(false);

    const neighbour = portalClient(session);
    const who = await neighbour.get('/api/neighbour-portal/session');
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ neighbour: { name: 'Matthew Hughes' }, csrfToken: session.json().csrfToken });
    expect((await neighbour.get('/api/neighbour-portal/readers')).json().items).toEqual([expect.objectContaining({ id: reader.id, firstName: 'Nathaniel' })]);

    const audit = await db().selectFrom('audit_log').select(['action', 'actor_kind', 'entity_id']).where('tenant_id', '=', tenantId).where('action', 'like', 'good_neighbour.portal_%').orderBy('id').execute();
    expect(audit.slice(0, 2).map((row) => [row.action, row.actor_kind])).toEqual([
      ['good_neighbour.portal_link_sent', 'public'],
      ['good_neighbour.portal_signed_in', 'neighbour'],
    ]);
  });

  it('answers an unknown address exactly as a known one, and sends nothing', async () => {
    const { email } = await servedNeighbour();
    const unknown = uniqueEmail('stranger');
    const before = Number((await db().selectFrom('outbox_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const known = await askForLink(email);
    const stranger = await askForLink(unknown);
    expect(stranger.statusCode).toBe(202);
    expect(stranger.body).toBe(known.body);
    expect(await signInMessages(unknown)).toEqual([]);
    const after = Number((await db().selectFrom('outbox_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(after - before).toBe(1);
    expectProblem(await askForLink('not an email'), 400, 'validation_failed');
  });

  it('sends nothing to a neighbour who no longer serves anyone', async () => {
    const withdrawn = await servedNeighbour();
    expect((await withdrawn.admin.post(`/api/good-neighbour/arrangements/${withdrawn.arrangement.id}/neighbours/${withdrawn.link.id}/withdraw-consent`, {})).statusCode).toBe(200);
    const ended = await servedNeighbour();
    expect((await ended.admin.request('DELETE', `/api/good-neighbour/arrangements/${ended.arrangement.id}`, {})).statusCode).toBe(200);

    for (const { email } of [withdrawn, ended]) {
      expect((await askForLink(email)).statusCode).toBe(202);
      expect(await signInMessages(email)).toEqual([]);
    }
  });

  it('refuses expired, used and forged links with their own errors, and sets no cookie', async () => {
    const { email } = await servedNeighbour();
    const used = await linkTokenFor(email);
    expect((await sessionFor(used)).statusCode).toBe(200);
    const again = await sessionFor(used);
    expectProblem(again, 410, 'link_used');
    expect(again.cookies).toEqual([]);

    const expired = await linkTokenFor(email);
    await db().updateTable('neighbour_sign_in_links').set({ expires_at: new Date(Date.now() - 1000) }).where('token_hash', '=', digest(expired)).execute();
    const late = await sessionFor(expired);
    expectProblem(late, 410, 'link_expired');
    expect(late.cookies).toEqual([]);

    const forged = await sessionFor(`${expired.slice(0, -2)}xx`);
    expectProblem(forged, 404, 'link_invalid');
    expect(forged.cookies).toEqual([]);
    expectProblem(await anonymous(t.app).post('/api/neighbour-portal/session', { token: '' }), 400, 'validation_failed');
  });

  it('gives each library service its own link when one address serves readers in two', async () => {
    const first = await servedNeighbour();
    const second = await newLibraryService(t);
    const { reader } = await makeArrangement(db(), second.admin, second.tenantId, { neighbours: [neighbourInput({ email: first.email })] });
    expect((await askForLink(first.email)).statusCode).toBe(202);
    const messages = await signInMessages(first.email);
    expect(messages.map((m) => m.tenant_id).sort()).toEqual([first.tenantId, second.tenantId].sort());
    const inSecond = messages.find((m) => m.tenant_id === second.tenantId)!;
    const neighbour = portalClient(await sessionFor(tokenIn(inSecond.text_body)));
    expect((await neighbour.get('/api/neighbour-portal/readers')).json().items.map((r: { id: string }) => r.id)).toEqual([reader.id]);
  });
});

describe('the throttle', () => {
  it('stops a flood of links to one address, whether or not it is known, without saying which', async () => {
    const { email } = await servedNeighbour();
    const unknown = uniqueEmail('stranger');
    for (let i = 0; i < MAX_LINKS_PER_EMAIL; i++) {
      expect((await askForLink(email)).statusCode).toBe(202);
      expect((await askForLink(unknown)).statusCode).toBe(202);
    }
    const known = await askForLink(email);
    const stranger = await askForLink(unknown);
    expectProblem(known, 429, 'too_many_sign_in_links');
    expect(known.headers['retry-after']).toBe('900');
    expect(stranger.body).toBe(known.body);
    expect(await signInMessages(email)).toHaveLength(MAX_LINKS_PER_EMAIL);
  });

  it('stops one network address asking for links to many addresses', async () => {
    const ip = fromNewIp();
    let answered = 0;
    for (let i = 0; i < 30; i++) {
      const response = await askForLink(uniqueEmail('sweep'), ip);
      if (response.statusCode === 429) break;
      answered++;
    }
    expect(answered).toBe(20);
    expect((await askForLink(uniqueEmail('other'))).statusCode).toBe(202);
  });
});

describe('the session', () => {
  it('signs out with the CSRF token only, and is gone afterwards', async () => {
    const { email, tenantId } = await servedNeighbour();
    const neighbour = portalClient(await sessionFor(await linkTokenFor(email)));
    expectProblem(await neighbour.withoutCsrf().delete('/api/neighbour-portal/session'), 403, 'csrf_failed');
    expectProblem(await neighbour.request('DELETE', '/api/neighbour-portal/session', undefined, { 'x-csrf-token': 'wrong' }), 403, 'csrf_failed');
    const out = await neighbour.delete('/api/neighbour-portal/session');
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'hearth_neighbour')?.value).toBe('');
    expectProblem(await neighbour.get('/api/neighbour-portal/session'), 401, 'unauthenticated');
    expectProblem(await neighbour.get('/api/neighbour-portal/readers'), 401, 'unauthenticated');
    expect(await db().selectFrom('neighbour_sessions').select('id_hash').where('tenant_id', '=', tenantId).execute()).toEqual([]);
  });

  it('ends after 30 days however much it is used', async () => {
    const { email, tenantId } = await servedNeighbour();
    const neighbour = portalClient(await sessionFor(await linkTokenFor(email)));
    const [row] = await db().selectFrom('neighbour_sessions').select(['expires_at', 'created_at']).where('tenant_id', '=', tenantId).execute();
    expect(await neighbour.get('/api/neighbour-portal/readers')).toMatchObject({ statusCode: 200 });
    const [after] = await db().selectFrom('neighbour_sessions').select('expires_at').where('tenant_id', '=', tenantId).execute();
    expect(after!.expires_at).toEqual(row!.expires_at);
    await db().updateTable('neighbour_sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('tenant_id', '=', tenantId).execute();
    expectProblem(await neighbour.get('/api/neighbour-portal/readers'), 401, 'unauthenticated');
  });

  it('is not a staff session, and a staff session is not a neighbour session', async () => {
    const { email, admin } = await servedNeighbour();
    expectProblem(await admin.get('/api/neighbour-portal/readers'), 401, 'unauthenticated');
    expectProblem(await anonymous(t.app).get('/api/neighbour-portal/readers'), 401, 'unauthenticated');
    const neighbour = portalClient(await sessionFor(await linkTokenFor(email)));
    expectProblem(await neighbour.get('/api/good-neighbour/arrangements'), 401, 'unauthenticated');
    expectProblem(await neighbour.get('/api/auth/me'), 401, 'unauthenticated');
  });
});

describe('keeping sign-in records no longer than needed', () => {
  it('purges lapsed sessions, old links and throttle records, and keeps live ones', async () => {
    const { email, tenantId } = await servedNeighbour();
    const live = portalClient(await sessionFor(await linkTokenFor(email)));
    const other = (await sessionFor(await linkTokenFor(email))).cookies.find((c) => c.name === 'hearth_neighbour')!;
    const lapsed = { id_hash: digest(other.value) };
    await db().updateTable('neighbour_sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('id_hash', '=', lapsed.id_hash).execute();
    const now = new Date();
    const purged = await purgePortalSignIns(db(), now, { linksBefore: new Date(now.getTime() + 31 * 60_000), requestsBefore: new Date(now.getTime() + 1000) });
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    expect(purged.links).toBeGreaterThanOrEqual(2);
    expect(purged.requests).toBeGreaterThanOrEqual(2);
    expect((await live.get('/api/neighbour-portal/session')).statusCode).toBe(200);
    expect(await db().selectFrom('neighbour_sessions').select('id_hash').where('id_hash', '=', lapsed.id_hash).execute()).toEqual([]);
    expect(await db().selectFrom('neighbour_sign_in_links').select('token_hash').where('tenant_id', '=', tenantId).execute()).toEqual([]);
  });

  it('documents every portal route in the OpenAPI document', async () => {
    const paths = Object.keys((await anonymous(t.app).get('/openapi.json')).json().paths);
    expect(paths.filter((path) => path.startsWith('/api/neighbour-portal/')).sort()).toEqual([
      '/api/neighbour-portal/catalogue',
      '/api/neighbour-portal/readers',
      '/api/neighbour-portal/readers/{readerId}',
      '/api/neighbour-portal/readers/{readerId}/loans/{loanId}/misplaced',
      '/api/neighbour-portal/readers/{readerId}/renew',
      '/api/neighbour-portal/readers/{readerId}/requests',
      '/api/neighbour-portal/readers/{readerId}/selections/{selectionId}/collected',
      '/api/neighbour-portal/readers/{readerId}/suggestions',
      '/api/neighbour-portal/session',
      '/api/neighbour-portal/sign-in',
    ]);
  });
});
