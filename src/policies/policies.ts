import type { Actor } from '../platform/auth/principal.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { invalid, notFound } from '../platform/http/errors.ts';
import { findCategoryRow } from '../members/store.ts';
import { listMemberCategories } from '../members/categories.ts';
import { findItemTypeRow, findPolicy, lendingSettingsRow, listItemTypeRows, listPolicyRows, updateLendingSettingsRow, upsertPolicyRow, type PolicyRules } from './store.ts';

export interface PolicyRulesInput {
  loanDays: number;
  renewalLimit: number;
  dailyFinePence: number;
  fineCapPence: number;
  requestFeePence: number;
  loanLimit: number;
  graceDays: number;
  advanceNoticeDays: number;
}

export interface Policy extends PolicyRulesInput {
  memberCategory: { id: string; code: string; name: string };
  itemType: { id: string; code: string; name: string };
  updatedAt: Date;
}

export interface LendingSettings {
  /** Unpaid fines above this stop a member borrowing. */
  finesBlockAbovePence: number;
  holdShelfDays: number;
  requestExpiryDays: number;
  /** Days sent messages keep their bodies; the nightly notice retention purge blanks them after. */
  messageRetentionDays: number;
  currency: string;
}

const fromRow = (row: PolicyRules): PolicyRulesInput => ({
  loanDays: row.loan_days,
  renewalLimit: row.renewal_limit,
  dailyFinePence: row.daily_fine_pence,
  fineCapPence: row.fine_cap_pence,
  requestFeePence: row.request_fee_pence,
  loanLimit: row.loan_limit,
  graceDays: row.grace_days,
  advanceNoticeDays: row.advance_notice_days,
});

const toRow = (rules: PolicyRulesInput): PolicyRules => ({
  loan_days: rules.loanDays,
  renewal_limit: rules.renewalLimit,
  daily_fine_pence: rules.dailyFinePence,
  fine_cap_pence: rules.fineCapPence,
  request_fee_pence: rules.requestFeePence,
  loan_limit: rules.loanLimit,
  grace_days: rules.graceDays,
  advance_notice_days: rules.advanceNoticeDays,
});

export async function listPolicies(db: Queryable, tenantId: string): Promise<Policy[]> {
  const rows = await listPolicyRows(db, tenantId);
  return rows.map((row) => ({
    memberCategory: { id: row.member_category_id, code: row.category_code, name: row.category_name },
    itemType: { id: row.item_type_id, code: row.item_type_code, name: row.item_type_name },
    ...fromRow(row),
    updatedAt: row.updated_at,
  }));
}

/** Everything the policy editor shows: the rules, the service-wide settings and what rules can be set for. */
export async function policyOverview(db: Queryable, tenantId: string) {
  return {
    items: await listPolicies(db, tenantId),
    settings: await getLendingSettings(db, tenantId),
    memberCategories: (await listMemberCategories(db, tenantId)).map(({ id, code, name }) => ({ id, code, name })),
    itemTypes: await listItemTypeRows(db, tenantId),
  };
}

/** Rules that are each in range but make no sense together. */
function checkRules(rules: PolicyRulesInput) {
  if (rules.advanceNoticeDays >= rules.loanDays) {
    throw invalid('policy_invalid', 'Advance notice must come before the loan falls due.', [{ field: 'advanceNoticeDays', message: 'must be fewer than loanDays' }]);
  }
  if (rules.dailyFinePence > 0 && rules.fineCapPence < rules.dailyFinePence) {
    throw invalid('policy_invalid', 'The fine cap must be at least one day’s fine.', [{ field: 'fineCapPence', message: 'must be at least dailyFinePence' }]);
  }
}

/** Sets the rules for one member category and item type, creating them if there were none. */
export async function setPolicy(db: Db, actor: Actor, target: { memberCategoryId: string; itemTypeId: string }, rules: PolicyRulesInput): Promise<Policy> {
  checkRules(rules);
  return db.transaction().execute(async (trx) => {
    if (!(await findCategoryRow(trx, actor.tenantId, target.memberCategoryId))) throw notFound('The member category');
    if (!(await findItemTypeRow(trx, actor.tenantId, target.itemTypeId))) throw notFound('The item type');
    const before = await findPolicy(trx, actor.tenantId, target.memberCategoryId, target.itemTypeId);
    await upsertPolicyRow(trx, actor.tenantId, target.memberCategoryId, target.itemTypeId, toRow(rules));
    const after = await findPolicy(trx, actor.tenantId, target.memberCategoryId, target.itemTypeId);
    await recordAudit(trx, actor, {
      action: before ? 'lending_policy.updated' : 'lending_policy.created',
      entityType: 'lending_policy',
      entityId: after!.id,
      details: { ...target, before: before ? fromRow(before) : null, after: rules, changes: before ? changesBetween({ ...fromRow(before) }, { ...rules }) : undefined },
    });
    return (await listPolicies(trx, actor.tenantId)).find((p) => p.memberCategory.id === target.memberCategoryId && p.itemType.id === target.itemTypeId)!;
  });
}

export async function getLendingSettings(db: Queryable, tenantId: string): Promise<LendingSettings> {
  const row = await lendingSettingsRow(db, tenantId);
  return {
    finesBlockAbovePence: row.fine_block_pence,
    holdShelfDays: row.hold_shelf_days,
    requestExpiryDays: row.request_expiry_days,
    messageRetentionDays: row.message_retention_days,
    currency: row.currency,
  };
}

export async function updateLendingSettings(db: Db, actor: Actor, changes: Partial<Omit<LendingSettings, 'currency'>>): Promise<LendingSettings> {
  return db.transaction().execute(async (trx) => {
    const before = await getLendingSettings(trx, actor.tenantId);
    const columns = {
      fine_block_pence: changes.finesBlockAbovePence,
      hold_shelf_days: changes.holdShelfDays,
      request_expiry_days: changes.requestExpiryDays,
      message_retention_days: changes.messageRetentionDays,
    };
    if (Object.values(columns).some((value) => value !== undefined)) await updateLendingSettingsRow(trx, actor.tenantId, columns);
    const after = await getLendingSettings(trx, actor.tenantId);
    await recordAudit(trx, actor, { action: 'lending_settings.updated', entityType: 'library_service', entityId: actor.tenantId, details: { before, after, changes: changesBetween({ ...before }, changes) } });
    return after;
  });
}
