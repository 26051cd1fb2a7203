import { sql, type Insertable, type Updateable } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import type { ProgrammesTable, ProgrammeStatus } from './tables.ts';

export type ProgrammeRow = NonNullable<Awaited<ReturnType<typeof findProgrammeRow>>>;

export interface TranslationFields {
  language: string;
  name: string;
  description?: string;
  eligibilityNote?: string | null;
}

export function findProgrammeRow(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('programmes').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Holds the programme against concurrent changes for the rest of the transaction. */
export function lockProgrammeRow(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('programmes').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertProgrammeRow(db: Queryable, values: Insertable<ProgrammesTable>) {
  return db.insertInto('programmes').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateProgrammeRow(db: Queryable, tenantId: string, id: string, values: Updateable<ProgrammesTable>) {
  await db
    .updateTable('programmes')
    .set({ ...values, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export function listProgrammeRows(db: Queryable, tenantId: string, status?: ProgrammeStatus) {
  let query = db.selectFrom('programmes').selectAll().where('tenant_id', '=', tenantId);
  if (status) query = query.where('status', '=', status);
  return query.orderBy('name').orderBy('id').execute();
}

/** The ids among `ids` that are not rows of this library service in `table`. */
export async function idsNotInService(db: Queryable, table: 'branches' | 'organisations' | 'skill_topics', tenantId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('id', 'in', [...ids]).execute();
  const known = new Set(found.map((row) => row.id));
  return ids.filter((id) => !known.has(id));
}

export function translationRows(db: Queryable, programmeIds: readonly string[]) {
  if (programmeIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('programme_translations').selectAll().where('programme_id', 'in', [...programmeIds]).orderBy('language').execute();
}

export async function upsertTranslationRow(db: Queryable, tenantId: string, programmeId: string, translation: TranslationFields) {
  const values = { name: translation.name, description: translation.description ?? '', eligibility_note: translation.eligibilityNote ?? null };
  await db
    .insertInto('programme_translations')
    .values({ tenant_id: tenantId, programme_id: programmeId, language: translation.language, ...values })
    .onConflict((oc) => oc.columns(['programme_id', 'language']).doUpdateSet(values))
    .execute();
}

export async function replaceTranslationRows(db: Queryable, tenantId: string, programmeId: string, translations: readonly TranslationFields[]) {
  await db.deleteFrom('programme_translations').where('tenant_id', '=', tenantId).where('programme_id', '=', programmeId).execute();
  for (const translation of translations) await upsertTranslationRow(db, tenantId, programmeId, translation);
}

export async function deleteTranslationRow(db: Queryable, tenantId: string, programmeId: string, language: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom('programme_translations')
    .where('tenant_id', '=', tenantId)
    .where('programme_id', '=', programmeId)
    .where('language', '=', language)
    .returning('language')
    .executeTakeFirst();
  return Boolean(deleted);
}

export function branchRowsOf(db: Queryable, programmeIds: readonly string[]) {
  if (programmeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('programme_branches as pb')
    .innerJoin('branches as b', 'b.id', 'pb.branch_id')
    .select(['pb.programme_id', 'b.id', 'b.name', 'b.address', 'pb.added_at'])
    .where('pb.programme_id', 'in', [...programmeIds])
    .orderBy('b.name')
    .execute();
}

/** False when the branch was already there. */
export async function insertProgrammeBranch(db: Queryable, tenantId: string, programmeId: string, branchId: string, addedBy: string | null): Promise<boolean> {
  const inserted = await db
    .insertInto('programme_branches')
    .values({ tenant_id: tenantId, programme_id: programmeId, branch_id: branchId, added_by: addedBy })
    .onConflict((oc) => oc.columns(['programme_id', 'branch_id']).doNothing())
    .returning('branch_id')
    .executeTakeFirst();
  return Boolean(inserted);
}

export async function deleteProgrammeBranch(db: Queryable, tenantId: string, programmeId: string, branchId: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom('programme_branches')
    .where('tenant_id', '=', tenantId)
    .where('programme_id', '=', programmeId)
    .where('branch_id', '=', branchId)
    .returning('branch_id')
    .executeTakeFirst();
  return Boolean(deleted);
}

export async function isProgrammeBranch(db: Queryable, tenantId: string, programmeId: string, branchId: string): Promise<boolean> {
  const row = await db
    .selectFrom('programme_branches')
    .select('branch_id')
    .where('tenant_id', '=', tenantId)
    .where('programme_id', '=', programmeId)
    .where('branch_id', '=', branchId)
    .executeTakeFirst();
  return Boolean(row);
}

/** Sessions of the programme still to come at the branch (its own or joint ones). */
export async function countScheduledSessionsAt(db: Queryable, tenantId: string, programmeId: string, branchId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('branch_id', '=', branchId)
    .where((eb) => eb.or([eb('programme_id', '=', programmeId), eb('joint_programme_id', '=', programmeId)]))
    .where('status', '=', 'scheduled')
    .where('starts_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function partnerRowsOf(db: Queryable, programmeIds: readonly string[]) {
  if (programmeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('programme_partners as pp')
    .innerJoin('organisations as o', 'o.id', 'pp.organisation_id')
    .select(['pp.programme_id', 'o.id', 'o.name'])
    .where('pp.programme_id', 'in', [...programmeIds])
    .orderBy('o.name')
    .execute();
}

export async function replacePartnerRows(db: Queryable, tenantId: string, programmeId: string, organisationIds: readonly string[]) {
  await db.deleteFrom('programme_partners').where('tenant_id', '=', tenantId).where('programme_id', '=', programmeId).execute();
  if (organisationIds.length === 0) return;
  await db
    .insertInto('programme_partners')
    .values([...new Set(organisationIds)].map((organisationId) => ({ tenant_id: tenantId, programme_id: programmeId, organisation_id: organisationId })))
    .execute();
}

export function topicRowsOf(db: Queryable, programmeIds: readonly string[]) {
  if (programmeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('programme_topics as pt')
    .innerJoin('skill_topics as t', 't.id', 'pt.topic_id')
    .select(['pt.programme_id', 't.id', 't.name'])
    .where('pt.programme_id', 'in', [...programmeIds])
    .orderBy('t.name')
    .execute();
}

export async function replaceTopicRows(db: Queryable, tenantId: string, programmeId: string, topicIds: readonly string[]) {
  await db.deleteFrom('programme_topics').where('tenant_id', '=', tenantId).where('programme_id', '=', programmeId).execute();
  if (topicIds.length === 0) return;
  await db
    .insertInto('programme_topics')
    .values([...new Set(topicIds)].map((topicId) => ({ tenant_id: tenantId, programme_id: programmeId, topic_id: topicId })))
    .execute();
}

/** Each programme's next scheduled session from `since` (its own or a joint one). */
export function nextSessionRows(db: Queryable, tenantId: string, programmeIds: readonly string[], since: Date) {
  if (programmeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('programmes as p')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('sessions as s')
          .innerJoin('branches as b', 'b.id', 's.branch_id')
          .select(['s.id', 's.starts_at', 'b.name as branch_name'])
          .where('s.tenant_id', '=', tenantId)
          .where((w) => w.or([w('s.programme_id', '=', w.ref('p.id')), w('s.joint_programme_id', '=', w.ref('p.id'))]))
          .where('s.status', '=', 'scheduled')
          .where('s.starts_at', '>=', since)
          .orderBy('s.starts_at')
          .limit(1)
          .as('n'),
      (join) => join.onTrue(),
    )
    .select(['p.id as programme_id', 'n.id', 'n.starts_at', 'n.branch_name'])
    .where('p.id', 'in', [...programmeIds])
    .execute();
}

/** Other library services' active programmes they share, with how many branches run each. */
export function sharedProgrammeRows(db: Queryable, tenantId: string) {
  return db
    .selectFrom('programmes as p')
    .innerJoin('library_services as ls', 'ls.id', 'p.tenant_id')
    .select(['p.id', 'p.name', 'p.description', 'ls.name as library_service_name'])
    .select(sql<number>`(select count(*) from programme_branches pb where pb.programme_id = p.id)`.as('branch_count'))
    .where('p.shared', '=', true)
    .where('p.status', '=', 'active')
    .where('p.tenant_id', '<>', tenantId)
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
}

/** A programme the caller may copy: one of its own, or another service's shared and active one. */
export function findCopyableProgrammeRow(db: Queryable, tenantId: string, id: string) {
  return db
    .selectFrom('programmes')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('tenant_id', '=', tenantId), eb.and([eb('shared', '=', true), eb('status', '=', 'active')])]))
    .executeTakeFirst();
}

export function topicRowsForCopy(db: Queryable, programmeId: string) {
  return db
    .selectFrom('programme_topics as pt')
    .innerJoin('skill_topics as t', 't.id', 'pt.topic_id')
    .select(['t.id', 't.name', 't.description'])
    .where('pt.programme_id', '=', programmeId)
    .execute();
}

export function findTopicIdByName(db: Queryable, tenantId: string, name: string) {
  return db.selectFrom('skill_topics').select('id').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
}

/** A copy of another service's topic, with its resources, in this library service. */
export async function insertTopicCopy(db: Queryable, tenantId: string, source: { id: string; name: string; description: string | null }, createdBy: string | null): Promise<string> {
  const { id } = await db.insertInto('skill_topics').values({ tenant_id: tenantId, name: source.name, description: source.description }).returning('id').executeTakeFirstOrThrow();
  const resources = await db.selectFrom('topic_resources').selectAll().where('topic_id', '=', source.id).orderBy('created_at').execute();
  for (const resource of resources) {
    await db
      .insertInto('topic_resources')
      .values({
        tenant_id: tenantId,
        topic_id: id,
        kind: resource.kind,
        title: resource.title,
        language: resource.language,
        url: resource.url,
        file_name: resource.file_name,
        content_type: resource.content_type,
        content: resource.content,
        size_bytes: resource.size_bytes,
        created_by: createdBy,
      })
      .execute();
  }
  return id;
}

/** The programme's name in each of these languages where it has a translation. */
export async function translatedNames(db: Queryable, programmeId: string, languages: string[]): Promise<Map<string, string>> {
  if (languages.length === 0) return new Map();
  const rows = await db.selectFrom('programme_translations').select(['language', 'name']).where('programme_id', '=', programmeId).where('language', 'in', languages).execute();
  return new Map(rows.map((row) => [row.language, row.name]));
}
