import { describe, expect, it } from 'vitest';
import type { Actor } from '../platform/auth/principal.ts';
import { anonymous, expectProblem, newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeDesk, makeItem, makeLoan } from '../circulation/factories.ts';
import { makeArrangement } from './factories.ts';
import { markMisplacedAtHome, writeOffMisplaced } from './misplaced.ts';

const TODAY = '2026-12-01';

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;

const mark = (client: Client, loanId: string, body?: object) => client.post(`/api/loans/${loanId}/misplaced-at-home`, body);
const clear = (client: Client, loanId: string) => client.delete(`/api/loans/${loanId}/misplaced-at-home`);
const writeOff = (client: Client, loanId: string) => client.post(`/api/loans/${loanId}/write-off`);
const loanRow = (id: string) => db().selectFrom('loans').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditOf = async (client: Client, loanId: string, action: string) => (await client.get(`/api/audit?entityType=loan&entityId=${loanId}&action=${action}`)).json().items;
const ledgerCount = async (memberId: string) =>
  Number((await db().selectFrom('fine_transactions').select((eb) => eb.fn.countAll<number>().as('n')).where('member_id', '=', memberId).executeTakeFirstOrThrow()).n);

/** A reader on the scheme with an overdue copy at home. */
async function schemeLoan(conversion: { writeOffAfterDays?: number } = {}) {
  const service = await newLibraryService(t);
  const scheme = await makeArrangement(db(), service.admin, service.tenantId, conversion);
  const item = await makeItem(db(), service.tenantId, { branchId: scheme.branchId });
  const loan = await makeLoan(db(), service.tenantId, { itemId: item.id, memberId: scheme.reader.id, branchId: scheme.branchId, dueDate: '2026-11-20', schemeWaivesFines: true });
  const staffActor: Actor = { tenantId: service.tenantId, actorId: service.adminId, actorKind: 'staff', actorLabel: 'Test admin', ip: null };
  return { ...service, ...scheme, item, loanId: loan.id, staffActor };
}

describe('misplaced at home', () => {
  it('is marked by staff for a scheme reader, and marking again keeps the first report', async () => {
    const { admin, reader, loanId, staffActor } = await schemeLoan();
    const marked = await mark(admin, loanId, { reportedBy: 'Matthew' });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({ id: loanId, misplacedAtHomeOn: TODAY, misplacedReportedBy: 'Matthew', returnedAt: null });

    const again = await markMisplacedAtHome(db(), staffActor, '2026-12-05', loanId, 'staff');
    expect(again).toMatchObject({ misplacedAtHomeOn: TODAY, misplacedReportedBy: 'Matthew' });
    expect((await mark(admin, loanId)).json().misplacedAtHomeOn).toBe(TODAY);
    const entries = await auditOf(admin, loanId, 'loan.misplaced_at_home');
    expect(entries).toHaveLength(1);
    expect(entries[0].details).toMatchObject({ reportedBy: 'Matthew', misplacedOn: TODAY, memberId: reader.id });

    const [onLoan] = (await admin.get(`/api/members/${reader.id}/loans`)).json().items;
    expect(onLoan).toMatchObject({ id: loanId, misplacedAtHomeOn: TODAY, schemeWaivesFines: true, overdue: true });
  });

  it('is reported by staff when nobody else is named', async () => {
    const { admin, loanId } = await schemeLoan();
    expect((await mark(admin, loanId)).json()).toMatchObject({ misplacedAtHomeOn: TODAY, misplacedReportedBy: 'staff' });
  });

  it('is only for readers on the scheme', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { branch, member, item } = await makeDesk(db(), tenantId);
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-20' });
    expectProblem(await mark(admin, loan.id), 409, 'not_on_scheme');
    expect((await loanRow(loan.id)).misplaced_at_home_on).toBeNull();
    expect(await auditOf(admin, loan.id, 'loan.misplaced_at_home')).toEqual([]);
  });

  it('comes off when the copy turns up at home, and the loan carries on', async () => {
    const { admin, loanId } = await schemeLoan();
    await mark(admin, loanId, { reportedBy: 'Matthew' });
    const found = await clear(admin, loanId);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ misplacedAtHomeOn: null, misplacedReportedBy: null, returnedAt: null, outcome: null });
    expect((await clear(admin, loanId)).statusCode).toBe(200);
    const entries = await auditOf(admin, loanId, 'loan.misplaced_found');
    expect(entries).toHaveLength(1);
    expect(entries[0].details).toMatchObject({ misplacedOn: TODAY, foundOn: TODAY, daysMisplaced: 0 });
  });

  it('is written off only after the arrangement’s waiting period, closing the loan at no charge', async () => {
    const { admin, reader, item, loanId } = await schemeLoan({ writeOffAfterDays: 30 });
    expectProblem(await writeOff(admin, loanId), 409, 'not_misplaced');
    await mark(admin, loanId);
    const tooSoon = await writeOff(admin, loanId);
    expectProblem(tooSoon, 409, 'too_soon_to_write_off');
    expect(tooSoon.json().detail).toContain('2026-12-31');
    expect((await loanRow(loanId)).returned_at).toBeNull();

    await db().updateTable('loans').set({ misplaced_at_home_on: '2026-11-01' }).where('id', '=', loanId).execute();
    const written = await writeOff(admin, loanId);
    expect(written.statusCode, written.body).toBe(200);
    expect(written.json()).toMatchObject({ id: loanId, outcome: 'written_off', memberId: null, misplacedAtHomeOn: '2026-11-01' });
    expect(written.json().returnedAt).not.toBeNull();
    const copy = await db().selectFrom('items').select('status').where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(copy.status).toBe('lost');
    expect(await ledgerCount(reader.id)).toBe(0);
    const [entry] = await auditOf(admin, loanId, 'loan.written_off');
    expect(entry.details).toMatchObject({ memberId: reader.id, misplacedOn: '2026-11-01', daysMisplaced: 30 });

    expectProblem(await writeOff(admin, loanId), 404, 'not_found');
    expectProblem(await mark(admin, loanId), 404, 'not_found');
    expect(await ledgerCount(reader.id)).toBe(0);
  });

  it('is written off by library staff only, never by a neighbour', async () => {
    const { loanId, staffActor, admin } = await schemeLoan({ writeOffAfterDays: 1 });
    await mark(admin, loanId);
    const neighbour: Actor = { ...staffActor, actorId: null, actorKind: 'neighbour', actorLabel: 'Matthew' };
    await expect(writeOffMisplaced(db(), neighbour, '2026-12-05', loanId)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    expect((await loanRow(loanId)).returned_at).toBeNull();
    expect(await writeOffMisplaced(db(), staffActor, '2026-12-02', loanId)).toMatchObject({ outcome: 'written_off' });
  });
});

describe('misplaced-at-home routes', () => {
  const routes = [
    { name: 'mark', send: (client: Client, id: string) => mark(client, id) },
    { name: 'clear', send: clear },
    { name: 'write off', send: writeOff },
  ];

  it('are for desk and outreach staff of the loan’s own library service', async () => {
    const { admin, tenantId, loanId } = await schemeLoan({ writeOffAfterDays: 1 });
    const leader = await signedInAs(t, tenantId, 'programme_leader');
    const other = await newLibraryService(t);
    for (const route of routes) {
      expectProblem(await route.send(leader, loanId), 403, 'forbidden');
      expect((await route.send(anonymous(t.app), loanId)).statusCode, route.name).toBe(401);
      expectProblem(await route.send(other.admin, loanId), 404, 'not_found');
      expectProblem(await route.send(admin, 'not-a-loan'), 400, 'validation_failed');
      expectProblem(await route.send(admin, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    }
    expectProblem(await mark(admin, loanId, { reportedBy: '' }), 400, 'validation_failed');
    expectProblem(await mark(admin, loanId, { reportedBy: 'Matthew', colour: 'red' }), 400, 'validation_failed');
    expectProblem(await admin.post(`/api/loans/${loanId}/write-off`, { force: true }), 400, 'validation_failed');
    expect(await auditOf(admin, loanId, 'loan.misplaced_at_home')).toEqual([]);
    expect((await loanRow(loanId)).misplaced_at_home_on).toBeNull();

    for (const role of ['branch_staff', 'outreach'] as const) {
      const staff = await signedInAs(t, tenantId, role);
      expect((await mark(staff, loanId)).statusCode).toBe(200);
      expect((await clear(staff, loanId)).statusCode).toBe(200);
    }
  });
});
