import type { FastifyRequest, FastifySchema } from 'fastify';
import { Type } from 'typebox';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, Email, Instant, IsoDate, ListOf, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { FORMATS } from '../catalogue/tables.ts';
import { REQUEST_STATUSES } from '../circulation/tables.ts';
import {
  clearNeighbourCookie,
  endNeighbourSession,
  MAX_LINKS_PER_EMAIL,
  neighbourOf,
  NEIGHBOUR_COOKIE,
  NEIGHBOUR_SESSION_DAYS,
  requestSignInLink,
  requireNeighbour,
  setNeighbourCookie,
  SIGN_IN_LINK_MINUTES,
  startNeighbourSession,
} from './portal-auth.ts';
import { collectSelectionForReader, findTitles, listServedReaders, renewForReader, reportFound, reportMisplaced, requestForReader, suggestionsForReader, SUGGESTIONS_SHOWN, viewReader } from './portal.ts';
import { suggestedTitleFields } from './choosing-routes.ts';
import { REASON_KINDS } from './suggestions.ts';

const tags = ['neighbour-portal'];
const publicAccess = { access: 'public' as const };
const asNeighbour = `Needs the neighbour's session cookie \`${NEIGHBOUR_COOKIE}\` from \`POST /api/neighbour-portal/session\`; writes carry its csrfToken in X-CSRF-Token. Not signed in → 401 \`unauthenticated\`.`;
const aboutReader = 'A reader this neighbour does not serve now (another reader, another library service, an ended arrangement or withdrawn consent) → 404 `reader_not_found`.';

const ReaderParams = Type.Object({ readerId: Uuid });
const LoanParams = Type.Object({ readerId: Uuid, loanId: Uuid });
const SelectionParams = Type.Object({ readerId: Uuid, selectionId: Uuid });
const SessionSchema = Type.Object({ neighbour: Type.Object({ name: Type.String() }), csrfToken: Type.String(), expiresAt: Instant });

const LoanSchema = Type.Object({
  id: Uuid,
  title: Type.String(),
  authors: Type.Array(Type.String()),
  format: OneOf(FORMATS),
  coverUrl: Nullable(Type.String()),
  dueDate: IsoDate,
  issuedAt: Instant,
  collectedBy: Nullable(Type.String({ description: 'Who collected it for the reader' })),
  misplacedAtHomeOn: Nullable(IsoDate),
  overdue: Type.Boolean(),
});
const LookForSchema = Type.Intersect([
  LoanSchema,
  Type.Object({ why: OneOf(['misplaced', 'overdue', 'due_before_visit'] as const, 'Reported misplaced, already overdue, or due by the next visit (plus the margin)') }),
]);
const RequestSchema = Type.Object({
  id: Uuid,
  recordId: Uuid,
  title: Type.String(),
  status: OneOf(['waiting', 'ready'] as const),
  position: Nullable(Type.Integer()),
  pickupBranchName: Type.String(),
  holdUntil: Nullable(IsoDate),
  placedAt: Instant,
  askedBy: Nullable(Type.String({ description: 'The neighbour or other person who asked for it' })),
});
const SelectionSchema = Type.Object({
  id: Uuid,
  forVisit: Nullable(IsoDate),
  pickupBranchName: Type.String(),
  status: OneOf(['open', 'collected'] as const, 'open: set aside for the visit; collected: taken'),
  collectedAt: Nullable(Instant),
  items: Type.Array(
    Type.Object({
      recordId: Uuid,
      title: Type.String(),
      authors: Type.Array(Type.String()),
      format: OneOf(FORMATS),
      coverUrl: Nullable(Type.String()),
      requestStatus: Nullable(OneOf(REQUEST_STATUSES)),
      holdUntil: Nullable(IsoDate),
    }),
  ),
});
const ServedReaderSchema = Type.Object({
  id: Uuid,
  firstName: Type.String(),
  nextVisit: Nullable(IsoDate),
  loansOut: Nullable(Type.Integer({ description: 'Null when the reader does not share their loans with this neighbour' })),
  loansDue: Nullable(Type.Integer({ description: 'Open loans due by the next visit or overdue; null when loans are not shared' })),
});
const ReaderViewSchema = Type.Object({
  today: IsoDate,
  reader: Type.Object({ id: Uuid, firstName: Type.String() }),
  allows: Type.Object({ loans: Type.Boolean(), history: Type.Boolean(), profile: Type.Boolean() }),
  nextVisit: Nullable(IsoDate),
  visits: Type.Array(IsoDate),
  loans: Nullable(Type.Array(LoanSchema)),
  toLookFor: Nullable(Type.Array(LookForSchema)),
  requests: Type.Array(RequestSchema),
  selections: Type.Array(SelectionSchema, { description: 'Titles set aside for a visit, and the selection collected last' }),
  history: Nullable(Type.Array(Type.Object({ recordId: Uuid, title: Type.String(), authors: Type.Array(Type.String()) }))),
  pickupBranch: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
});
const RenewResultSchema = Type.Object({
  renewed: Type.Array(Type.Object({ loanId: Uuid, title: Type.String(), dueDate: IsoDate })),
  refused: Type.Array(Type.Object({ loanId: Uuid, title: Type.String(), dueDate: IsoDate, code: Type.String(), reason: Type.String() })),
});
const TitleSchema = Type.Object({
  id: Uuid,
  title: Type.String(),
  subtitle: Nullable(Type.String()),
  authors: Type.Array(Type.String()),
  format: OneOf(FORMATS),
  language: Nullable(Type.String()),
  publicationYear: Nullable(Type.Integer()),
  coverUrl: Nullable(Type.String()),
  availableCount: Type.Integer(),
});

const SuggestionSchema = Type.Object({
  ...suggestedTitleFields,
  availableCopies: Type.Integer(),
  score: Type.Integer(),
  reasons: Type.Array(Type.Object({ kind: OneOf(REASON_KINDS), value: Type.String() }), { description: 'Why it was suggested, as codes and values to translate' }),
});

const SIGN_IN_ANSWER = `If this address belongs to a Good Neighbour, a sign-in link is on its way. It works once, for ${SIGN_IN_LINK_MINUTES} minutes.`;
const origin = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });

/** The Good Neighbour portal: sign-in by emailed link, and only the readers a neighbour serves. */
export function registerNeighbourPortalRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;
  const today = () => hearth.clock.today();
  const signedIn = requireNeighbour(hearth.database, hearth.clock);
  /** Options of a route for the signed-in neighbour: public to the staff access hook, guarded by the portal's own session. */
  const forNeighbour = <S extends FastifySchema>(schema: S) => ({ config: publicAccess, preHandler: signedIn, schema: { tags, security: [], ...schema } });
  app.decorateRequest('neighbour', null);

  app.post(
    '/api/neighbour-portal/sign-in',
    {
      config: publicAccess,
      schema: {
        tags,
        summary: 'Email a sign-in link to a Good Neighbour',
        description:
          `Always 202 with the same body, whether or not the address is known. A neighbour who serves a reader now gets an email whose only content is a single-use link valid for ${SIGN_IN_LINK_MINUTES} minutes. ` +
          `More than ${MAX_LINKS_PER_EMAIL} requests for one address, or many from one network address, within 15 minutes → 429 \`too_many_sign_in_links\`, for known and unknown addresses alike.`,
        security: [],
        body: Body({ email: Email }),
        response: { 202: Type.Object({ detail: Type.String() }) },
      },
    },
    async (request, reply) => {
      await requestSignInLink(hearth, request.body.email, origin(request));
      return reply.code(202).send({ detail: SIGN_IN_ANSWER });
    },
  );

  app.post(
    '/api/neighbour-portal/session',
    {
      config: publicAccess,
      schema: {
        tags,
        summary: 'Sign in with the token from an emailed link',
        description: `Sets the HttpOnly cookie \`${NEIGHBOUR_COOKIE}\` for ${NEIGHBOUR_SESSION_DAYS} days from now, not extended by use. Errors: 404 \`link_invalid\`; 410 \`link_expired\`, \`link_used\`.`,
        security: [],
        body: Body({ token: NonEmpty(200) }),
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const session = await startNeighbourSession(hearth, request.body.token, origin(request));
      setNeighbourCookie(request, reply, session, hearth.clock.now());
      return { neighbour: session.neighbour, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  );

  app.get(
    '/api/neighbour-portal/session',
    forNeighbour({ summary: 'Which neighbour is signed in', description: asNeighbour, response: { 200: SessionSchema } }),
    async (request) => {
      const neighbour = neighbourOf(request);
      return { neighbour: { name: neighbour.name }, csrfToken: neighbour.csrfToken, expiresAt: neighbour.expiresAt };
    },
  );

  app.delete(
    '/api/neighbour-portal/session',
    forNeighbour({ summary: 'Sign out', description: asNeighbour, response: { 204: Type.Null() } }),
    async (request, reply) => {
      await endNeighbourSession(hearth.database, neighbourOf(request), request.ip);
      clearNeighbourCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/neighbour-portal/readers',
    forNeighbour({
      summary: 'The readers this neighbour serves now, with their next visit',
      description: `Only readers whose arrangement is active and whose consent for this neighbour stands. The view is audited. ${asNeighbour}`,
      response: { 200: Type.Object({ items: Type.Array(ServedReaderSchema), today: IsoDate }) },
    }),
    async (request) => ({ items: await listServedReaders(db(), neighbourOf(request), request.ip, today()), today: today() }),
  );

  app.get(
    '/api/neighbour-portal/readers/:readerId',
    forNeighbour({
      summary: "What the reader lets this neighbour see: loans, what to look for, requests, visits, history",
      description: `Loans and what to look for are null unless the reader shares their loans with this neighbour; history is null unless they share it. Nothing else about the reader is given. The view is audited. ${aboutReader} ${asNeighbour}`,
      params: ReaderParams,
      response: { 200: ReaderViewSchema },
    }),
    async (request) => viewReader(db(), neighbourOf(request), request.ip, today(), request.params.readerId),
  );

  app.post(
    '/api/neighbour-portal/readers/:readerId/renew',
    forNeighbour({
      summary: "Renew the reader's loans (all, or those listed) by the ordinary rules",
      description: `Says which were renewed and, for the others, why not. Errors: 403 \`loans_not_shared\`; 404 \`loan_not_found\` when a listed loan is not one of the reader's open loans. ${aboutReader} ${asNeighbour}`,
      params: ReaderParams,
      body: Body({ loanIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 100 })) }),
      response: { 200: RenewResultSchema },
    }),
    async (request) => renewForReader(db(), neighbourOf(request), request.ip, today(), request.params.readerId, request.body.loanIds),
  );

  app.post(
    '/api/neighbour-portal/readers/:readerId/loans/:loanId/misplaced',
    forNeighbour({
      summary: "Report a book as misplaced somewhere in the reader's home",
      description: `No charge while it is looked for; it stays on the list until it is returned or written off. Errors: 403 \`loans_not_shared\`; 404 \`loan_not_found\`. ${aboutReader} ${asNeighbour}`,
      params: LoanParams,
      response: { 200: LoanSchema },
    }),
    async (request) => reportMisplaced(db(), neighbourOf(request), request.ip, today(), request.params.readerId, request.params.loanId),
  );

  app.delete(
    '/api/neighbour-portal/readers/:readerId/loans/:loanId/misplaced',
    forNeighbour({
      summary: "The book turned up at the reader's home: stop looking for it",
      description: `Errors: 403 \`loans_not_shared\`; 404 \`loan_not_found\`. ${aboutReader} ${asNeighbour}`,
      params: LoanParams,
      response: { 200: LoanSchema },
    }),
    async (request) => reportFound(db(), neighbourOf(request), request.ip, today(), request.params.readerId, request.params.loanId),
  );

  app.post(
    '/api/neighbour-portal/readers/:readerId/requests',
    forNeighbour({
      summary: 'Request a title for the reader (free under the scheme)',
      description: `Collected at the neighbour's usual branch, or else the reader's home branch. Errors as for \`POST /api/requests\` (e.g. 404 \`record_not_found\`, 409 \`already_requested\`). ${aboutReader} ${asNeighbour}`,
      params: ReaderParams,
      body: Body({ recordId: Uuid }),
      response: { 201: RequestSchema },
    }),
    async (request, reply) => reply.code(201).send(await requestForReader(db(), neighbourOf(request), request.ip, today(), request.params.readerId, request.body.recordId)),
  );

  app.post(
    '/api/neighbour-portal/readers/:readerId/selections/:selectionId/collected',
    forNeighbour({
      summary: 'Say you have taken the titles set aside for the reader',
      description: `Lending the held copies at the desk marks a selection collected by itself; this is for the other times. Titles still waiting for a copy stay requested. Errors: 404 \`not_found\` for a selection that is not this reader's; 409 \`copies_on_hold_shelf\`, \`selection_empty\`, \`selection_closed\`. ${aboutReader} ${asNeighbour}`,
      params: SelectionParams,
      body: Type.Optional(Body({})),
      response: { 200: SelectionSchema },
    }),
    async (request) => collectSelectionForReader(db(), neighbourOf(request), request.ip, request.params.readerId, request.params.selectionId),
  );

  app.get(
    '/api/neighbour-portal/catalogue',
    forNeighbour({
      summary: 'Find titles to request: the first 20 matches, public bibliographic data only',
      description: asNeighbour,
      querystring: Type.Object({ q: NonEmpty(200) }, { additionalProperties: false }),
      response: { 200: ListOf(TitleSchema) },
    }),
    async (request) => ({ items: await findTitles(db(), neighbourOf(request).tenantId, request.query.q) }),
  );

  app.get(
    '/api/neighbour-portal/readers/:readerId/suggestions',
    forNeighbour({
      summary: `Up to ${SUGGESTIONS_SHOWN} titles on the shelf where the neighbour collects that suit the reader, explained`,
      description: `Only when the reader shares their reading profile with this neighbour; their reading history guides it only if they share that too. The view is audited. Errors: 403 \`profile_not_shared\`. ${aboutReader} ${asNeighbour}`,
      params: ReaderParams,
      response: { 200: ListOf(SuggestionSchema) },
    }),
    async (request) => ({ items: await suggestionsForReader(db(), neighbourOf(request), request.ip, request.params.readerId) }),
  );
}
