import { describe, expect, it } from 'vitest';
import { newLibraryService, useTestHearth, type Client } from '../../test/harness.ts';
import { makeBranch, makeItem, makeLoan, makeMember, makeRecord } from '../circulation/factories.ts';

const TODAY = '2026-12-20';
const t = useTestHearth(() => ({ today: TODAY }));
const db = () => t.hearth.database.db;

async function library() {
  const { admin, tenantId } = await newLibraryService(t);
  const branch = await makeBranch(db(), tenantId);
  const member = await makeMember(db(), tenantId, branch.id);
  const loan = async (title: string, dueDate: string) => {
    const record = await makeRecord(db(), tenantId, { title, authors: ['Jane Austen'] });
    const item = await makeItem(db(), tenantId, { branchId: branch.id, recordId: record.id });
    return (await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate })).id;
  };
  return { admin, tenantId, member, loan };
}

const run = async (admin: Client, date: string) => {
  const response = await admin.post('/api/notices/run', { date });
  expect(response.statusCode).toBe(200);
  return response.json();
};

/** What the log holds for each loan: its kinds, by the day they were claimed. */
async function logged(tenantId: string) {
  const rows = await db().selectFrom('notice_log').select(['subject_id', 'kind', 'notice_date']).where('tenant_id', '=', tenantId).orderBy('notice_date').orderBy('kind').execute();
  return rows.map((row) => ({ loan: row.subject_id, kind: row.kind, date: row.notice_date }));
}

describe('catching up a missed notice run', () => {
  it('sends on a late run every notice that fell due since the last one, one per loan', async () => {
    const { admin, tenantId, loan } = await library();
    const firstDue = await loan('Persuasion', '2026-11-30');
    const longOverdue = await loan('Sanditon', '2026-11-25');
    const advanceMissed = await loan('Emma', '2026-12-05');
    const advanceThenOverdue = await loan('Lady Susan', '2026-12-02');
    await loan('Mansfield Park', '2026-12-20');

    // A library service's first run claims its own day only, not a backlog from before it: not
    // Sanditon's first overdue notice, which fell due on 26 November.
    expect(await run(admin, '2026-11-30')).toMatchObject({ advance: 0, firstOverdue: 0, secondOverdue: 0, messages: 0 });
    // The runs of 1 and 2 December never happened; 3 December's catches up.
    expect(await run(admin, '2026-12-03')).toMatchObject({ advance: 1, firstOverdue: 2, secondOverdue: 1, messages: 1 });
    expect(await logged(tenantId)).toEqual(
      expect.arrayContaining([
        { loan: advanceMissed, kind: 'advance', date: '2026-12-03' },
        { loan: firstDue, kind: 'first_overdue', date: '2026-12-03' },
        { loan: advanceThenOverdue, kind: 'first_overdue', date: '2026-12-03' },
        // Overdue long enough for a second notice: that one alone, not the first as well.
        { loan: longOverdue, kind: 'second_overdue', date: '2026-12-03' },
      ]),
    );
    expect(await logged(tenantId)).toHaveLength(4);

    expect(await run(admin, '2026-12-03')).toMatchObject({ advance: 0, firstOverdue: 0, secondOverdue: 0, messages: 0 });
    expect(await run(admin, '2026-12-04')).toMatchObject({ advance: 0, firstOverdue: 0, secondOverdue: 0, messages: 0 });

    // Days missed again: each second notice that fell due in them still goes, once.
    expect(await run(admin, '2026-12-11')).toMatchObject({ advance: 0, firstOverdue: 1, secondOverdue: 2, messages: 1 });
    expect((await logged(tenantId)).filter((row) => row.date === '2026-12-11')).toEqual(
      expect.arrayContaining([
        { loan: firstDue, kind: 'second_overdue', date: '2026-12-11' },
        { loan: advanceThenOverdue, kind: 'second_overdue', date: '2026-12-11' },
        { loan: advanceMissed, kind: 'first_overdue', date: '2026-12-11' },
      ]),
    );
    expect(await run(admin, '2026-12-11')).toMatchObject({ advance: 0, firstOverdue: 0, secondOverdue: 0, messages: 0 });
  });

  it('notices a renewed loan again for its new due date', async () => {
    const { admin, tenantId, loan } = await library();
    const id = await loan('Emma', '2026-12-04');
    expect(await run(admin, '2026-12-01')).toMatchObject({ advance: 1 });
    expect(await run(admin, '2026-12-05')).toMatchObject({ firstOverdue: 1 });
    await db().updateTable('loans').set({ due_date: '2026-12-12' }).where('id', '=', id).execute();

    expect(await run(admin, '2026-12-09')).toMatchObject({ advance: 1, firstOverdue: 0 });
    expect(await run(admin, '2026-12-13')).toMatchObject({ advance: 0, firstOverdue: 1 });
    expect((await logged(tenantId)).map((row) => `${row.kind} ${row.date}`)).toEqual([
      'advance 2026-12-01',
      'first_overdue 2026-12-05',
      'advance 2026-12-09',
      'first_overdue 2026-12-13',
    ]);
  });

  it('sends no advance notice to a member who turned them off', async () => {
    const { admin, tenantId, member, loan } = await library();
    await db().updateTable('members').set({ advance_notices: false }).where('id', '=', member.id).execute();
    await loan('Emma', '2026-12-07');
    expect(await run(admin, '2026-12-04')).toMatchObject({ advance: 0, messages: 0 });
    expect(await logged(tenantId)).toEqual([]);
  });
});
