import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, Email, IdParams, Instant, IsoDate, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { convertToScheme, endArrangement, listArrangements, updateArrangement, viewArrangement, withdrawReaderConsent } from './arrangements.ts';
import { deskLookup } from './desk-lookup.ts';
import { addCover, addNeighbour, removeCover, removeNeighbour, updateNeighbour, withdrawNeighbourConsent } from './neighbours.ts';
import { CONSENT_METHODS, REFERRAL_SOURCES } from './tables.ts';

const Person = Type.Object({ id: Uuid, name: Type.String() });

const ArrangementNeighbourSchema = Type.Object({
  id: Uuid,
  neighbourId: Uuid,
  name: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  relationship: Nullable(Type.String()),
  cardNumber: Nullable(Type.String({ description: 'The neighbour’s own library card' })),
  branchId: Nullable(Uuid),
  language: Type.String(),
  advanceNotice: Type.Boolean({ description: 'Emailed before the reader’s items are likely to fall overdue' }),
  visitEveryDays: Nullable(Type.Integer()),
  visitsFrom: Nullable(IsoDate),
  visitDates: Type.Array(IsoDate),
  nextVisit: Nullable(IsoDate),
  maySeeLoans: Type.Boolean(),
  maySeeHistory: Type.Boolean(),
  maySeeProfile: Type.Boolean(),
  active: Type.Boolean(),
  consentWithdrawnAt: Nullable(Instant),
}, { description: '`id` is the link between this neighbour and this reader; `neighbourId` the neighbour, who may serve several readers' });

const CoverSchema = Type.Object({ id: Uuid, awayId: Uuid, coverId: Uuid, startsOn: IsoDate, endsOn: IsoDate });

export const ArrangementSchema = Type.Object({
  id: Uuid,
  status: OneOf(['active', 'ended'] as const),
  reader: Type.Object({ id: Uuid, name: Type.String(), cardNumber: Type.String(), homeBranchId: Uuid }),
  referralSource: OneOf(REFERRAL_SOURCES),
  referralNote: Nullable(Type.String()),
  consent: Type.Object({ method: OneOf(CONSENT_METHODS), givenAt: Instant, withdrawnAt: Nullable(Instant) }),
  noticeMarginDays: Type.Integer(),
  autoRenew: Type.Boolean(),
  writeOffAfterDays: Type.Integer(),
  previousCategory: Type.Object({ id: Uuid, name: Type.String() }, { description: 'Restored when the arrangement ends' }),
  startedAt: Instant,
  startedBy: Nullable(Person),
  endedAt: Nullable(Instant),
  endedBy: Nullable(Person),
  endReason: Nullable(Type.String()),
  neighbours: Type.Array(ArrangementNeighbourSchema),
  covers: Type.Array(CoverSchema),
});

const CardNumber = Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' });
const Language = Type.String({ minLength: 2, maxLength: 35, description: 'BCP 47 language tag for messages, e.g. en, ar, pl' });

const neighbourSettings = {
  relationship: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. son, friend, neighbour' })),
  advanceNotice: Type.Optional(Type.Boolean({ description: 'Email warnings before items fall due; false by default' })),
  nextVisit: Type.Optional(IsoDate),
  visitEveryDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  visitDates: Type.Optional(Type.Array(IsoDate, { maxItems: 100, uniqueItems: true })),
  maySeeLoans: Type.Optional(Type.Boolean({ description: 'True by default' })),
  maySeeHistory: Type.Optional(Type.Boolean({ description: 'False by default' })),
  maySeeProfile: Type.Optional(Type.Boolean({ description: 'True by default' })),
};

const neighbourFields = {
  name: NonEmpty(200),
  email: Type.Optional(Email),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  cardNumber: Type.Optional(CardNumber),
  branchId: Type.Optional(Uuid),
  language: Type.Optional(Language),
  ...neighbourSettings,
};

const NEIGHBOUR_DESCRIPTION =
  'A neighbour already known by this email (or, without one, by this library card) is the same person, so one neighbour can serve several readers. `nextVisit` with `visitEveryDays` starts a repeating pattern; `nextVisit` alone is one visit date; `visitDates` lists more.';

const NeighbourBody = Body(neighbourFields, NEIGHBOUR_DESCRIPTION);
const NeighbourUpdateBody = Body(
  {
    name: Type.Optional(NonEmpty(200)),
    email: Type.Optional(Nullable(Email)),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    cardNumber: Type.Optional(Nullable(CardNumber)),
    branchId: Type.Optional(Nullable(Uuid)),
    language: Type.Optional(Language),
    ...neighbourSettings,
    visitEveryDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 365, description: 'null stops the repeating pattern' }))),
  },
  'Name, contact details, card, branch and language belong to the neighbour and change for every reader they serve; the rest is how they serve this reader. `visitDates` replaces the listed dates.',
);

const settingsFields = {
  referralNote: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: 'Optional; never required' }))),
  consentMethod: Type.Optional(OneOf(CONSENT_METHODS, 'How the reader gave consent; verbal by default')),
  noticeMarginDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 28, description: 'Warn about items due up to this many days after the next visit; 2 by default' })),
  autoRenew: Type.Optional(Type.Boolean({ description: 'Renew renewable items in the notice run instead of warning; false by default' })),
  writeOffAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'A copy misplaced at home this long may be written off at no charge; 90 by default' })),
};

const ConversionBody = Body(
  {
    readerCardNumber: CardNumber,
    neighbours: Type.Array(NeighbourBody, { minItems: 1, maxItems: 10 }),
    referralSource: Type.Optional(OneOf(REFERRAL_SOURCES, 'How the reader came to the scheme; other by default')),
    keepHistory: Type.Optional(Type.Boolean({ description: 'The reader agrees to keep a reading history' })),
    ...settingsFields,
  },
  'Moves the reader to the scheme’s member category (the previous one is kept and restored when the arrangement ends), records their consent and links each neighbour.',
);

const SettingsBody = Body({ referralSource: Type.Optional(OneOf(REFERRAL_SOURCES)), ...settingsFields });
const ReasonBody = Body({ reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }, 'Optional; the request may have no body at all.');

/** A write whose body may be left out entirely (e.g. a DELETE): no body reads as an empty one. */
const emptyBodyAllowed = {
  preValidation: async (request: FastifyRequest) => {
    request.body ??= {};
  },
};

const ListQuery = Type.Object(
  {
    status: Type.Optional(OneOf(['active', 'ended', 'all'] as const, 'active by default')),
    readerId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'The reader’s card number (exact), or part of the reader’s or a neighbour’s name' })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
    before: Type.Optional(Type.String({ format: 'uuid', description: 'Arrangements started before this one (from nextBefore)' })),
  },
  { additionalProperties: false },
);

const LinkParams = Type.Object({ id: Uuid, linkId: Uuid });
const CoverParams = Type.Object({ id: Uuid, coverId: Uuid });

const DeskLookupSchema = Type.Object({
  match: OneOf(['neighbour', 'reader', 'none'] as const),
  neighbour: Nullable(Person),
  readers: Type.Array(
    Type.Object({
      arrangementId: Uuid,
      readerId: Uuid,
      name: Type.String(),
      cardNumber: Type.String(),
      neighbours: Type.Array(Type.Object({ id: Uuid, linkId: Uuid, name: Type.String() })),
    }),
  ),
});

const schemeStaff = { access: ['admin', 'branch_staff', 'outreach'] as const };
const tags = ['good-neighbour'];
const base = '/api/good-neighbour/arrangements';
const NEIGHBOUR_ERRORS = '404 `neighbour_card_not_found`; 409 `neighbour_already_linked`, `neighbour_card_taken`, `neighbour_card_mismatch`; 422 `neighbour_is_reader`, `next_visit_required`, `language_invalid`.';

export function registerArrangementRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;
  const today = () => hearth.clock.today();
  const ok = { 200: ArrangementSchema };

  app.post(
    base,
    {
      config: schemeStaff,
      schema: {
        tags,
        summary: 'Convert a reader’s ticket to the Good Neighbour scheme',
        description: `Errors: 404 \`member_not_found\`; 409 \`arrangement_exists\`; ${NEIGHBOUR_ERRORS}`,
        body: ConversionBody,
        response: { 201: ArrangementSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await convertToScheme(db(), actorFrom(request), today(), request.body)),
  );

  app.get(
    base,
    {
      config: schemeStaff,
      schema: {
        tags,
        summary: 'List arrangements, latest started first (active ones by default)',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(ArrangementSchema), nextBefore: Nullable(Uuid) }) },
      },
    },
    async (request) => listArrangements(db(), principalOf(request).tenantId, today(), request.query),
  );

  app.get(
    `${base}/:id`,
    { config: schemeStaff, schema: { tags, summary: 'Read an arrangement with its neighbours, next visits and covers (the view is audited)', params: IdParams, response: ok } },
    async (request) => viewArrangement(db(), actorFrom(request), today(), request.params.id),
  );

  app.patch(
    `${base}/:id`,
    { config: schemeStaff, schema: { tags, summary: 'Change an arrangement’s settings (audited with a field diff)', description: 'Errors: 409 `arrangement_ended`.', params: IdParams, body: SettingsBody, response: ok } },
    async (request) => updateArrangement(db(), actorFrom(request), today(), request.params.id, request.body),
  );

  app.delete(
    `${base}/:id`,
    {
      ...emptyBodyAllowed,
      config: schemeStaff,
      schema: {
        tags,
        summary: 'End an arrangement and restore the reader’s previous category',
        description: 'Loans already issued under the scheme keep their waiver. Errors: 409 `arrangement_ended`.',
        params: IdParams,
        body: ReasonBody,
        response: ok,
      },
    },
    async (request) => endArrangement(db(), actorFrom(request), today(), request.params.id, { reason: request.body.reason }),
  );

  app.post(
    `${base}/:id/withdraw-consent`,
    {
      ...emptyBodyAllowed,
      config: schemeStaff,
      schema: { tags, summary: 'The reader withdraws consent: the arrangement ends at once', description: 'Errors: 409 `arrangement_ended`.', params: IdParams, body: ReasonBody, response: ok },
    },
    async (request) => withdrawReaderConsent(db(), actorFrom(request), today(), request.params.id, request.body.reason),
  );

  app.post(
    `${base}/:id/neighbours`,
    {
      config: schemeStaff,
      schema: { tags, summary: 'Add a neighbour to an arrangement, or restore one who served the reader before', description: `Errors: 409 \`arrangement_ended\`; ${NEIGHBOUR_ERRORS}`, params: IdParams, body: NeighbourBody, response: { 201: ArrangementSchema } },
    },
    async (request, reply) => reply.code(201).send(await addNeighbour(db(), actorFrom(request), today(), request.params.id, request.body)),
  );

  app.patch(
    `${base}/:id/neighbours/:linkId`,
    {
      config: schemeStaff,
      schema: {
        tags,
        summary: 'Change a neighbour, what they may see and when they visit (audited with before and after)',
        description: `Errors: 409 \`arrangement_ended\`, \`neighbour_inactive\`, \`neighbour_email_taken\`; ${NEIGHBOUR_ERRORS}`,
        params: LinkParams,
        body: NeighbourUpdateBody,
        response: ok,
      },
    },
    async (request) => updateNeighbour(db(), actorFrom(request), today(), request.params.id, request.params.linkId, request.body),
  );

  app.delete(
    `${base}/:id/neighbours/:linkId`,
    { config: schemeStaff, schema: { tags, summary: 'The neighbour stops serving the reader; their covers go too', description: 'Errors: 409 `arrangement_ended`, `neighbour_inactive`.', params: LinkParams, response: ok } },
    async (request) => removeNeighbour(db(), actorFrom(request), today(), request.params.id, request.params.linkId),
  );

  app.post(
    `${base}/:id/neighbours/:linkId/withdraw-consent`,
    {
      ...emptyBodyAllowed,
      config: schemeStaff,
      schema: {
        tags,
        summary: 'The reader withdraws consent for one neighbour, who then sees and receives nothing',
        description: 'Errors: 409 `arrangement_ended`, `consent_already_withdrawn`.',
        params: LinkParams,
        body: Body({}, 'Optional; the request may have no body at all.'),
        response: ok,
      },
    },
    async (request) => withdrawNeighbourConsent(db(), actorFrom(request), today(), request.params.id, request.params.linkId),
  );

  app.post(
    `${base}/:id/covers`,
    {
      config: schemeStaff,
      schema: {
        tags,
        summary: 'A neighbour who is away hands their visits between two dates (inclusive) to another',
        description: 'Both must be active neighbours of this arrangement. Errors: 404 when either is not; 409 `arrangement_ended`; 422 `cover_same_neighbour`, `cover_dates_invalid`, `cover_in_past`.',
        params: IdParams,
        body: Body({ awayId: Uuid, coverId: Uuid, startsOn: IsoDate, endsOn: IsoDate }, '`awayId` and `coverId` are neighbour link ids (`neighbours[].id`).'),
        response: { 201: ArrangementSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await addCover(db(), actorFrom(request), today(), request.params.id, request.body)),
  );

  app.delete(
    `${base}/:id/covers/:coverId`,
    { config: schemeStaff, schema: { tags, summary: 'Cancel a cover', description: 'Errors: 409 `arrangement_ended`.', params: CoverParams, response: ok } },
    async (request) => removeCover(db(), actorFrom(request), today(), request.params.id, request.params.coverId),
  );

  app.get(
    '/api/good-neighbour/desk-lookup',
    {
      config: schemeStaff,
      schema: {
        tags,
        summary: 'What a scanned card means for the scheme: a neighbour and the readers they collect for, or a scheme reader and their neighbours',
        description: 'A match is audited. `none` for any other card, including a neighbour who serves nobody now.',
        querystring: Type.Object({ cardNumber: CardNumber }, { additionalProperties: false }),
        response: { 200: DeskLookupSchema },
      },
    },
    async (request) => deskLookup(db(), actorFrom(request), request.query.cardNumber),
  );
}
