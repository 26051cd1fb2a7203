import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../platform/auth/principal.ts';
import { newLibraryService, useTestHearth } from '../../test/harness.ts';
import { makeDesk, makeItem, makeLoan, makeMember } from './factories.ts';
import { renewLoansInBatch, type RenewalOutcome } from './renew.ts';

const TODAY = '2026-12-01'; // a Tuesday; branches open Monday to Saturday

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;

const codeOf = (outcome: RenewalOutcome) => ('refusal' in outcome ? outcome.refusal.code : 'renewed');

async function loanOn(tenantId: string, branchId: string, memberId: string, dueDate: string) {
  const item = await makeItem(db(), tenantId, { branchId });
  return { ...(await makeLoan(db(), tenantId, { itemId: item.id, memberId, branchId, dueDate })), item };
}

const loanState = (id: string) => db().selectFrom('loans').select(['due_date', 'renewals']).where('id', '=', id).executeTakeFirstOrThrow();

/** Counts the statements sent through the query builder (BEGIN and COMMIT are not among them). */
class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery({ node }: PluginTransformQueryArgs) {
    this.count++;
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs) {
    return result;
  }
}

describe('renewing loans in a batch', () => {
  it('renews each loan by the single renewal rules, and a refusal stops none of the others', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { branch, member, item } = await makeDesk(db(), tenantId);
    const onTime = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-05' });
    const late = await loanOn(tenantId, branch.id, member.id, '2026-11-28');
    const tooLate = await loanOn(tenantId, branch.id, member.id, '2026-11-10');
    const requested = await loanOn(tenantId, branch.id, member.id, '2026-12-05');
    const atLimit = await loanOn(tenantId, branch.id, member.id, '2026-12-05');
    await db().updateTable('loans').set({ renewals: 2 }).where('id', '=', atLimit.id).execute();
    const waiting = await makeMember(db(), tenantId, branch.id);
    const placed = await admin.post('/api/requests', { cardNumber: waiting.cardNumber, recordId: requested.item.recordId, pickupBranchId: branch.id });
    expect(placed.statusCode).toBe(201);
    const blockedMember = await makeMember(db(), tenantId, branch.id, { status: 'blocked' });
    const blocked = await loanOn(tenantId, branch.id, blockedMember.id, '2026-12-05');
    const returned = await loanOn(tenantId, branch.id, member.id, '2026-12-05');
    await db().updateTable('loans').set({ returned_at: new Date(), outcome: 'returned' }).where('id', '=', returned.id).execute();
    const other = await newLibraryService(t);
    const elsewhere = await makeDesk(db(), other.tenantId);
    const othersLoan = await makeLoan(db(), other.tenantId, { itemId: elsewhere.item.id, memberId: elsewhere.member.id, branchId: elsewhere.branch.id, dueDate: '2026-12-05' });

    const ids = [onTime.id, late.id, tooLate.id, requested.id, atLimit.id, blocked.id, returned.id, othersLoan.id, onTime.id];
    const outcomes = await renewLoansInBatch(db(), systemActor(tenantId, 'Batch'), TODAY, ids);

    expect(outcomes.map((outcome) => [outcome.loanId, codeOf(outcome)])).toEqual([
      [onTime.id, 'renewed'],
      [late.id, 'renewed'],
      [tooLate.id, 'overdue_too_long'],
      [requested.id, 'requested_by_another'],
      [atLimit.id, 'renewal_limit_reached'],
      [blocked.id, 'member_blocked'],
      [returned.id, 'not_found'],
      [othersLoan.id, 'not_found'],
    ]);
    expect(outcomes[0]).toMatchObject({ renewal: { id: onTime.id, dueDate: '2026-12-22', renewals: 1, fineCharged: 0, fineWaivedByScheme: 0 } });
    expect(outcomes[1]).toMatchObject({ renewal: { dueDate: '2026-12-22', renewals: 1, fineCharged: 50 } });
    expect(outcomes[2]).toMatchObject({ loan: { id: tooLate.id, dueDate: '2026-11-10', renewals: 0 } });
    expect(outcomes[7]).toMatchObject({ loan: null });

    expect(await loanState(onTime.id)).toEqual({ due_date: '2026-12-22', renewals: 1 });
    for (const refused of [tooLate, requested, blocked]) expect(await loanState(refused.id)).toMatchObject({ renewals: 0 });
    expect(await loanState(atLimit.id)).toEqual({ due_date: '2026-12-05', renewals: 2 });
    expect(await loanState(othersLoan.id)).toEqual({ due_date: '2026-12-05', renewals: 0 });

    const charges = await db().selectFrom('fine_transactions').select(['loan_id', 'kind', 'amount_pence']).where('member_id', '=', member.id).execute();
    expect(charges).toEqual([{ loan_id: late.id, kind: 'charge', amount_pence: 50 }]);
    const audited = await db().selectFrom('audit_log').select(['entity_id', 'details', 'actor_label']).where('tenant_id', '=', tenantId).where('action', '=', 'loan.renewed').orderBy('entity_id').execute();
    expect(audited).toEqual(
      [
        { entity_id: onTime.id, actor_label: 'Batch', details: { from: '2026-12-05', to: '2026-12-22', renewals: 1, fineCharged: 0, fineWaivedByScheme: 0 } },
        { entity_id: late.id, actor_label: 'Batch', details: { from: '2026-11-28', to: '2026-12-22', renewals: 1, fineCharged: 50, fineWaivedByScheme: 0 } },
      ].sort((a, b) => a.entity_id.localeCompare(b.entity_id)),
    );
  });

  it('takes as many statements for many loans as for one', async () => {
    const { tenantId } = await newLibraryService(t);
    const { branch, member } = await makeDesk(db(), tenantId);
    const loans = await Promise.all(Array.from({ length: 6 }, () => loanOn(tenantId, branch.id, member.id, '2026-12-05')));
    const statementsFor = async (loanIds: string[]) => {
      const counter = new StatementCounter();
      const outcomes = await renewLoansInBatch(db().withPlugin(counter), systemActor(tenantId, 'Batch'), TODAY, loanIds);
      expect(outcomes.map(codeOf)).toEqual(loanIds.map(() => 'renewed'));
      return counter.count;
    };
    const one = await statementsFor([loans[0]!.id]);
    const many = await statementsFor(loans.slice(1).map((loan) => loan.id));
    expect(many).toBe(one);
  });
});
