import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import type { Role } from '../platform/auth/roles.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { AppError } from '../platform/http/errors.ts';
import { REJECTIONS_LISTED } from './postcode-file.ts';
import { clearPostcodePlaces, loadPostcodePlaces, summariseGazetteer } from './postcode-places.ts';

/** An ONSPD file cut to a county runs to tens of megabytes. */
export const POSTCODE_FILE_LIMIT_BYTES = 50 * 1024 * 1024;

/** Who loads and clears the gazetteer: it moves every distance search of the library service. */
const GAZETTEER_KEEPERS: readonly Role[] = ['admin'];
const tags = ['service-directory'];
const PATH = '/api/service-directory/postcodes';

const SummarySchema = Type.Object({
  count: Type.Integer({ description: 'Postcodes loaded' }),
  districts: Type.Integer({ description: 'Distinct districts (outward codes) among them' }),
});

const LoadReportSchema = Type.Object({
  loaded: Type.Integer({ description: 'Postcodes stored, new or moved to the file’s place' }),
  skipped: Type.Integer({ description: 'Terminated postcodes and those without a grid reference, left out on purpose' }),
  rejected: Type.Array(Type.Object({ line: Type.Integer({ description: 'Line of the file, from 1 for the header' }), reason: Type.String() }), {
    description: `The first ${REJECTIONS_LISTED} rows that could not be read`,
  }),
  rejectedCount: Type.Integer({ description: 'Every row that could not be read' }),
});

const mediaTypeOf = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

/** The postcode gazetteer behind the directory's distance search: load, look at, clear. */
export function registerPostcodeRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;

  // CSV is parsed for this route alone, so the rest of the API stays JSON-only.
  app.register(async (scope: HearthApp) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: POSTCODE_FILE_LIMIT_BYTES }, (_request, body, done) => done(null, body));
    scope.post(
      PATH,
      {
        config: { access: GAZETTEER_KEEPERS },
        bodyLimit: POSTCODE_FILE_LIMIT_BYTES,
        schema: {
          tags,
          summary: 'Load postcode centroids, so any postcode they list can be searched from',
          description: [
            'The body is a CSV file (text/csv, up to 50 MiB) with a header row: the ONS Postcode Directory (ONSPD) or National Statistics Postcode Lookup as published (`pcds`, `pcd` or `pcd2`, `lat`, `long`, `doterm`), or a file of `postcode`, `latitude` (`lat`) and `longitude` (`long`, `lng`). Header names are read without regard to case.',
            'Terminated postcodes and those ONSPD gives no grid reference (99.999999, 0) are skipped. A row that is not a UK postcode with a latitude and longitude is reported with its line and the rest are still loaded. A postcode loaded before is moved to the file’s place.',
            'Errors: 415 `unsupported_media_type`; 422 `postcode_file_unrecognised` (no postcode, latitude or longitude column; nothing is loaded).',
          ].join(' '),
          body: { content: { 'text/csv': { schema: Type.String({ description: 'The CSV file' }) } } },
          response: { 200: LoadReportSchema },
        },
      },
      async (request) => {
        if (mediaTypeOf(request.headers['content-type']) !== 'text/csv' || typeof request.body !== 'string') {
          throw new AppError('unsupported_media_type', 415, 'Send the file as text/csv.');
        }
        return loadPostcodePlaces(db(), actorFrom(request), request.body);
      },
    );
  });

  app.get(
    PATH,
    { config: { access: GAZETTEER_KEEPERS }, schema: { tags, summary: 'How many postcodes and districts the gazetteer holds', response: { 200: SummarySchema } } },
    async (request) => summariseGazetteer(db(), principalOf(request).tenantId),
  );

  app.delete(
    PATH,
    {
      config: { access: GAZETTEER_KEEPERS },
      schema: {
        tags,
        summary: 'Remove every postcode loaded; searches then place postcodes from the directory’s own locations only',
        response: { 200: Type.Object({ removed: Type.Integer({ description: 'Postcodes removed' }) }) },
      },
    },
    async (request) => clearPostcodePlaces(db(), actorFrom(request)),
  );
}
