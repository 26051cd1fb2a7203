import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, ListOf, NonEmpty, Nullable, Uuid } from '../platform/http/schemas.ts';
import { DIRECTORY_READERS, TAXONOMY_EDITORS } from './access.ts';
import { addTerm, createTaxonomy, listTaxonomies } from './taxonomies.ts';

const TaxonomySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  uri: Nullable(Type.String()),
  version: Nullable(Type.String()),
  terms: Type.Array(
    Type.Object({ id: Uuid, code: Nullable(Type.String()), name: Type.String(), description: Type.String(), parentId: Nullable(Uuid), depth: Type.Integer({ minimum: 0 }) }),
    { description: 'The tree of terms walked depth first: each term comes before the terms under it (parentId), siblings by name' },
  ),
});

const tags = ['service-directory'];
const base = '/api/service-directory/taxonomies';
const editors = { access: TAXONOMY_EDITORS };

export function registerTaxonomyRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;

  app.get(base, { config: { access: DIRECTORY_READERS }, schema: { tags, summary: 'The directory’s taxonomies of needs, each with its tree of terms', response: { 200: ListOf(TaxonomySchema) } } }, async (request) =>
    listTaxonomies(db(), principalOf(request).tenantId),
  );

  app.post(
    base,
    {
      config: editors,
      schema: {
        tags,
        summary: 'Add a taxonomy',
        description: 'Errors: 409 `taxonomy_name_taken`.',
        body: Body({
          name: NonEmpty(200),
          description: Type.String({ maxLength: 2000 }),
          uri: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 500, description: 'Where the taxonomy is published' }))),
          version: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
        }),
        response: { 201: TaxonomySchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createTaxonomy(db(), actorFrom(request), request.body)),
  );

  app.post(
    `${base}/:id/terms`,
    {
      config: editors,
      schema: {
        tags,
        summary: 'Add a term to a taxonomy, at the top or under another term; answers with the taxonomy',
        description: 'Errors: 409 `term_code_taken`; 422 `parent_term_not_found` (the parent must be in the same taxonomy).',
        params: IdParams,
        body: Body({
          code: Type.Optional(Nullable(Type.String({ maxLength: 60, pattern: '\\S' }))),
          name: NonEmpty(200),
          description: Type.Optional(Type.String({ maxLength: 2000 })),
          parentId: Type.Optional(Nullable(Uuid)),
        }),
        response: { 201: TaxonomySchema },
      },
    },
    async (request, reply) => reply.code(201).send(await addTerm(db(), actorFrom(request), request.params.id, request.body)),
  );
}
