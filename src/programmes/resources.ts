import { recordAudit } from '../platform/audit/audit.ts';
import type { Actor } from '../platform/auth/principal.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { AppError, invalid, notFound } from '../platform/http/errors.ts';
import type { ResourceKind } from './tables.ts';

export const MAX_RESOURCE_BYTES = 5 * 1024 * 1024;

export interface Resource {
  id: string;
  topicId: string;
  kind: ResourceKind;
  title: string;
  language: string;
  url: string | null;
  fileName: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  /** Where the file is downloaded from; null for a link. */
  downloadUrl: string | null;
  createdAt: Date;
}

export type NewResource =
  | { kind: 'link'; title: string; language: string; url: string }
  | { kind: 'file' | 'phrase_sheet'; title: string; language: string; fileName: string; contentType: string; contentBase64: string };

export interface ResourceFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function resourceQuery(db: Queryable, tenantId: string) {
  return db
    .selectFrom('topic_resources')
    .select(['id', 'topic_id', 'kind', 'title', 'language', 'url', 'file_name', 'content_type', 'size_bytes', 'created_at'])
    .where('tenant_id', '=', tenantId);
}

type ResourceRow = Awaited<ReturnType<ReturnType<typeof resourceQuery>['execute']>>[number];

const present = (row: ResourceRow): Resource => ({
  id: row.id,
  topicId: row.topic_id,
  kind: row.kind,
  title: row.title,
  language: row.language,
  url: row.url,
  fileName: row.file_name,
  contentType: row.content_type,
  sizeBytes: row.size_bytes,
  downloadUrl: row.url ? null : `/api/programmes/resources/${row.id}/file`,
  createdAt: row.created_at,
});

/** The resources of these topics, without their files. */
export async function resourcesOfTopics(db: Queryable, tenantId: string, topicIds: string[]): Promise<Resource[]> {
  if (topicIds.length === 0) return [];
  const rows = await resourceQuery(db, tenantId).where('topic_id', 'in', topicIds).orderBy('title').orderBy('language').orderBy('id').execute();
  return rows.map(present);
}

/** The file sent as base64, refused when it is empty, not base64 or over the limit. */
function decodedFile(contentBase64: string): Buffer {
  if (!BASE64.test(contentBase64)) throw invalid('content_not_base64', 'The file content must be base64-encoded.', [{ field: 'contentBase64', message: 'is not base64' }]);
  const content = Buffer.from(contentBase64, 'base64');
  if (content.length === 0) throw invalid('empty_file', 'The file is empty.', [{ field: 'contentBase64', message: 'is empty' }]);
  if (content.length > MAX_RESOURCE_BYTES) {
    throw new AppError('file_too_large', 413, `Files may be up to ${MAX_RESOURCE_BYTES / 1024 / 1024} MB.`, { errors: [{ field: 'contentBase64', message: 'is larger than 5 MB' }] });
  }
  return content;
}

export async function addResource(db: Db, actor: Actor, topicId: string, resource: NewResource): Promise<Resource> {
  const file = resource.kind === 'link' ? null : { name: resource.fileName.trim(), contentType: resource.contentType.toLowerCase(), content: decodedFile(resource.contentBase64) };
  return db.transaction().execute(async (trx) => {
    const topic = await trx.selectFrom('skill_topics').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', topicId).executeTakeFirst();
    if (!topic) throw notFound('The topic');
    const { id } = await trx
      .insertInto('topic_resources')
      .values({
        tenant_id: actor.tenantId,
        topic_id: topicId,
        kind: resource.kind,
        title: resource.title.trim(),
        language: resource.language.toLowerCase(),
        url: resource.kind === 'link' ? resource.url : null,
        file_name: file?.name ?? null,
        content_type: file?.contentType ?? null,
        content: file?.content ?? null,
        size_bytes: file?.content.length ?? null,
        created_by: actor.actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'programme.resource_added', entityType: 'topic_resource', entityId: id, details: { topicId, kind: resource.kind, sizeBytes: file?.content.length ?? null } });
    return present((await resourceQuery(trx, actor.tenantId).where('id', '=', id).executeTakeFirstOrThrow()));
  });
}

/** A resource's file; PostgreSQL hands bytea over as a Buffer, the embedded engine as a Uint8Array. */
export async function resourceFile(db: Queryable, tenantId: string, id: string): Promise<ResourceFile> {
  const row = await db.selectFrom('topic_resources').select(['file_name', 'content_type', 'content']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The resource');
  if (!row.content) throw new AppError('resource_is_link', 404, 'This resource is a link, not a file: follow its url.');
  return {
    fileName: row.file_name ?? 'resource',
    contentType: row.content_type ?? 'application/octet-stream',
    content: Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength),
  };
}

export async function deleteResource(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('topic_resources').where('tenant_id', '=', actor.tenantId).where('id', '=', id).returning(['topic_id', 'title']).executeTakeFirst();
    if (!removed) throw notFound('The resource');
    await recordAudit(trx, actor, { action: 'programme.resource_deleted', entityType: 'topic_resource', entityId: id, details: { topicId: removed.topic_id, title: removed.title } });
  });
}

/** A Content-Disposition that downloads the file under its own name, in any script. */
export function attachmentHeader(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
