import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { HearthApp } from '../platform/http/app-types.ts';
import { IdParams, IsoDate, Uuid } from '../platform/http/schemas.ts';
import {
  hsdsOrganization,
  hsdsService,
  hsdsServiceAtLocation,
  hsdsTaxonomy,
  hsdsTaxonomyTerm,
  organizationPage,
  serviceAtLocationPage,
  servicePage,
  taxonomyPage,
  taxonomyTermPage,
  type ServiceFilters,
} from './hsds.ts';
import { HsdsOrganization, HsdsOrganizationBasic, HsdsPage, HsdsService, HsdsServiceAtLocationFull, HsdsTaxonomy, HsdsTaxonomyTerm } from './hsds-schemas.ts';

export const HSDS_VERSION = '3.0.0';
/** The Open Referral UK profile of HSDS 3, which the directory's fields and taxonomies follow. */
export const HSDS_PROFILE = 'https://github.com/OpenReferralUK/uk-profile';
export const DIRECTORY_PREFIX = '/api/directory';

/** The directory changes when partners edit it; a minute of caching spares the server when a feed is harvested. */
const FEED_CACHE = 'public, max-age=60';

const tags = ['directory (public, Open Referral HSDS 3)'];
const open = { config: { access: 'public' as const } };

const pageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1, description: 'Page number, from 1' })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page (at most 200)' })),
  search: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Text the name (and for services the description or organisation’s name) contains, in any case' })),
  library_service: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Only the directory of this library service (its slug)' })),
};

const serviceFilterQuery = {
  ...pageQuery,
  taxonomy_term_id: Type.Optional(Uuid),
  taxonomy_id: Type.Optional(Type.String({ format: 'uuid', description: 'Services with any term of this taxonomy' })),
  organization_id: Type.Optional(Uuid),
  modified_after: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), IsoDate], { description: 'Only those changed at or after this instant (a date means its start, UTC)' })),
  full: Type.Optional(Type.Boolean({ description: 'Fully nested items' })),
};

type PageParams = { page?: number; per_page?: number };
type ServiceQuery = PageParams & { search?: string; library_service?: string; taxonomy_term_id?: string; taxonomy_id?: string; organization_id?: string; modified_after?: string };

const pagingOf = (query: PageParams) => ({ page: query.page ?? 1, perPage: query.per_page ?? 50 });

const serviceFiltersOf = (query: ServiceQuery): ServiceFilters => ({
  search: query.search,
  libraryService: query.library_service,
  taxonomyTermId: query.taxonomy_term_id,
  taxonomyId: query.taxonomy_id,
  organizationId: query.organization_id,
  modifiedAfter: query.modified_after === undefined ? undefined : new Date(query.modified_after),
});

const cached = <T>(reply: FastifyReply, body: T) => {
  reply.header('cache-control', FEED_CACHE);
  return body;
};

/**
 * The read-only Open Referral HSDS 3 feed of every library service's service directory: no key,
 * and any web page may read it (open CORS), so other councils' finders can show these services.
 */
export function registerPublicDirectoryRoutes(app: HearthApp) {
  app.register(async (scope: HearthApp) => {
    const db = () => scope.hearth.database.db;

    // Set before the handler runs, so problem answers (404, 400) carry it too.
    scope.addHook('onRequest', async (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
    });

    scope.options(`${DIRECTORY_PREFIX}/*`, { ...open, schema: { hide: true } }, async (request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
        .header('access-control-allow-headers', request.headers['access-control-request-headers'] ?? 'accept, content-type')
        .header('access-control-max-age', '86400')
        .send(),
    );

    scope.get(
      `${DIRECTORY_PREFIX}/`,
      {
        ...open,
        schema: {
          tags,
          summary: 'Which HSDS version and profile this API follows',
          security: [],
          response: { 200: Type.Object({ version: Type.String(), profile: Type.String({ format: 'uri' }), openapi_url: Type.String({ format: 'uri' }) }) },
        },
      },
      async (_request, reply) => cached(reply, { version: HSDS_VERSION, profile: HSDS_PROFILE, openapi_url: `${scope.hearth.config.publicUrl}/openapi.json` }),
    );

    scope.get(
      `${DIRECTORY_PREFIX}/services`,
      {
        ...open,
        schema: {
          tags,
          summary: 'Services, a page at a time (HSDS Page), every filter combined with AND',
          description:
            'Items carry the one-to-one fields and their organization; `full=true` nests everything as `/services/{id}` does; `minimal=true` gives only id, name, status and last_modified, for harvesting (a larger `per_page` then suits). Ordered by name.',
          security: [],
          querystring: Type.Object({ ...serviceFilterQuery, minimal: Type.Optional(Type.Boolean({ description: 'Only id, name, status and last_modified' })) }),
          response: { 200: HsdsPage(HsdsService, 'A page of services') },
        },
      },
      async (request, reply) => {
        const detail = request.query.minimal ? 'minimal' : request.query.full ? 'full' : 'basic';
        return cached(reply, await servicePage(db(), serviceFiltersOf(request.query), pagingOf(request.query), detail));
      },
    );

    scope.get(
      `${DIRECTORY_PREFIX}/services/:id`,
      {
        ...open,
        schema: {
          tags,
          summary: 'A service with its organization, locations and addresses, phones, schedules, languages, contacts and taxonomy terms',
          description: 'Errors: 404 `not_found`.',
          security: [],
          params: IdParams,
          response: { 200: HsdsService },
        },
      },
      async (request, reply) => cached(reply, await hsdsService(db(), request.params.id)),
    );

    scope.get(
      `${DIRECTORY_PREFIX}/organizations`,
      { ...open, schema: { tags, summary: 'Organisations, a page at a time (HSDS Page)', security: [], querystring: Type.Object(pageQuery), response: { 200: HsdsPage(HsdsOrganizationBasic, 'A page of organisations') } } },
      async (request, reply) => cached(reply, await organizationPage(db(), { search: request.query.search, libraryService: request.query.library_service }, pagingOf(request.query))),
    );

    scope.get(
      `${DIRECTORY_PREFIX}/organizations/:id`,
      { ...open, schema: { tags, summary: 'An organisation with its phones, contacts, locations and services', description: 'Errors: 404 `not_found`.', security: [], params: IdParams, response: { 200: HsdsOrganization } } },
      async (request, reply) => cached(reply, await hsdsOrganization(db(), request.params.id)),
    );

    scope.get(
      `${DIRECTORY_PREFIX}/taxonomies`,
      { ...open, schema: { tags, summary: 'Taxonomies of needs and service types, a page at a time (HSDS Page)', security: [], querystring: Type.Object(pageQuery), response: { 200: HsdsPage(HsdsTaxonomy, 'A page of taxonomies') } } },
      async (request, reply) => cached(reply, await taxonomyPage(db(), { search: request.query.search, libraryService: request.query.library_service }, pagingOf(request.query))),
    );

    scope.get(
      `${DIRECTORY_PREFIX}/taxonomies/:id`,
      { ...open, schema: { tags, summary: 'A taxonomy', description: 'Errors: 404 `not_found`.', security: [], params: IdParams, response: { 200: HsdsTaxonomy } } },
      async (request, reply) => cached(reply, await hsdsTaxonomy(db(), request.params.id)),
    );

    scope.get(
      `${DIRECTORY_PREFIX}/taxonomy_terms`,
      {
        ...open,
        schema: {
          tags,
          summary: 'Taxonomy terms, a page at a time (HSDS Page)',
          security: [],
          querystring: Type.Object({
            ...pageQuery,
            taxonomy_id: Type.Optional(Uuid),
            parent_id: Type.Optional(Type.String({ format: 'uuid', description: 'Only the children of this term' })),
            top_only: Type.Optional(Type.Boolean({ description: 'Only terms without a parent' })),
          }),
          response: { 200: HsdsPage(HsdsTaxonomyTerm, 'A page of taxonomy terms') },
        },
      },
      async (request, reply) => {
        const { search, library_service, taxonomy_id, parent_id, top_only } = request.query;
        return cached(reply, await taxonomyTermPage(db(), { search, libraryService: library_service, taxonomyId: taxonomy_id, parentId: parent_id, topOnly: top_only }, pagingOf(request.query)));
      },
    );

    scope.get(
      `${DIRECTORY_PREFIX}/taxonomy_terms/:id`,
      { ...open, schema: { tags, summary: 'A taxonomy term', description: 'Errors: 404 `not_found`.', security: [], params: IdParams, response: { 200: HsdsTaxonomyTerm } } },
      async (request, reply) => cached(reply, await hsdsTaxonomyTerm(db(), request.params.id)),
    );

    scope.get(
      `${DIRECTORY_PREFIX}/service_at_locations`,
      {
        ...open,
        schema: {
          tags,
          summary: 'Where services are delivered, a page at a time (HSDS Page), every filter combined with AND',
          description: 'Items carry their location and service (one-to-one fields); `full=true` nests both fully. Filters apply to the service.',
          security: [],
          querystring: Type.Object(serviceFilterQuery),
          response: { 200: HsdsPage(HsdsServiceAtLocationFull, 'A page of services at locations') },
        },
      },
      async (request, reply) => cached(reply, await serviceAtLocationPage(db(), serviceFiltersOf(request.query), pagingOf(request.query), request.query.full === true)),
    );

    scope.get(
      `${DIRECTORY_PREFIX}/service_at_locations/:id`,
      {
        ...open,
        schema: { tags, summary: 'A service at a location, with the full location and service', description: 'Errors: 404 `not_found`.', security: [], params: IdParams, response: { 200: HsdsServiceAtLocationFull } },
      },
      async (request, reply) => cached(reply, await hsdsServiceAtLocation(db(), request.params.id)),
    );
  });
}
