import { Type } from 'typebox';
import { principalOf } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Nullable, OneOf } from '../platform/http/schemas.ts';
import { DIRECTORY_READERS } from './access.ts';
import { searchServices } from './search.ts';
import { serviceProperties } from './service-routes.ts';
import { SERVICE_STATUSES } from './tables.ts';

const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Words in the service’s name, other name or description, or its organisation’s name' })),
    termId: Type.Optional(Type.String({ format: 'uuid', description: 'A taxonomy term (a need); services under narrower terms match too' })),
    language: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}$', description: 'ISO 639 code of a language the service is offered in' })),
    postcode: Type.Optional(Type.String({ minLength: 2, maxLength: 10, pattern: '^[A-Za-z0-9 ]+$', description: 'Measure distance from this UK postcode (or district)' })),
    near: Type.Optional(Type.String({ pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*,\\s*-?\\d+(\\.\\d+)?\\s*$', description: 'Measure distance from this point: latitude,longitude in decimal degrees' })),
    radiusKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'Only services within this distance of near or postcode' })),
    age: Type.Optional(Type.Integer({ minimum: 0, maximum: 130, description: 'Only services open to a person of this age' })),
    openNow: Type.Optional(Type.Boolean({ description: 'Only services open at this moment, by the library service’s clock' })),
    acceptingReferrals: Type.Optional(Type.Boolean()),
    organisationId: Type.Optional(Type.String({ format: 'uuid', description: 'Only services of this partner organisation' })),
    status: Type.Optional(OneOf(SERVICE_STATUSES, 'Only services with this status; active and temporarily closed ones by default')),
    page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
    perPage: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

const FoundServiceSchema = Type.Object({
  ...serviceProperties,
  distanceKm: Nullable(Type.Number({ description: 'To the nearest of its locations, to 100 m; null without a point to measure from or coordinates' })),
  openNow: Type.Boolean({ description: 'By its own weekly hours, or its locations’ when it has none' }),
});

const DESCRIPTION = [
  'Every filter given is combined with AND. Results are sorted by distance when `near` or `postcode` is given, else by name.',
  'A postcode is placed from the postcode places an administrator loaded (`/api/service-directory/postcodes`, e.g. from the ONS Postcode Directory): the postcode itself, else the middle of its district (outward code), which is also how a bare district such as IP4 is placed.',
  'When those do not know the postcode or its district, it is placed from the directory’s own locations the same way.',
  'Errors: 422 `postcode_unknown`, `near_invalid`, `point_ambiguous` (both near and postcode), `radius_needs_point`.',
].join(' ');

export function registerSearchRoutes(app: HearthApp) {
  const { hearth } = app;
  app.get(
    '/api/service-directory/services',
    {
      config: { access: DIRECTORY_READERS },
      schema: {
        tags: ['service-directory'],
        summary: 'Search the service directory by need, language, place, age, opening hours and capacity',
        description: DESCRIPTION,
        querystring: SearchQuery,
        response: { 200: Type.Object({ items: Type.Array(FoundServiceSchema), total: Type.Integer(), page: Type.Integer(), perPage: Type.Integer() }) },
      },
    },
    async (request) => searchServices(hearth.database.db, principalOf(request).tenantId, hearth.clock.now(), request.query),
  );
}
