import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../platform/auth/principal.ts';
import { newLibraryService, useTestHearth, type TestHearth } from '../../test/harness.ts';
import { SCHEME_CATEGORY_CODE } from '../good-neighbour/defaults.ts';
import { makeDesk, makeLoan, makeMember } from './factories.ts';
import { issueLoan } from './issue.ts';
import { returnItem } from './returns.ts';

const TODAY = '2026-12-01';

/**
 * Counts the statements executed, by their results: built by the query builder or prepared once
 * (BEGIN and COMMIT are not among them).
 */
class StatementCounter implements KyselyPlugin {
  statements = 0;
  transformQuery({ node }: PluginTransformQueryArgs) {
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs) {
    this.statements++;
    return result;
  }
}

const t = useTestHearth({ today: TODAY });

async function counted<T>(work: (db: TestHearth['hearth']['database']['db']) => Promise<T>) {
  const counter = new StatementCounter();
  await work(t.hearth.database.db.withPlugin(counter));
  return counter.statements;
}

// Each statement is a round trip to the database inside the transaction that holds the item's lock:
// these counts keep the desk's two busiest actions from quietly growing slower.
describe('statements per desk action', () => {
  it('issues and returns an item on time in a fixed number of statements', async () => {
    const { tenantId } = await newLibraryService(t);
    const { member, item } = await makeDesk(t.hearth.database.db, tenantId);
    const actor = systemActor(tenantId, 'Desk');
    const issue = await counted((db) => issueLoan(db, actor, TODAY, { cardNumber: member.cardNumber, itemBarcode: item.barcode }));
    const ret = await counted((db) => returnItem(db, actor, TODAY, { itemBarcode: item.barcode }));
    expect({ issue, ret }).toEqual({ issue: 4, ret: 5 });
  });

  it('returns an overdue item, charging its fine, in a fixed number of statements', async () => {
    const { tenantId } = await newLibraryService(t);
    const { branch, member, item } = await makeDesk(t.hearth.database.db, tenantId);
    await makeLoan(t.hearth.database.db, tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-20' });
    const actor = systemActor(tenantId, 'Desk');
    const ret = await counted((db) => returnItem(db, actor, TODAY, { itemBarcode: item.barcode }));
    expect(ret).toBe(7);
  });

  it('issues to a reader on a fine-forgiving scheme, and forgives a late return, without extra statements', async () => {
    const { tenantId } = await newLibraryService(t);
    const db = t.hearth.database.db;
    const { branch, item } = await makeDesk(db, tenantId);
    const scheme = await db.selectFrom('member_categories').select('id').where('tenant_id', '=', tenantId).where('code', '=', SCHEME_CATEGORY_CODE).executeTakeFirstOrThrow();
    const reader = await makeMember(db, tenantId, branch.id, { categoryId: scheme.id });
    const actor = systemActor(tenantId, 'Desk');
    const issue = await counted((counting) => issueLoan(counting, actor, TODAY, { cardNumber: reader.cardNumber, itemBarcode: item.barcode }));
    await db.updateTable('loans').set({ due_date: '2026-11-20' }).where('item_id', '=', item.id).execute();
    // The forgiven fine is added to the loan by the statement that closes it, so nothing goes to the ledger.
    const ret = await counted((counting) => returnItem(counting, actor, TODAY, { itemBarcode: item.barcode }));
    expect({ issue, ret }).toEqual({ issue: 4, ret: 6 });
  });
});
