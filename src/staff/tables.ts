import type { Generated } from 'kysely';
import type { Role } from '../platform/auth/roles.ts';

export interface StaffUsersTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  name: string;
  role: Role;
  organisation_id: string | null;
  password_hash: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  last_sign_in_at: Date | null;
}

export interface StaffTables {
  staff_users: StaffUsersTable;
}
