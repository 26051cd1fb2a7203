import type { CatalogueTables } from '../../catalogue/tables.ts';
import type { CirculationTables } from '../../circulation/tables.ts';
import type { GoodNeighbourTables } from '../../good-neighbour/tables.ts';
import type { MemberTables } from '../../members/tables.ts';
import type { DirectoryTables } from '../../directory/tables.ts';
import type { ProgrammeTables } from '../../programmes/tables.ts';
import type { ReferralTables } from '../../referrals/tables.ts';
import type { PolicyTables } from '../../policies/tables.ts';
import type { OrganisationTables } from '../../organisation/tables.ts';
import type { StaffTables } from '../../staff/tables.ts';
import type { AuditTables } from '../audit/tables.ts';
import type { AuthTables } from '../auth/tables.ts';
import type { MailTables } from '../mail/tables.ts';

/** Every table, as the query layer sees it; each module declares its own in its tables.ts. */
export interface Schema
  extends OrganisationTables,
    StaffTables,
    AuthTables,
    AuditTables,
    MailTables,
    CatalogueTables,
    MemberTables,
    PolicyTables,
    CirculationTables,
    GoodNeighbourTables,
    ProgrammeTables,
    DirectoryTables,
    ReferralTables {}
