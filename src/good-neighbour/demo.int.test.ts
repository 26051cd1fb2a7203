import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHearth, signIn, type Client, type TestHearth } from '../../test/harness.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../staff/demo.ts';

let t: TestHearth;
let admin: Client;
beforeAll(async () => {
  t = await createTestHearth({ demo: true, today: '2026-12-01' });
  admin = await signIn(t.app, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
});
afterAll(() => t.close());

describe('the Good Neighbour demo', () => {
  it('has Nathaniel on the scheme with Matthew visiting fortnightly, a misplaced book, a profile and a selection', async () => {
    const list = await admin.get('/api/good-neighbour/arrangements?q=Nathaniel');
    expect(list.statusCode).toBe(200);
    const [summary] = list.json().items;
    const arrangement = (await admin.get(`/api/good-neighbour/arrangements/${summary.id}`)).json();
    expect(arrangement.reader.name).toBe('Nathaniel Brooks');
    const matthew = arrangement.neighbours.find((n: { name: string }) => n.name === 'Matthew Brooks');
    expect(matthew).toMatchObject({ relationship: 'Son', advanceNotice: true, visitEveryDays: 14, nextVisit: '2026-12-06' });
    expect(arrangement.covers).toHaveLength(1);

    const loans = await t.hearth.database.db.selectFrom('loans').select(['misplaced_at_home_on']).where('member_id', '=', arrangement.reader.id).where('returned_at', 'is', null).execute();
    expect(loans.filter((loan) => loan.misplaced_at_home_on === '2026-12-01')).toHaveLength(1);

    const profile = (await admin.get(`/api/good-neighbour/arrangements/${summary.id}/profile`)).json();
    expect(profile.formats).toContain('large_print');
    const selections = (await admin.get(`/api/good-neighbour/arrangements/${summary.id}/selections`)).json();
    expect(selections.items[0].items[0].title).toBe('Raven Black');
  });

  it('has Jo Palmer serving two readers', async () => {
    const arrangements = (await admin.get('/api/good-neighbour/arrangements?q=Jo%20Palmer')).json().items;
    expect(arrangements).toHaveLength(2);
  });

  it("opens with this morning's warning to Matthew in the outbox, naming the book due before his visit", async () => {
    const outbox = (await admin.get('/api/outbox?kind=good_neighbour_warning')).json();
    const toMatthew = outbox.items.filter((message: { to: string }) => message.to === 'matthew.brooks@mail.demo.hearth.example');
    expect(toMatthew).toHaveLength(1);
  });
});
