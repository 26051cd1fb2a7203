import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHearth, type TestHearth } from '../../test/harness.ts';

let t: TestHearth;
beforeAll(async () => {
  t = await createTestHearth({ demo: true, today: '2026-12-01' });
});
afterAll(() => t.close());

describe('the circulation demo', () => {
  it("lends Nathaniel's books through Matthew, with overdue loans, a fine and a waiting request", async () => {
    const db = t.hearth.database.db;
    const nathaniel = await db.selectFrom('members').select('id').where('name', '=', 'Nathaniel Brooks').executeTakeFirstOrThrow();
    const loans = await db.selectFrom('loans').select(['on_behalf_of', 'due_date']).where('member_id', '=', nathaniel.id).where('returned_at', 'is', null).execute();
    expect(loans.filter((l) => l.on_behalf_of === 'Matthew Brooks')).toHaveLength(3);
    const overdue = await db.selectFrom('loans').select('id').where('returned_at', 'is', null).where('due_date', '<', '2026-12-01').execute();
    expect(overdue.length).toBeGreaterThanOrEqual(3);
    const charges = await db.selectFrom('fine_transactions').select('amount_pence').where('kind', '=', 'charge').execute();
    expect(charges.length).toBeGreaterThan(0);
    expect(await db.selectFrom('requests').select('id').where('status', '=', 'waiting').execute()).toHaveLength(1);
  });
});
