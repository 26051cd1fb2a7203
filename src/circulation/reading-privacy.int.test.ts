import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { newLibraryService, useTestHearth } from '../../test/harness.ts';
import { systemActor } from '../platform/auth/principal.ts';
import { recordAudits } from '../platform/audit/audit.ts';
import { findMigrations, migrate } from '../platform/database/migrate.ts';
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

describe('audit entries written before issues and requests stopped naming the member', () => {
  const migration = findMigrations().find((m) => m.name === '20261130T0600_audit_reading_privacy')!;
  const before = 'Before the change';
  const detailsOf = async (tenantId: string) => {
    const rows = await db().selectFrom('audit_log').select(['action', 'details']).where('tenant_id', '=', tenantId).where('actor_label', '=', before).execute();
    return Object.fromEntries(rows.map((row) => [row.action, row.details]));
  };

  it('lose the member, keep everything else, and leave the log append-only', async () => {
    const { tenantId } = await newLibraryService(t);
    const { member, item, branch } = await makeDesk(db(), tenantId);
    const copy = { id: item.id, barcode: item.barcode, recordId: item.recordId };
    const issued = { itemId: item.id, barcode: item.barcode, dueDate: '2026-12-22', branchId: branch.id, onBehalfOf: false, requestId: null };
    const placed = { recordId: item.recordId, pickupBranchId: branch.id, queueNumber: 1, feePence: 0 };
    const cancelled = { recordId: item.recordId, wasStatus: 'waiting' };
    // Entries that name the member for a reason of their own keep it.
    const lost = { itemId: item.id, barcode: item.barcode, memberId: member.id, replacementCharged: 1200, fineCharged: 0, fineWaivedByScheme: 0 };
    const printedDone = { channel: 'letter', memberId: member.id, date: '2026-11-20' };
    await recordAudits(db(), systemActor(tenantId, before), [
      { action: 'loan.issued', entityType: 'loan', entityId: 'loan-1', details: { ...issued, memberId: member.id } },
      { action: 'request.placed', entityType: 'request', entityId: 'request-1', details: { ...placed, memberId: member.id } },
      { action: 'request.cancelled', entityType: 'request', entityId: 'request-1', details: { ...cancelled, memberId: member.id } },
      { action: 'loan.lost', entityType: 'loan', entityId: 'loan-2', details: lost },
      { action: 'notices.printed_done', entityType: 'printed_notice', entityId: 'notice-1', details: printedDone },
    ]);
    expect((await tracesOf(tenantId, member.id, copy)).audit.sort()).toEqual(['loan.issued', 'loan.lost', 'request.cancelled', 'request.placed']);

    // Applied again under a name of its own, as the migration runner applies it on a deploy.
    expect(await migrate(t.hearth.database, [{ ...migration, name: `${migration.name}_again` }])).toHaveLength(1);

    expect(await detailsOf(tenantId)).toEqual({ 'loan.issued': issued, 'request.placed': placed, 'request.cancelled': cancelled, 'loan.lost': lost, 'notices.printed_done': printedDone });
    expect((await tracesOf(tenantId, member.id, copy)).audit).toEqual(['loan.lost']);
    await expect(t.hearth.database.executeSql("update audit_log set details = '{}' where tenant_id = $1", [tenantId])).rejects.toThrow(/append-only/);
    await expect(t.hearth.database.executeSql('delete from audit_log where tenant_id = $1', [tenantId])).rejects.toThrow(/append-only/);
  });
});
