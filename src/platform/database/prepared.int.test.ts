import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { prepared, type Values } from './prepared.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.dispose());

describe('a prepared query', () => {
  it('is built once and runs with each call’s values, however often a value appears, nulls included', async () => {
    let builds = 0;
    const branchesNamed = prepared((db, value: Values<{ name: string; fallback: string | null }>) => {
      builds++;
      return db
        .selectFrom(sql<{ name: string }>`(select unnest(array['Ipswich', 'Brandon', 'Felixstowe']) as name)`.as('b'))
        .select(['b.name', sql<string | null>`coalesce(${value('fallback')}, ${value('name')})`.as('chosen')])
        .where((eb) => eb.or([eb('b.name', '=', value('name')), eb('b.name', '=', sql<string>`coalesce(${value('fallback')}, '')`)]))
        .where('b.name', '<>', 'Felixstowe')
        .orderBy('b.name');
    });
    const { db } = database;

    expect(await branchesNamed(db, { name: 'Ipswich', fallback: null })).toEqual([{ name: 'Ipswich', chosen: 'Ipswich' }]);
    expect(await branchesNamed(db, { name: 'Ipswich', fallback: 'Brandon' })).toEqual([
      { name: 'Brandon', chosen: 'Brandon' },
      { name: 'Ipswich', chosen: 'Brandon' },
    ]);
    // A constant of the query stays a constant: Felixstowe is never found.
    expect(await branchesNamed(db, { name: 'Felixstowe', fallback: null })).toEqual([]);
    expect(builds).toBe(1);
  });

  it('runs inside the caller’s transaction', async () => {
    const count = prepared((db, value: Values<{ min: number }>) =>
      db.selectFrom('library_services').select((eb) => eb.fn.countAll<number>().as('n')).where(sql<number>`length(name)`, '>=', value('min')),
    );
    const { db } = database;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('library_services').values({ name: 'Prepared Libraries', slug: 'prepared-libraries' }).execute();
        const [inside] = await count(trx, { min: 'Prepared Libraries'.length });
        expect(Number(inside!.n)).toBeGreaterThanOrEqual(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.selectFrom('library_services').select('id').where('slug', '=', 'prepared-libraries').execute()).toEqual([]);
  });
});
