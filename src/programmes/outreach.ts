import { sql } from 'kysely';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Actor } from '../platform/auth/principal.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { invalid, notFound } from '../platform/http/errors.ts';
import { requireProgramme } from './participants.ts';
import type { OutreachKind } from './tables.ts';

export interface OutreachContact {
  id: string;
  programmeId: string;
  ambassador: { id: string; preferredName: string } | null;
  contactName: string;
  contactKind: OutreachKind;
  contactedOn: string;
  outcome: string | null;
  followUpOn: string | null;
  /** The follow-up date has come. */
  followUpDue: boolean;
  createdAt: Date;
}

export interface OutreachFields {
  ambassadorId?: string | null;
  contactName: string;
  contactKind: OutreachKind;
  contactedOn: string;
  outcome?: string | null;
  followUpOn?: string | null;
}

function outreachQuery(db: Queryable, tenantId: string, today: string) {
  return db
    .selectFrom('outreach_contacts as o')
    .leftJoin('ambassadors as a', 'a.id', 'o.ambassador_id')
    .leftJoin('participants as p', (join) => join.onRef('p.id', '=', 'a.participant_id').on('p.erased_at', 'is', null))
    .select(['o.id', 'o.programme_id', 'o.ambassador_id', 'p.preferred_name', 'o.contact_name', 'o.contact_kind', 'o.contacted_on', 'o.outcome', 'o.follow_up_on', 'o.created_at'])
    .select(sql<boolean>`coalesce(o.follow_up_on <= ${today}::date, false)`.as('follow_up_due'))
    .where('o.tenant_id', '=', tenantId);
}

type OutreachRow = NonNullable<Awaited<ReturnType<ReturnType<typeof outreachQuery>['executeTakeFirst']>>>;

function present(row: OutreachRow): OutreachContact {
  return {
    id: row.id,
    programmeId: row.programme_id,
    ambassador: row.ambassador_id && row.preferred_name ? { id: row.ambassador_id, preferredName: row.preferred_name } : null,
    contactName: row.contact_name,
    contactKind: row.contact_kind,
    contactedOn: row.contacted_on,
    outcome: row.outcome,
    followUpOn: row.follow_up_on,
    followUpDue: row.follow_up_due,
    createdAt: row.created_at,
  };
}

async function loadOutreach(db: Queryable, tenantId: string, today: string, id: string) {
  const row = await outreachQuery(db, tenantId, today).where('o.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The outreach contact');
  return present(row);
}

/** Follow-ups that are due come first, the longest overdue at the top; then the latest contacts. */
export async function listOutreach(db: Db, actor: Actor, today: string, programmeId: string): Promise<OutreachContact[]> {
  await requireProgramme(db, actor.tenantId, programmeId);
  const rows = await outreachQuery(db, actor.tenantId, today)
    .where('o.programme_id', '=', programmeId)
    .orderBy(sql`coalesce(o.follow_up_on <= ${today}::date, false)`, 'desc')
    .orderBy(sql`case when o.follow_up_on <= ${today}::date then o.follow_up_on end`)
    .orderBy('o.contacted_on', 'desc')
    .orderBy('o.created_at', 'desc')
    .execute();
  await recordAudit(db, actor, { action: 'programme.outreach_viewed', entityType: 'programme', entityId: programmeId, details: { count: rows.length } });
  return rows.map(present);
}

async function checkAmbassador(db: Queryable, tenantId: string, programmeId: string, ambassadorId: string | null | undefined) {
  if (!ambassadorId) return;
  const found = await db.selectFrom('ambassadors').select('id').where('tenant_id', '=', tenantId).where('id', '=', ambassadorId).where('programme_id', '=', programmeId).executeTakeFirst();
  if (!found) throw invalid('ambassador_not_in_programme', 'That ambassador is not an ambassador of this programme.', [{ field: 'ambassadorId', message: 'is not an ambassador of this programme' }]);
}

function checkDates(contactedOn: string, followUpOn: string | null | undefined) {
  if (followUpOn && followUpOn < contactedOn) {
    throw invalid('follow_up_before_contact', 'A follow-up comes on or after the day of the contact.', [{ field: 'followUpOn', message: 'is before contactedOn' }]);
  }
}

export async function recordOutreach(db: Db, actor: Actor, today: string, programmeId: string, fields: OutreachFields): Promise<OutreachContact> {
  return db.transaction().execute(async (trx) => {
    await requireProgramme(trx, actor.tenantId, programmeId);
    await checkAmbassador(trx, actor.tenantId, programmeId, fields.ambassadorId);
    checkDates(fields.contactedOn, fields.followUpOn);
    const { id } = await trx
      .insertInto('outreach_contacts')
      .values({
        tenant_id: actor.tenantId,
        programme_id: programmeId,
        ambassador_id: fields.ambassadorId ?? null,
        contact_name: fields.contactName.trim(),
        contact_kind: fields.contactKind,
        contacted_on: fields.contactedOn,
        outcome: fields.outcome?.trim() || null,
        follow_up_on: fields.followUpOn ?? null,
        recorded_by: actor.actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'programme.outreach_recorded', entityType: 'outreach_contact', entityId: id, details: { programmeId, contactKind: fields.contactKind } });
    return loadOutreach(trx, actor.tenantId, today, id);
  });
}

export async function updateOutreach(db: Db, actor: Actor, today: string, id: string, changes: Partial<OutreachFields>): Promise<OutreachContact> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('outreach_contacts').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('The outreach contact');
    const after = {
      ambassador_id: changes.ambassadorId,
      contact_name: changes.contactName?.trim(),
      contact_kind: changes.contactKind,
      contacted_on: changes.contactedOn,
      outcome: changes.outcome === undefined ? undefined : changes.outcome?.trim() || null,
      follow_up_on: changes.followUpOn,
    };
    await checkAmbassador(trx, actor.tenantId, before.programme_id, after.ambassador_id);
    checkDates(after.contacted_on ?? before.contacted_on, after.follow_up_on === undefined ? before.follow_up_on : after.follow_up_on);
    const changed = changesBetween(before, after);
    if (Object.keys(changed).length > 0) {
      await trx
        .updateTable('outreach_contacts')
        .set(Object.fromEntries(Object.keys(changed).map((key) => [key, after[key as keyof typeof after]])))
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
    }
    await recordAudit(trx, actor, { action: 'programme.outreach_updated', entityType: 'outreach_contact', entityId: id, details: { changes: changed } });
    return loadOutreach(trx, actor.tenantId, today, id);
  });
}

export async function deleteOutreach(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('outreach_contacts').where('tenant_id', '=', actor.tenantId).where('id', '=', id).returning('programme_id').executeTakeFirst();
    if (!removed) throw notFound('The outreach contact');
    await recordAudit(trx, actor, { action: 'programme.outreach_deleted', entityType: 'outreach_contact', entityId: id, details: { programmeId: removed.programme_id } });
  });
}
