import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, ListOf, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { PROGRAMME_EDITORS, SESSION_HELPERS } from './access.ts';
import { LanguageCode } from './participant-routes.ts';
import { addResource, attachmentHeader, deleteResource, MAX_RESOURCE_BYTES, resourceFile } from './resources.ts';
import { RESOURCE_KINDS } from './tables.ts';
import { createTopic, deleteTopic, listTopics, updateTopic } from './topics.ts';

const ResourceSchema = Type.Object({
  id: Uuid,
  topicId: Uuid,
  kind: OneOf(RESOURCE_KINDS),
  title: Type.String(),
  language: Type.String(),
  url: Nullable(Type.String()),
  fileName: Nullable(Type.String()),
  contentType: Nullable(Type.String()),
  sizeBytes: Nullable(Type.Integer()),
  downloadUrl: Nullable(Type.String({ description: 'Where a file is downloaded from; null for a link' })),
  createdAt: Instant,
});

const TopicSchema = Type.Object({ id: Uuid, name: Type.String(), description: Nullable(Type.String()), resources: Type.Array(ResourceSchema) });

const Description = Type.String({ maxLength: 2000 });
const BASE64_LIMIT = Math.ceil(MAX_RESOURCE_BYTES / 3) * 4;
/** Room for the file as base64 and the few fields beside it. */
const RESOURCE_BODY_LIMIT = BASE64_LIMIT + 16 * 1024;

const LinkBody = Body({ kind: OneOf(['link'] as const), title: NonEmpty(200), language: LanguageCode, url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }) });
const FileBody = Body({
  kind: OneOf(['file', 'phrase_sheet'] as const),
  title: NonEmpty(200),
  language: LanguageCode,
  fileName: NonEmpty(255),
  contentType: Type.String({ pattern: '^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$', maxLength: 255, description: 'e.g. application/pdf' }),
  contentBase64: Type.String({ minLength: 1, maxLength: BASE64_LIMIT, description: 'The file, base64-encoded; up to 5 MB once decoded' }),
});

const tags = ['programmes'];
const editors = { access: PROGRAMME_EDITORS };

export function registerTopicRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;

  app.get(
    '/api/programmes/topics',
    { config: { access: SESSION_HELPERS }, schema: { tags, summary: 'Skill topics with their resources (files are downloaded separately)', response: { 200: ListOf(TopicSchema) } } },
    async (request) => ({ items: await listTopics(db(), principalOf(request).tenantId) }),
  );

  app.post(
    '/api/programmes/topics',
    {
      config: editors,
      schema: { tags, summary: 'Add a skill topic, e.g. booking a GP appointment', description: 'Errors: 409 `topic_name_taken`.', body: Body({ name: NonEmpty(200), description: Type.Optional(Description) }), response: { 201: TopicSchema } },
    },
    async (request, reply) => reply.code(201).send(await createTopic(db(), actorFrom(request), request.body)),
  );

  app.patch(
    '/api/programmes/topics/:id',
    {
      config: editors,
      schema: { tags, summary: 'Rename or describe a topic', description: 'Errors: 409 `topic_name_taken`.', params: IdParams, body: Body({ name: Type.Optional(NonEmpty(200)), description: Type.Optional(Nullable(Description)) }), response: { 200: TopicSchema } },
    },
    async (request) => updateTopic(db(), actorFrom(request), request.params.id, request.body),
  );

  app.delete(
    '/api/programmes/topics/:id',
    { config: editors, schema: { tags, summary: 'Remove a topic no session covered, with its resources', description: 'Errors: 409 `topic_in_use`.', params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deleteTopic(db(), actorFrom(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/programmes/topics/:id/resources',
    {
      config: editors,
      bodyLimit: RESOURCE_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Add a link, or a file or phrase sheet sent as base64 (up to 5 MB)',
        description: 'Errors: 413 `file_too_large`; 422 `content_not_base64`, `empty_file`.',
        params: IdParams,
        body: Type.Union([LinkBody, FileBody]),
        response: { 201: ResourceSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await addResource(db(), actorFrom(request), request.params.id, request.body)),
  );

  app.get(
    '/api/programmes/resources/:id/file',
    { config: { access: SESSION_HELPERS }, schema: { tags, summary: 'Download a resource’s file', description: 'Errors: 404 `resource_is_link`.', params: IdParams } },
    async (request, reply) => {
      const file = await resourceFile(db(), principalOf(request).tenantId, request.params.id);
      return reply.type(file.contentType).header('content-disposition', attachmentHeader(file.fileName)).header('x-content-type-options', 'nosniff').send(file.content);
    },
  );

  app.delete(
    '/api/programmes/resources/:id',
    { config: editors, schema: { tags, summary: 'Remove a resource', params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deleteResource(db(), actorFrom(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
