import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, IsoDate, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { PROGRAMME_EDITORS, SESSION_HELPERS } from './access.ts';
import { createSchedule, deleteSchedule, updateSchedule } from './schedules.ts';
import { cancelSession, createOneOffSession, getSession, listCalendar, listProgrammeSessions, reinstateSession, updateSession } from './sessions.ts';

export const LocalTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?$', description: 'Local wall-clock time in the library service’s time zone, e.g. 10:00' });

export const ScheduleSchema = Type.Object(
  {
    id: Uuid,
    programmeId: Uuid,
    jointProgrammeId: Nullable(Uuid),
    branchId: Uuid,
    branchName: Type.String(),
    rrule: Type.String({ description: 'RFC 5545 RRULE value (no DTSTART), e.g. FREQ=WEEKLY;BYDAY=TU' }),
    firstDate: IsoDate,
    startsLocal: Type.String({ description: 'HH:MM' }),
    endsLocal: Type.String({ description: 'HH:MM' }),
    timeZone: Type.String({ description: 'IANA time zone, e.g. Europe/London' }),
    room: Nullable(Type.String()),
    facilitator: Nullable(Type.String()),
    capacity: Nullable(Type.Integer()),
    description: Type.Null(),
  },
  { description: 'A recurring pattern of sessions in local wall-clock time; its occurrences are sessions' },
);

export const SessionSchema = Type.Object({
  id: Uuid,
  programmeId: Uuid,
  programmeName: Type.String(),
  jointProgrammeId: Nullable(Uuid),
  jointProgrammeName: Nullable(Type.String()),
  branchId: Uuid,
  branchName: Type.String(),
  scheduleId: Nullable(Uuid),
  occurrenceDate: Nullable(IsoDate),
  date: IsoDate,
  startsLocal: Type.String({ description: 'HH:MM, local time' }),
  endsLocal: Type.String({ description: 'HH:MM, local time' }),
  startsAt: Instant,
  endsAt: Instant,
  room: Nullable(Type.String()),
  facilitator: Nullable(Type.String()),
  capacity: Nullable(Type.Integer()),
  topic: Nullable(Type.String()),
  status: OneOf(['scheduled', 'cancelled', 'withdrawn'] as const, 'withdrawn sessions are left out of every list'),
  cancellationReason: Nullable(Type.String()),
  detached: Type.Boolean({ description: 'An occurrence changed on its own: editing its schedule leaves it be' }),
  presentCount: Type.Integer({ description: 'Named attendance plus the headcount of people whose names were not taken' }),
  donationsPence: Type.Integer(),
});

const SessionList = Type.Object({ items: Type.Array(SessionSchema) });

const details = {
  room: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  facilitator: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  capacity: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10000 }))),
};

const scheduleFields = {
  branchId: Uuid,
  rrule: Type.String({ minLength: 1, maxLength: 500, description: 'RFC 5545 RRULE value without DTSTART, repeating at most daily, e.g. FREQ=WEEKLY;BYDAY=TU' }),
  firstDate: IsoDate,
  startsLocal: LocalTime,
  endsLocal: LocalTime,
  ...details,
  jointProgrammeId: Type.Optional(Nullable(Uuid)),
};

const SCHEDULE_ERRORS =
  'The first date moves to the first date the rule gives on or after it. Errors: 400 `invalid_rrule`, `session_ends_before_start`; 422 `branch_not_in_programme`, `joint_programme_invalid`, `rrule_has_no_sessions`.';

const RangeQuery = Type.Object(
  {
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

const SessionParams = Type.Object({ sessionId: Uuid });

/** A write whose body may be left out entirely: no body reads as an empty one. */
const emptyBodyAllowed = {
  preValidation: async (request: FastifyRequest) => {
    request.body ??= {};
  },
};

const tags = ['programmes'];
const editors = { access: PROGRAMME_EDITORS };
const helpers = { access: SESSION_HELPERS };

export function registerSessionRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;
  const today = () => hearth.clock.today();

  app.post(
    '/api/programmes/:id/schedules',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Add a recurring schedule; its sessions are made twelve months ahead (or to the rule’s end)',
        description: SCHEDULE_ERRORS,
        params: IdParams,
        body: Body(scheduleFields),
        response: { 201: ScheduleSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createSchedule(db(), actorFrom(request), today(), request.params.id, request.body)),
  );

  app.patch(
    '/api/programmes/schedules/:id',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Change a schedule: its sessions from today move with it, except those changed on their own or with a register taken',
        description: SCHEDULE_ERRORS,
        params: IdParams,
        body: Body({
          branchId: Type.Optional(Uuid),
          rrule: Type.Optional(scheduleFields.rrule),
          firstDate: Type.Optional(IsoDate),
          startsLocal: Type.Optional(LocalTime),
          endsLocal: Type.Optional(LocalTime),
          ...details,
          jointProgrammeId: Type.Optional(Nullable(Uuid)),
        }),
        response: { 200: ScheduleSchema },
      },
    },
    async (request) => updateSchedule(db(), actorFrom(request), today(), request.params.id, request.body),
  );

  app.delete(
    '/api/programmes/schedules/:id',
    {
      config: editors,
      schema: {
        tags,
        summary: 'End a schedule: its sessions from today are withdrawn (those with a register stay); past ones stay',
        params: IdParams,
        response: { 200: Type.Object({ withdrawn: Type.Integer() }) },
      },
    },
    async (request) => deleteSchedule(db(), actorFrom(request), today(), request.params.id),
  );

  app.get(
    '/api/programmes/sessions',
    {
      config: helpers,
      schema: {
        tags,
        summary: 'The calendar: every programme’s sessions between two local dates (the next eight weeks by default)',
        description: 'Errors: 400 `invalid_date_range`.',
        querystring: Type.Object({ ...RangeQuery.properties, branchId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 200: SessionList },
      },
    },
    async (request) => listCalendar(db(), principalOf(request).tenantId, today(), request.query),
  );

  app.get(
    '/api/programmes/:id/sessions',
    {
      config: helpers,
      schema: {
        tags,
        summary: 'A programme’s sessions between two local dates, joint ones included (the next eight weeks by default)',
        description: 'Errors: 400 `invalid_date_range`.',
        params: IdParams,
        querystring: RangeQuery,
        response: { 200: SessionList },
      },
    },
    async (request) => listProgrammeSessions(db(), principalOf(request).tenantId, today(), request.params.id, request.query),
  );

  app.post(
    '/api/programmes/:id/sessions',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Add a one-off session, or a joint session with another programme',
        description: 'Errors: 400 `session_ends_before_start`; 422 `branch_not_in_programme`, `joint_programme_invalid`.',
        params: IdParams,
        body: Body({
          branchId: Uuid,
          date: IsoDate,
          startsLocal: LocalTime,
          endsLocal: LocalTime,
          ...details,
          topic: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          jointProgrammeId: Type.Optional(Nullable(Uuid)),
        }),
        response: { 201: SessionSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createOneOffSession(db(), actorFrom(request), request.params.id, request.body)),
  );

  app.get(
    '/api/programmes/sessions/:sessionId',
    { config: helpers, schema: { tags, summary: 'Read a session', params: SessionParams, response: { 200: SessionSchema } } },
    async (request) => getSession(db(), principalOf(request).tenantId, request.params.sessionId),
  );

  app.patch(
    '/api/programmes/sessions/:sessionId',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Change one session: an occurrence of a schedule becomes detached, so editing the schedule leaves it be',
        description: 'Errors: 400 `session_ends_before_start`.',
        params: SessionParams,
        body: Body({ date: Type.Optional(IsoDate), startsLocal: Type.Optional(LocalTime), endsLocal: Type.Optional(LocalTime), ...details, topic: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) }),
        response: { 200: SessionSchema },
      },
    },
    async (request) => updateSession(db(), actorFrom(request), request.params.sessionId, request.body),
  );

  app.post(
    '/api/programmes/sessions/:sessionId/cancel',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Cancel a session and email the participants expected at it who asked to hear (once each, in their language)',
        description: 'Expected: anyone who came to the programme in the last eight weeks, and newcomers its ambassadors invited who have not come yet. Errors: 409 `session_already_cancelled`, `session_in_past`.',
        params: SessionParams,
        body: Body({ reason: NonEmpty(500) }, 'Kept for staff; not put in the notice.'),
        response: { 200: Type.Object({ session: SessionSchema, notified: Type.Integer() }) },
      },
    },
    async (request) => cancelSession(db(), hearth.mailer, actorFrom(request), today(), request.params.sessionId, request.body.reason),
  );

  app.post(
    '/api/programmes/sessions/:sessionId/reinstate',
    {
      ...emptyBodyAllowed,
      config: editors,
      schema: {
        tags,
        summary: 'Undo a cancellation',
        description: 'Errors: 409 `session_not_cancelled`.',
        params: SessionParams,
        body: Body({}, 'Optional; the request may have no body at all.'),
        response: { 200: SessionSchema },
      },
    },
    async (request) => reinstateSession(db(), actorFrom(request), request.params.sessionId),
  );
}
