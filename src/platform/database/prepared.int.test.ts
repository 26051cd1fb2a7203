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

describe('on PostgreSQL, a prepared query', () => {
  const branchNamed = prepared((db, value: Values<{ name: string }>) =>
    db.selectFrom(sql<{ name: string }>`(select unnest(array['Halesworth', 'Southwold']) as name)`.as('b')).select('b.name').where('b.name', '=', value('name')),
  );

  it('is parsed once per connection, as a named statement, and then only run', async () => {
    await database.db.connection().execute(async (connection) => {
      expect(await branchNamed(connection, { name: 'Halesworth' })).toEqual([{ name: 'Halesworth' }]);
      expect(await branchNamed(connection, { name: 'Southwold' })).toEqual([{ name: 'Southwold' }]);
      const { rows } = await sql<{ name: string; runs: number }>`
        select name, generic_plans + custom_plans as runs from pg_prepared_statements where statement like '%Halesworth%Southwold%'`.execute(connection);
      // The embedded engine has one in-process connection and nothing to save by naming.
      if (database.engine === 'postgres') expect(rows).toEqual([{ name: expect.stringMatching(/^hearth_\d+$/), runs: 2 }]);
      else expect(rows).toEqual([]);
    });
  });

  it('still runs on a connection where its first parse failed in an aborted transaction', async () => {
    const branchFound = prepared((db, value: Values<{ name: string }>) =>
      db.selectFrom(sql<{ name: string }>`(select unnest(array['Lowestoft', 'Beccles']) as name)`.as('b')).select('b.name').where('b.name', '=', value('name')),
    );
    await database.db.connection().execute(async (connection) => {
      await sql`begin`.execute(connection);
      await expect(sql`select 1 / 0`.execute(connection)).rejects.toThrow(/division by zero/);
      await expect(branchFound(connection, { name: 'Beccles' })).rejects.toThrow(/current transaction is aborted/);
      await sql`rollback`.execute(connection);
      expect(await branchFound(connection, { name: 'Beccles' })).toEqual([{ name: 'Beccles' }]);
    });
  });
});
