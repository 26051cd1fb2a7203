import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { newLibraryService, useTestHearth } from '../../test/harness.ts';
import { makeDesk } from './factories.ts';

const t = useTestHearth({ today: '2026-12-01' });
const db = () => t.hearth.database.db;

/** Every row of the service's audit log, loans and requests that names both this member and this copy or its title. */
async function tracesOf(tenantId: string, memberId: string, item: { id: string; barcode: string; recordId: string }) {
  const names = (column: string) => sql<boolean>`${sql.raw(column)} like ${`%${memberId}%`} and (${sql.raw(column)} like ${`%${item.id}%`} or ${sql.raw(column)} like ${`%${item.barcode}%`} or ${sql.raw(column)} like ${`%${item.recordId}%`})`;
  const { rows: audit } = await sql<{ action: string }>`select action from audit_log where tenant_id = ${tenantId} and ${names('details::text')}`.execute(db());
  const loans = await db().selectFrom('loans').select('id').where('tenant_id', '=', tenantId).where('item_id', '=', item.id).where('member_id', '=', memberId).execute();
  return { audit: audit.map((row) => row.action), loans: loans.length };
}

describe('a reader who keeps no reading history', () => {
  it('is linked to a copy while it is on loan, and by nothing once it is back', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { member, item } = await makeDesk(db(), tenantId);
    const copy = { id: item.id, barcode: item.barcode, recordId: item.recordId };
    expect((await admin.post('/api/loans', { cardNumber: member.cardNumber, itemBarcode: item.barcode })).statusCode).toBe(201);
    expect(await tracesOf(tenantId, member.id, copy)).toEqual({ audit: [], loans: 1 });
    expect((await admin.post('/api/returns', { itemBarcode: item.barcode })).statusCode).toBe(200);
    expect(await tracesOf(tenantId, member.id, copy)).toEqual({ audit: [], loans: 0 });
  });

  it('keeps the link when the reader has chosen to keep a history', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { member, item } = await makeDesk(db(), tenantId);
    await db().updateTable('members').set({ keeps_history: true }).where('id', '=', member.id).execute();
    await admin.post('/api/loans', { cardNumber: member.cardNumber, itemBarcode: item.barcode });
    await admin.post('/api/returns', { itemBarcode: item.barcode });
    expect(await tracesOf(tenantId, member.id, { id: item.id, barcode: item.barcode, recordId: item.recordId })).toEqual({ audit: [], loans: 1 });
  });
});
