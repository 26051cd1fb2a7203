import { Type } from 'typebox';
import { actorFrom } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, NonEmpty, Nullable, Uuid } from '../platform/http/schemas.ts';
import { FEED_LIMITS, importHsds } from './hsds-import.ts';

const ImportReportSchema = Type.Object({
  sourceId: Uuid,
  imported: Type.Integer({ description: 'Services new to the directory' }),
  updated: Type.Integer({ description: 'Services this source had given before, updated' }),
  rejected: Type.Array(Type.Object({ externalId: Nullable(Type.String({ description: 'The service’s id in the feed' })), reason: Type.String() })),
});

/** Importing another council's Open Referral HSDS feed into the library service's directory. */
export function registerDirectoryImportRoutes(app: HearthApp) {
  app.post(
    '/api/service-directory/imports',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['service-directory'],
        summary: 'Import services from an Open Referral HSDS 3 feed or document',
        description: [
          'Give `feedUrl` (an HSDS `/services` endpoint returning full services: its pages are followed through `total_pages`) or `document` (an array of HSDS services, an HSDS Page of them, or one service).',
          `A feed is read whole before anything is stored: each page within ${FEED_LIMITS.timeoutMs / 1000} s and ${FEED_LIMITS.maxBytesPerPage / 1024 / 1024} MiB, at most ${FEED_LIMITS.maxPages} pages.`,
          'Each service is checked against the HSDS service schema and stored with its organization, locations, phones, contacts, schedules, languages and taxonomy terms (taxonomies matched by name), matched to what this source gave before by its id. A service that fails is reported in `rejected` with the reason; the others are still imported.',
          'Errors: 422 `feed_or_document_required`, `hsds_document_unrecognised`, `feed_unreachable`, `feed_not_json`, `feed_too_large`.',
        ].join(' '),
        body: Body({
          sourceName: NonEmpty(200),
          feedUrl: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })),
          document: Type.Optional(Type.Unknown({ description: 'HSDS services given inline' })),
        }),
        response: { 200: ImportReportSchema },
      },
    },
    async (request) => importHsds(app.hearth.database.db, actorFrom(request), request.body),
  );
}
