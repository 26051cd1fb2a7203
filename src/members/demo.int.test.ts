import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../platform/auth/principal.ts';
import { createLibraryService } from '../organisation/library-services.ts';
import { loadOrganisationDemo } from '../organisation/demo.ts';
import { createTestHearth, unique, type TestHearth } from '../../test/harness.ts';
import { listBranchClosures } from '../policies/closures.ts';
import { noticeLanguageOf } from '../notices/languages.ts';
import { isValidCardNumber } from './card-numbers.ts';
import { loadMembersDemo } from './demo.ts';
import { searchMembers } from './members.ts';

let t: TestHearth;
beforeAll(async () => {
  t = await createTestHearth();
});
afterAll(() => t.close());

describe('the members demo', () => {
  it('registers Nathaniel, his son and dozens of neighbours, and closes branches over Christmas', async () => {
    const db = t.hearth.database.db;
    const service = await createLibraryService(db, { name: unique('Demo') });
    const actor = systemActor(service.id, 'Demo data');
    const { branches } = await loadOrganisationDemo(db, actor);
    const { members } = await loadMembersDemo(db, actor, branches);

    expect(Object.keys(members).length).toBeGreaterThanOrEqual(40);
    expect(members.nathaniel).toMatchObject({ name: 'Nathaniel Brooks', homeBranch: { name: 'Lowestoft Library' }, keepsHistory: true });
    expect(members.matthew.name).toBe('Matthew Brooks');
    expect(Object.values(members).every((m) => isValidCardNumber(m.cardNumber))).toBe(true);
    expect(Object.values(members).filter((m) => m.language === 'ar').length).toBeGreaterThanOrEqual(3);
    expect(Object.values(members).every((m) => noticeLanguageOf(m.language) !== null), 'every member gets notices in the language chosen').toBe(true);
    expect((await searchMembers(db, service.id, 'lukasz zielinski')).map((m) => m.id)).toEqual([members.lukasz.id]);
    for (const branch of Object.values(branches)) {
      expect((await listBranchClosures(db, service.id, branch.id)).map((c) => c.date)).toEqual(['2026-12-25', '2026-12-26']);
    }
  });
});
