import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestHearth, signIn, type Client, type TestHearth } from '../../test/harness.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../staff/demo.ts';

let t: TestHearth;
let caseworker: Client;
beforeAll(async () => {
  t = await createTestHearth({ demo: true, today: '2026-12-01' });
  caseworker = await signIn(t.app, 'caseworker@demo.hearth.example', DEMO_PASSWORD);
});
afterAll(() => t.close());

describe('the Warm Handover directory demo', () => {
  it('lists the partners’ services, found by need and language near a postcode', async () => {
    const taxonomy = (await caseworker.get('/api/service-directory/taxonomies')).json().items[0];
    const refugees = taxonomy.terms.find((term: { code: string }) => term.code === 'refugees');
    const found = (await caseworker.get(`/api/service-directory/services?termId=${refugees.id}&language=ar&postcode=IP1%203DE&radiusKm=5`)).json();
    expect(found.items.map((s: { name: string }) => s.name).sort()).toEqual(['Advice and advocacy for refugees', 'Chat and chill']);
    expect(found.items.every((s: { acceptingReferrals: boolean }) => s.acceptingReferrals)).toBe(true);
  });

  it('serves them on the public HSDS feed', async () => {
    const page = (await anonymous(t.app).get('/api/directory/services?per_page=50')).json();
    expect(page.total_items).toBe(7);
  });

  it('has every partner signed up to the data-sharing agreement', async () => {
    const admin = await signIn(t.app, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    const [partnership] = (await admin.get('/api/partnerships')).json().items;
    const [agreement] = (await admin.get(`/api/partnerships/${partnership.id}/agreements`)).json().items;
    expect(agreement).toMatchObject({ version: '2026.1', current: true });
    expect(agreement.acceptances).toHaveLength(4);
  });
});
