import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../platform/auth/principal.ts';
import { createTestHearth, newLibraryService, type TestHearth } from '../../test/harness.ts';
import { makeDesk, makeLoan } from './factories.ts';
import { issueLoan } from './issue.ts';
import { returnItem } from './returns.ts';

const TODAY = '2026-12-01';

/** Counts the statements sent through the query builder (BEGIN and COMMIT are not among them). */
class StatementCounter implements KyselyPlugin {
  statements: string[] = [];
  transformQuery({ node }: PluginTransformQueryArgs) {
    this.statements.push(node.kind);
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs) {
    return result;
  }
}

let t: TestHearth;
beforeAll(async () => {
  t = await createTestHearth({ today: TODAY });
});
afterAll(() => t.close());

async function counted<T>(work: (db: TestHearth['hearth']['database']['db']) => Promise<T>) {
  const counter = new StatementCounter();
  await work(t.hearth.database.db.withPlugin(counter));
  return counter.statements.length;
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
    expect({ issue, ret }).toEqual({ issue: 3, ret: 5 });
  });

  it('returns an overdue item, charging its fine, in a fixed number of statements', async () => {
    const { tenantId } = await newLibraryService(t);
    const { branch, member, item } = await makeDesk(t.hearth.database.db, tenantId);
    await makeLoan(t.hearth.database.db, tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-20' });
    const actor = systemActor(tenantId, 'Desk');
    const ret = await counted((db) => returnItem(db, actor, TODAY, { itemBarcode: item.barcode }));
    expect(ret).toBe(7);
  });
});
