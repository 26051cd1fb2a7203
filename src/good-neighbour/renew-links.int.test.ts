import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anonymous, expectProblem, newLibraryService, useTestHearth, type Client } from '../../test/harness.ts';
import { makeItem, makeLoan, makeMember, makeRecord } from '../circulation/factories.ts';
import { randomSecret } from '../platform/auth/secrets.ts';
import { makeArrangement, neighbourInput } from './factories.ts';
import { NEIGHBOUR_WARNING_KIND } from './warning-run.ts';

const TODAY = '2026-12-01';
const ARRANGEMENTS = '/api/good-neighbour/arrangements';
const LINKS = '/api/good-neighbour/renew-links';

const t = useTestHearth({ today: TODAY });
afterEach(() => vi.restoreAllMocks());

const db = () => t.hearth.database.db;
const publicClient = () => anonymous(t.app);

async function lend(tenantId: string, branchId: string, readerId: string, title: string, dueDate: string) {
  const record = await makeRecord(db(), tenantId, { title, authors: ['Jane Austen'] });
  const item = await makeItem(db(), tenantId, { branchId, recordId: record.id });
  const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: readerId, branchId, dueDate });
  return { loanId: loan.id, recordId: record.id };
}

/** Nathaniel with Emma due before Matthew's visit and Persuasion later; the day's run warns Matthew. Gives the token from his email. */
async function warnedNeighbour(admin: Client, tenantId: string) {
  const made = await makeArrangement(db(), admin, tenantId, { neighbours: [neighbourInput()], reader: { name: 'Nathaniel Brooks' } });
  const emma = await lend(tenantId, made.branchId, made.reader.id, 'Emma', '2026-12-04');
  const persuasion = await lend(tenantId, made.branchId, made.reader.id, 'Persuasion', '2026-12-20');
  expect((await admin.post('/api/notices/run', { date: TODAY })).statusCode).toBe(200);
  const [warning] = (await admin.get(`/api/outbox?kind=${NEIGHBOUR_WARNING_KIND}&to=${encodeURIComponent(made.link.email!)}`)).json().items as { text: string }[];
  const token = /\/renew\/([0-9a-f-]{36}\.[A-Za-z0-9_-]{43})/.exec(warning!.text)![1]!;
  return { ...made, token, emma, persuasion };
}

const dueDateOf = async (loanId: string) => (await db().selectFrom('loans').select('due_date').where('id', '=', loanId).executeTakeFirstOrThrow()).due_date;

describe('renew links', () => {
  it('describe what they would renew, without being used and without more than the warning showed', async () => {
    const { admin, tenantId } = await newLibraryService(t, 'Suffolk Libraries');
    const { token, reader } = await warnedNeighbour(admin, tenantId);

    const described = await publicClient().get(`${LINKS}/${token}`);
    expect(described.statusCode, described.body).toBe(200);
    const body = described.json();
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'library', 'loans', 'reader']);
    expect(body).toMatchObject({
      reader: 'Nathaniel',
      library: 'Suffolk Libraries',
      loans: [
        { title: 'Emma', author: 'Jane Austen', format: 'book', dueDate: '2026-12-04', misplaced: false },
        { title: 'Persuasion', author: 'Jane Austen', format: 'book', dueDate: '2026-12-20', misplaced: false },
      ],
    });
    const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    for (const personal of ['Brooks', reader.cardNumber, reader.id]) expect(described.body).not.toContain(personal);
    expect((await publicClient().get(`${LINKS}/${token}`)).statusCode, 'looking does not use it').toBe(200);
  });

  it('renew every loan the reader has out, once, as the neighbour, saying which could not be renewed and why', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { token, emma, persuasion, branchId, link } = await warnedNeighbour(admin, tenantId);
    const other = await makeMember(db(), tenantId, branchId);
    expect((await admin.post('/api/requests', { cardNumber: other.cardNumber, recordId: persuasion.recordId, pickupBranchId: branchId })).statusCode).toBe(201);

    const used = await publicClient().post(`${LINKS}/${token}`);
    expect(used.statusCode, used.body).toBe(200);
    const emmaDue = await dueDateOf(emma.loanId);
    expect(emmaDue > '2027-01-01').toBe(true);
    expect(used.json()).toEqual({
      renewed: [{ title: 'Emma', dueDate: emmaDue }],
      refused: [{ title: 'Persuasion', dueDate: '2026-12-20', code: 'requested_by_another', reason: expect.stringContaining('Another member has requested this title') }],
    });
    expect(await dueDateOf(persuasion.loanId)).toBe('2026-12-20');

    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_kind', 'actor_label', 'entity_id'])
      .where('tenant_id', '=', tenantId)
      .where('action', 'in', ['loan.renewed', 'good_neighbour.renew_link_used'])
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'good_neighbour.renew_link_used', actor_kind: 'neighbour', actor_label: 'Matthew', entity_id: link.id },
      { action: 'loan.renewed', actor_kind: 'neighbour', actor_label: 'Matthew', entity_id: emma.loanId },
    ]);

    expectProblem(await publicClient().post(`${LINKS}/${token}`), 410, 'link_used');
    expectProblem(await publicClient().get(`${LINKS}/${token}`), 410, 'link_used');
    expect(await dueDateOf(emma.loanId), 'a second use renews nothing').toBe(emmaDue);
  });

  it('renew once when used twice at the same moment', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { token, emma } = await warnedNeighbour(admin, tenantId);
    const answers = await Promise.all([publicClient().post(`${LINKS}/${token}`), publicClient().post(`${LINKS}/${token}`)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 410]);
    expect((await db().selectFrom('loans').select('renewals').where('id', '=', emma.loanId).executeTakeFirstOrThrow()).renewals).toBe(1);
  });

  it('stop working after a week', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { token, emma } = await warnedNeighbour(admin, tenantId);
    const now = Date.now();
    vi.spyOn(t.hearth.clock, 'now').mockReturnValue(new Date(now + 7 * 86_400_000 + 60_000));
    expectProblem(await publicClient().get(`${LINKS}/${token}`), 410, 'link_expired');
    const expired = await publicClient().post(`${LINKS}/${token}`);
    expectProblem(expired, 410, 'link_expired');
    expect(expired.json().detail).toContain('7 days');
    expect(await dueDateOf(emma.loanId)).toBe('2026-12-04');
  });

  it('answer a forged or unknown link with a clear error', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { token: real, emma } = await warnedNeighbour(admin, tenantId);
    const [warningId] = real.split('.');
    const forgeries = [`${warningId}.${randomSecret()}`, `${randomUUID()}.${real.split('.')[1]}`, `${warningId}.`, warningId!, randomSecret(), 'not-a-token', 'x'.repeat(100)];
    for (const token of forgeries) {
      const response = await publicClient().post(`${LINKS}/${token}`);
      expectProblem(response, 404, 'link_invalid');
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().detail).toContain('not one we sent');
      expectProblem(await publicClient().get(`${LINKS}/${token}`), 404, 'link_invalid');
    }
    expect(await dueDateOf(emma.loanId), 'no forgery renewed anything').toBe('2026-12-04');
    expect((await publicClient().post(`${LINKS}/${real}`)).statusCode, 'nor spoiled the real link').toBe(200);
  });

  it('stop working when the arrangement ends or the reader withdraws the neighbour’s consent', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const ended = await warnedNeighbour(admin, tenantId);
    expect((await admin.delete(`${ARRANGEMENTS}/${ended.arrangement.id}`)).statusCode).toBe(200);
    expectProblem(await publicClient().get(`${LINKS}/${ended.token}`), 410, 'link_revoked');
    expectProblem(await publicClient().post(`${LINKS}/${ended.token}`), 410, 'link_revoked');
    expect(await dueDateOf(ended.emma.loanId)).toBe('2026-12-04');

    const withdrawn = await warnedNeighbour(admin, tenantId);
    expect((await admin.post(`${ARRANGEMENTS}/${withdrawn.arrangement.id}/neighbours/${withdrawn.link.id}/withdraw-consent`)).statusCode).toBe(200);
    expectProblem(await publicClient().post(`${LINKS}/${withdrawn.token}`), 410, 'link_revoked');
    expect(await dueDateOf(withdrawn.emma.loanId)).toBe('2026-12-04');
  });
});
