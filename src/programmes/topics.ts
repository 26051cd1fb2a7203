import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Actor } from '../platform/auth/principal.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { conflict, notFound } from '../platform/http/errors.ts';
import { resourcesOfTopics, type Resource } from './resources.ts';

export interface Topic {
  id: string;
  name: string;
  description: string | null;
  resources: Resource[];
}

export interface TopicFields {
  name: string;
  description?: string | null;
}

const nameTaken = () => conflict('topic_name_taken', 'There is already a topic with this name.');

/** Every topic of the library service with its resources (without their files), by name. */
export async function listTopics(db: Queryable, tenantId: string): Promise<Topic[]> {
  const topics = await db.selectFrom('skill_topics').select(['id', 'name', 'description']).where('tenant_id', '=', tenantId).orderBy('name').execute();
  const resources = await resourcesOfTopics(db, tenantId, topics.map((topic) => topic.id));
  return topics.map((topic) => ({ ...topic, resources: resources.filter((resource) => resource.topicId === topic.id) }));
}

async function loadTopic(db: Queryable, tenantId: string, id: string): Promise<Topic> {
  const topic = await db.selectFrom('skill_topics').select(['id', 'name', 'description']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!topic) throw notFound('The topic');
  return { ...topic, resources: await resourcesOfTopics(db, tenantId, [id]) };
}

export async function createTopic(db: Db, actor: Actor, fields: TopicFields): Promise<Topic> {
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('skill_topics')
          .values({ tenant_id: actor.tenantId, name: fields.name.trim(), description: fields.description?.trim() || null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, { action: 'programme.topic_created', entityType: 'skill_topic', entityId: id, details: { name: fields.name.trim() } });
        return loadTopic(trx, actor.tenantId, id);
      }),
    nameTaken,
  );
}

export async function updateTopic(db: Db, actor: Actor, id: string, changes: Partial<TopicFields>): Promise<Topic> {
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('skill_topics').select(['name', 'description']).where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!before) throw notFound('The topic');
        const after = { name: changes.name?.trim(), description: changes.description === undefined ? undefined : changes.description?.trim() || null };
        const changed = changesBetween(before, after);
        if (Object.keys(changed).length > 0) {
          await trx.updateTable('skill_topics').set({ name: after.name ?? before.name, description: after.description === undefined ? before.description : after.description }).where('id', '=', id).execute();
        }
        await recordAudit(trx, actor, { action: 'programme.topic_updated', entityType: 'skill_topic', entityId: id, details: { changes: changed } });
        return loadTopic(trx, actor.tenantId, id);
      }),
    nameTaken,
  );
}

/** A topic sessions covered stays, so reports still say what was taught; one nobody used can go, with its resources. */
export async function deleteTopic(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const topic = await trx.selectFrom('skill_topics').select('name').where('tenant_id', '=', actor.tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!topic) throw notFound('The topic');
    const covered = await trx.selectFrom('session_topics').select('session_id').where('topic_id', '=', id).executeTakeFirst();
    if (covered) throw conflict('topic_in_use', 'Sessions have covered this topic, so it stays in their record. Rename it instead.');
    await trx.deleteFrom('skill_topics').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'programme.topic_deleted', entityType: 'skill_topic', entityId: id, details: { name: topic.name } });
  });
}
