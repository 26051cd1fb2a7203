import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AUDIENCES } from './tables.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { IdParams, Instant, IsoDate, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { branchCalendar, programmeCalendar } from './calendar-feed.ts';
import { scheduledSessionsPage, sessionSeriesPage } from './openactive.ts';
import { PUBLIC_LANGUAGES } from './public-languages.ts';
import { publicProgramme, publicProgrammes } from './public-programmes.ts';

/** Public pages change when staff edit them; a few minutes' caching spares the server on busy days. */
export const PUBLIC_CACHE = 'public, max-age=300';

const Language = OneOf(PUBLIC_LANGUAGES, 'Language of the text and labels: en, ar, uk, ro, pl, prs (Dari), ps (Pashto); English when not given');
const Direction = OneOf(['rtl', 'ltr'] as const, 'Text direction of the language');
const Time = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'Local wall-clock time, HH:MM' });

const PublicSessionSchema = Type.Object({
  id: Uuid,
  date: IsoDate,
  startsLocal: Time,
  endsLocal: Time,
  startsAt: Instant,
  endsAt: Instant,
  branchId: Uuid,
  branchName: Type.String(),
  branchAddress: Nullable(Type.String()),
  room: Nullable(Type.String()),
  topic: Nullable(Type.String()),
  status: OneOf(['scheduled', 'cancelled'] as const),
});

const programmeFields = {
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  eligibilityNote: Nullable(Type.String()),
  textLanguage: Type.String({ description: 'Language the name and description are in: the one asked for where translated, else the programme’s own' }),
  badges: Type.Object({ free: Type.Boolean(), womenOnly: Type.Boolean(), noBookingNeeded: Type.Boolean() }),
  suggestedDonationPence: Nullable(Type.Integer()),
  currency: Type.String(),
  audience: OneOf(AUDIENCES),
  libraryService: Type.Object({ name: Type.String(), slug: Type.String(), timeZone: Type.String() }),
  branches: Type.Array(Type.Object({ id: Uuid, name: Type.String(), address: Nullable(Type.String()), mapUrl: Nullable(Type.String({ description: 'OpenStreetMap search for the address' })) })),
  nextSessions: Type.Array(PublicSessionSchema),
  calendarUrl: Type.String({ description: 'iCalendar feed of the programme' }),
  pageUrl: Type.String({ description: 'The public page in this language' }),
};

const PublicProgrammeSchema = Type.Object(programmeFields);

const RpdeQuery = Type.Object({
  afterTimestamp: Type.Optional(Type.Integer({ minimum: 0, description: 'The `modified` of the last item already read' })),
  afterId: Type.Optional(Uuid),
});

const RpdePageSchema = Type.Object({
  next: Type.String(),
  license: Type.String(),
  items: Type.Array(
    Type.Object({
      state: OneOf(['updated', 'deleted'] as const),
      kind: Type.String(),
      id: Uuid,
      modified: Type.Integer(),
      data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
});

const tags = ['programmes (public)'];
const open = { config: { access: 'public' as const } };

const sendCalendar = (reply: FastifyReply, text: string) => reply.type('text/calendar; charset=utf-8').header('cache-control', PUBLIC_CACHE).send(text);

/** What anyone may read of programmes without signing in: listings, iCalendar and OpenActive feeds. */
export function registerPublicProgrammeRoutes(app: HearthApp) {
  const { hearth } = app;

  app.get(
    '/api/public/programmes',
    {
      ...open,
      schema: {
        tags,
        summary: 'Active programmes with their next sessions, in the reader’s language where translated',
        security: [],
        querystring: Type.Object({
          lang: Type.Optional(Language),
          service: Type.Optional(Type.String({ maxLength: 100, description: 'Only this library service (its slug)' })),
          branchId: Type.Optional(Uuid),
        }),
        response: { 200: Type.Object({ language: Language, dir: Direction, items: Type.Array(PublicProgrammeSchema) }) },
      },
    },
    async (request, reply) => {
      const { lang, service, branchId } = request.query;
      reply.header('cache-control', PUBLIC_CACHE);
      return publicProgrammes(hearth, lang ?? 'en', { serviceSlug: service, branchId });
    },
  );

  app.get(
    '/api/public/programmes/:id',
    {
      ...open,
      schema: {
        tags,
        summary: `One active programme with its sessions of the next weeks, cancelled ones marked`,
        description: 'Errors: 404 `not_found` (unknown or archived).',
        security: [],
        params: IdParams,
        querystring: Type.Object({ lang: Type.Optional(Language) }),
        response: { 200: Type.Object({ language: Language, dir: Direction, ...programmeFields }) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return publicProgramme(hearth, request.params.id, request.query.lang ?? 'en');
    },
  );

  app.get(
    '/api/public/programmes/:id/calendar.ics',
    {
      ...open,
      schema: {
        tags,
        summary: 'The programme’s sessions as iCalendar (RFC 5545), joint sessions included',
        description: 'One recurring event per schedule (RRULE in the local time zone, EXDATE for cancelled occurrences, RECURRENCE-ID events for occurrences changed on their own) and one event per one-off session. Errors: 404 `not_found`.',
        security: [],
        params: IdParams,
      },
    },
    async (request, reply) => sendCalendar(reply, await programmeCalendar(hearth, request.params.id)),
  );

  app.get(
    '/api/public/branches/:id/calendar.ics',
    {
      ...open,
      schema: { tags, summary: 'Every active programme’s sessions at a branch as iCalendar (RFC 5545)', description: 'Errors: 404 `not_found`.', security: [], params: IdParams },
    },
    async (request, reply) => sendCalendar(reply, await branchCalendar(hearth, request.params.id)),
  );

  app.get(
    '/api/public/openactive/session-series',
    {
      ...open,
      schema: {
        tags,
        summary: 'OpenActive RPDE feed of programmes as SessionSeries',
        description: 'Ordered by (modified, id); follow `next` until a page comes back empty, then poll it. Archived programmes are `deleted`.',
        security: [],
        querystring: RpdeQuery,
        response: { 200: RpdePageSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return sessionSeriesPage(hearth, request.query);
    },
  );

  app.get(
    '/api/public/openactive/scheduled-sessions',
    {
      ...open,
      schema: {
        tags,
        summary: 'OpenActive RPDE feed of sessions as ScheduledSessions',
        description: 'Ordered by (modified, id); follow `next`. Sessions withdrawn from a schedule are `deleted`; cancelled ones are `updated` with eventStatus EventCancelled. Women-only programmes carry genderRestriction https://openactive.io/FemaleOnly.',
        security: [],
        querystring: RpdeQuery,
        response: { 200: RpdePageSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return scheduledSessionsPage(hearth, request.query);
    },
  );
}
