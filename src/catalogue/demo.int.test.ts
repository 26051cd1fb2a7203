import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../platform/auth/principal.ts';
import { loadOrganisationDemo } from '../organisation/demo.ts';
import { createTestHearth, newLibraryService, type TestHearth } from '../../test/harness.ts';
import { loadCatalogueDemo } from './demo.ts';
import { searchCatalogue } from './search.ts';

let t: TestHearth;
beforeAll(async () => {
  t = await createTestHearth();
});
afterAll(() => t.close());

describe('the catalogue demo', () => {
  it('fills four branches with a searchable catalogue in several formats and languages', async () => {
    const { tenantId } = await newLibraryService(t);
    const actor = systemActor(tenantId, 'Demo data');
    const { branches } = await loadOrganisationDemo(t.hearth.database.db, actor);
    const records = await loadCatalogueDemo(t.hearth.database.db, actor, branches);
    expect(records.length).toBeGreaterThanOrEqual(60);
    expect(new Set(records.flatMap((r) => r.barcodes)).size).toBe(records.flatMap((r) => r.barcodes).length);

    const all = await searchCatalogue(t.hearth.database.db, tenantId, { limit: 1, offset: 0 });
    expect(all.facets.format.map((f) => f.value).sort()).toEqual(['audiobook_cd', 'book', 'dvd', 'ebook', 'large_print', 'talking_book']);
    expect(all.facets.language.map((f) => f.value).sort()).toEqual(['ara', 'eng', 'pol']);
    expect(all.facets.branch).toHaveLength(4);
    const gardening = await searchCatalogue(t.hearth.database.db, tenantId, { q: 'gardening', format: ['large_print'], limit: 20, offset: 0 });
    expect(gardening.items.map((r) => r.title)).toContain('Down to Earth');
    expect((await searchCatalogue(t.hearth.database.db, tenantId, { q: 'ksiegi', limit: 5, offset: 0 })).items[0]?.title).toBe('Księgi Jakubowe');
    // Arabic titles are stemmed as Arabic: "هجرة" (migration) finds "الهجرة" (the migration).
    const migration = await searchCatalogue(t.hearth.database.db, tenantId, { q: 'هجرة', limit: 5, offset: 0 });
    expect(migration.items.map((r) => r.title)).toEqual(['موسم الهجرة إلى الشمال']);
    expect(migration.approximate).toBe(false);
  });
});
