import { Type } from 'typebox';
import { actorFrom, principalOf } from '../../platform/auth/access.ts';
import type { HearthApp } from '../../platform/http/app-types.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, Instant, IsoDate, ListOf, Nullable, OneOf, Uuid } from '../../platform/http/schemas.ts';
import { exportCatalogue } from './export.ts';
import { getImport, listImports, startImport } from './imports.ts';
import { NOTE_CODES } from './notes.ts';
import { IMPORT_FAILURE_CODES, IMPORT_FORMATS, IMPORT_STATUSES, type ImportFormat } from './tables.ts';

export const IMPORT_BODY_LIMIT_BYTES = 50 * 1024 * 1024;

const FORMAT_OF_MEDIA_TYPE: Record<string, ImportFormat> = {
  'application/marc': 'marc',
  'application/marcxml+xml': 'marcxml',
  'application/xml': 'marcxml',
  'text/xml': 'marcxml',
  'text/csv': 'csv',
};

const ImportSchema = Type.Object({
  id: Uuid,
  format: OneOf(IMPORT_FORMATS),
  fileName: Nullable(Type.String()),
  status: OneOf(IMPORT_STATUSES),
  total: Type.Integer({ description: 'Records in the file (0 until the run has read it)' }),
  processed: Type.Integer(),
  imported: Type.Integer({ description: 'New records' }),
  updated: Type.Integer({ description: 'Records matched by control number or ISBN and updated' }),
  rejected: Type.Integer(),
  itemsAdded: Type.Integer(),
  failure: Nullable(Type.String({ description: 'Why the run failed, in English' })),
  failureCode: Nullable(OneOf(IMPORT_FAILURE_CODES)),
  startedBy: Nullable(Type.String()),
  createdAt: Instant,
  startedAt: Nullable(Instant),
  finishedAt: Nullable(Instant),
});

const NoteSchema = Type.Object({
  index: Type.Integer({ description: 'Place of the record in the file, from 1' }),
  controlNumber: Nullable(Type.String()),
  title: Nullable(Type.String()),
  code: Nullable(OneOf(NOTE_CODES, 'Stable code of the reason, for showing it in the reader’s language; null in reports stored before reasons had codes')),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
    description: 'The values the reason’s message needs, by name (e.g. line, tag, barcode, charset); empty when the code has none or is null',
  }),
  reason: Type.String({ description: 'The reason in English' }),
});

const ImportWithReportSchema = Type.Intersect([
  ImportSchema,
  Type.Object({
    report: Type.Object({
      rejected: Type.Array(NoteSchema),
      warnings: Type.Array(NoteSchema, { description: 'Records imported with a caveat, e.g. an item whose branch is unknown or whose barcode breaks the barcode rule' }),
      truncated: Type.Boolean({ description: 'True when either list reached its limit and further notes were left out; the counts of records still cover every record' }),
      limit: Type.Integer({ description: 'How many notes each list keeps at most' }),
      omitted: Type.Object({ rejected: Type.Integer(), warnings: Type.Integer() }, { description: 'How many notes of each kind were left out' }),
    }),
  }),
]);

const EXPORT_DESCRIPTION =
  'Every record has a control number: its own in 001/003, or else its id in 001 with 003 "Hearth", so importing the file again updates the same records. Each copy is an 852 (branch code in $b, item type code in $g, shelf in $h, barcode in $p); the cover is an 856 $u; corporate names stay in 110/710 and subjects under the 6XX tag they were imported with.';

const staff = { access: ['admin', 'branch_staff'] as const };
const tags = ['catalogue'];

const mediaTypeOf = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

/** Catalogue import and export; the upload's media types are parsed only here, so the rest of the API stays JSON-only. */
export function registerCatalogueImportRoutes(app: HearthApp) {
  app.register(async (scope: HearthApp) => {
    const db = () => scope.hearth.database.db;
    scope.addContentTypeParser(Object.keys(FORMAT_OF_MEDIA_TYPE), { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));

    scope.post(
      '/api/catalogue/imports',
      {
        config: staff,
        bodyLimit: IMPORT_BODY_LIMIT_BYTES,
        schema: {
          tags,
          summary: 'Upload a catalogue file to import in the background',
          description:
            'The request body is the file itself: ISO 2709 MARC 21 as application/marc, MARCXML as application/marcxml+xml (or application/xml), or CSV as text/csv with a header row (title, subtitle, authors, isbn, format, language, publication_year, summary, subjects, genres, audience, publisher, control_number, cover_url, barcode or barcodes, branch_code, item_type, shelf_location; lists, including several barcodes for several copies, separated by ";"). Records match existing ones by control number, then ISBN; an exported file imported again updates its records. Up to 50 MB. A file that cannot be read at all is refused with marc_unreadable or csv_unreadable; otherwise the import is queued and its progress read from GET /api/catalogue/imports/{id}.',
          querystring: Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 255 })) }, { additionalProperties: false }),
          response: { 202: ImportSchema },
        },
      },
      async (request, reply) => {
        const format = FORMAT_OF_MEDIA_TYPE[mediaTypeOf(request.headers['content-type'])];
        if (!format || !Buffer.isBuffer(request.body)) {
          throw new AppError('unsupported_media_type', 415, 'Send the file as application/marc, application/marcxml+xml or text/csv.');
        }
        if (request.body.length === 0) throw new AppError('empty_file', 422, 'The uploaded file is empty.');
        const started = await startImport(db(), scope.hearth.jobs, actorFrom(request), { format, fileName: request.query.fileName ?? null, content: request.body });
        return reply.code(202).send(started);
      },
    );

    scope.get('/api/catalogue/imports', { config: staff, schema: { tags, summary: 'Recent imports, newest first', response: { 200: ListOf(ImportSchema) } } }, async (request) => ({
      items: await listImports(db(), principalOf(request).tenantId),
    }));

    scope.get(
      '/api/catalogue/imports/:id',
      { config: staff, schema: { tags, summary: 'An import’s progress and, per record, why any was rejected', params: IdParams, response: { 200: ImportWithReportSchema } } },
      async (request) => getImport(db(), principalOf(request).tenantId, request.params.id),
    );

    const exportQuery = Type.Object({ since: Type.Optional(IsoDate) }, { additionalProperties: false });
    scope.get(
      '/api/catalogue/export.mrc',
      { config: staff, schema: { tags, summary: 'The catalogue as ISO 2709 MARC 21 (UTF-8); `since` keeps records changed on or after that date', description: EXPORT_DESCRIPTION, querystring: exportQuery } },
      async (request, reply) =>
        reply
          .type('application/marc')
          .header('content-disposition', 'attachment; filename="catalogue.mrc"')
          .send(exportCatalogue(db(), principalOf(request).tenantId, 'iso2709', request.query.since ?? null)),
    );
    scope.get(
      '/api/catalogue/export.xml',
      { config: staff, schema: { tags, summary: 'The catalogue as MARCXML; `since` keeps records changed on or after that date', description: EXPORT_DESCRIPTION, querystring: exportQuery } },
      async (request, reply) =>
        reply
          .type('application/marcxml+xml; charset=utf-8')
          .header('content-disposition', 'attachment; filename="catalogue.xml"')
          .send(exportCatalogue(db(), principalOf(request).tenantId, 'marcxml', request.query.since ?? null)),
    );
  });
}
