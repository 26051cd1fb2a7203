import type { Config } from './config.ts';
import type { Db } from './database/database.ts';
import { hashPassword } from './auth/passwords.ts';
import { systemActor } from './auth/principal.ts';
import { recordAudit } from './audit/audit.ts';
import { countLibraryServices, createLibraryService } from '../organisation/library-services.ts';
import { findStaffByEmail, insertStaff } from '../staff/store.ts';

export const FIRST_SERVICE_NAME = 'Hearth Library Service';

/**
 * On an empty database, the administrator named by HEARTH_ADMIN_EMAIL gets a library service
 * to run. Later starts leave existing accounts alone, so a changed password in the environment
 * never overrides one chosen in the app.
 */
export async function ensureFirstAdmin(db: Db, config: Config, tenantId?: string): Promise<'created' | 'exists' | 'skipped'> {
  if (!config.adminEmail || !config.adminPassword) return 'skipped';
  if (await findStaffByEmail(db, config.adminEmail)) return 'exists';
  if (!tenantId && (await countLibraryServices(db)) > 0) return 'skipped';
  const passwordHash = await hashPassword(config.adminPassword);
  const serviceId = tenantId ?? (await createLibraryService(db, { name: FIRST_SERVICE_NAME })).id;
  await db.transaction().execute(async (trx) => {
    const { id } = await insertStaff(trx, serviceId, { email: config.adminEmail!, name: 'Administrator', role: 'admin', organisationId: null, passwordHash });
    await recordAudit(trx, systemActor(serviceId), { action: 'staff.created', entityType: 'staff', entityId: id, details: { role: 'admin', source: 'HEARTH_ADMIN_EMAIL' } });
  });
  return 'created';
}
