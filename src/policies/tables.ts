import type { Generated } from 'kysely';

export interface LendingPoliciesTable {
  id: Generated<string>;
  tenant_id: string;
  member_category_id: string;
  item_type_id: string;
  loan_days: number;
  renewal_limit: number;
  daily_fine_pence: number;
  fine_cap_pence: number;
  request_fee_pence: Generated<number>;
  loan_limit: number;
  grace_days: Generated<number>;
  advance_notice_days: Generated<number>;
  updated_at: Generated<Date>;
}

export interface BranchClosuresTable {
  branch_id: string;
  closed_on: string;
  reason: string | null;
}

export interface PolicyTables {
  lending_policies: LendingPoliciesTable;
  branch_closures: BranchClosuresTable;
}
