import type { Generated } from 'kysely';
import type { Role } from './roles.ts';

export interface AuthSessionsTable {
  id_hash: string;
  user_id: string;
  tenant_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  tenant_id: string;
  created_by: string;
  name: string;
  role: Role;
  token_hash: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: Generated<Date>;
}

export interface StaffInvitationsTable {
  token_hash: string;
  user_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

export interface AuthTables {
  auth_sessions: AuthSessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  staff_invitations: StaffInvitationsTable;
}
