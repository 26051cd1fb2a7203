import type { OrganisationTables } from '../../organisation/tables.ts';
import type { StaffTables } from '../../staff/tables.ts';
import type { AuditTables } from '../audit/tables.ts';
import type { AuthTables } from '../auth/tables.ts';
import type { MailTables } from '../mail/tables.ts';

/** Every table, as the query layer sees it; each module declares its own in its tables.ts. */
export interface Schema extends OrganisationTables, StaffTables, AuthTables, AuditTables, MailTables {}
