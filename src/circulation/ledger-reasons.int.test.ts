import { afterEach, describe, expect, it, vi } from 'vitest';
import { newLendingLibrary, useTestHearth, type Client } from '../../test/harness.ts';
import { findMigrations, migrate } from '../platform/database/migrate.ts';

// Loans issued on Tuesday 1 December 2026 fall due on Tuesday 22nd.
const TODAY = '2026-12-01';

const t = useTestHearth({ today: TODAY });
afterEach(() => vi.restoreAllMocks());

const db = () => t.hearth.database.db;
const accountOf = async (client: Client, memberId: string) =>
  (await client.get(`/api/members/${memberId}/account`)).json().transactions as { kind: string; reason: string; reasonCode: string | null; reasonSubject: string | null }[];
const reasons = async (client: Client, memberId: string) =>
  (await accountOf(client, memberId)).map(({ kind, reason, reasonCode, reasonSubject }) => ({ kind, reason, reasonCode, reasonSubject })).sort((a, b) => a.reason.localeCompare(b.reason));

describe("the reasons on a member's account", () => {
  it('carry a code and a subject beside the English, except a waiver in staff words', async () => {
    const { admin, member, item } = await newLendingLibrary(t);
    await admin.post('/api/loans', { cardNumber: member.cardNumber, itemBarcode: item.barcode });
    vi.spyOn(t.hearth.clock, 'today').mockReturnValue('2026-12-24');
    expect((await admin.post('/api/returns', { itemBarcode: item.barcode })).json().fineCharged).toBeGreaterThan(0);
    expect((await admin.post(`/api/members/${member.id}/payments`, { amountPence: 10, method: 'cash' })).statusCode).toBe(201);
    expect((await admin.post(`/api/members/${member.id}/waivers`, { amountPence: 5, reason: 'Overdue: the book drop was jammed' })).statusCode).toBe(201);

    expect(await reasons(admin, member.id)).toEqual([
      { kind: 'charge', reason: `Overdue: ${item.barcode}`, reasonCode: 'overdue', reasonSubject: item.barcode },
      { kind: 'waiver', reason: 'Overdue: the book drop was jammed', reasonCode: null, reasonSubject: null },
      { kind: 'payment', reason: 'Payment (cash)', reasonCode: 'payment', reasonSubject: 'cash' },
    ]);
  });

  it('written before reasons had codes are given theirs by their shape and kind', async () => {
    const { admin, tenantId, member } = await newLendingLibrary(t);
    const entry = (kind: 'charge' | 'payment' | 'waiver' | 'refund', reason: string, method: 'cash' | null = null) => ({ tenant_id: tenantId, member_id: member.id, kind, amount_pence: 100, reason, method });
    await db()
      .insertInto('fine_transactions')
      .values([
        entry('charge', 'Overdue until renewal: 30001'),
        entry('charge', 'Overdue: 30002'),
        entry('charge', 'Replacement: 30003'),
        entry('waiver', 'Found: 30003'),
        entry('charge', 'Request: The Secret Garden'),
        entry('refund', 'Request fee refunded: The Secret Garden'),
        entry('payment', 'Payment (cash)', 'cash'),
        // Staff's own words that happen to look like a reason Hearth writes stay theirs.
        entry('waiver', 'Overdue: waived, first time'),
      ])
      .execute();
    const migration = findMigrations().find((m) => m.name === '20261130T1000_ledger_reason_codes')!;
    // Applied again under a name of its own, as the migration runner applies it on a deploy.
    expect(await migrate(t.hearth.database, [{ ...migration, name: `${migration.name}_again` }])).toHaveLength(1);

    const coded = (await reasons(admin, member.id)).map(({ reason, reasonCode, reasonSubject }) => [reason, reasonCode, reasonSubject]);
    expect(coded).toEqual([
      ['Found: 30003', 'found', '30003'],
      ['Overdue until renewal: 30001', 'overdue_until_renewal', '30001'],
      ['Overdue: 30002', 'overdue', '30002'],
      ['Overdue: waived, first time', null, null],
      ['Payment (cash)', 'payment', 'cash'],
      ['Replacement: 30003', 'replacement', '30003'],
      ['Request fee refunded: The Secret Garden', 'request_fee_refunded', 'The Secret Garden'],
      ['Request: The Secret Garden', 'request_fee', 'The Secret Garden'],
    ]);
  });
});
