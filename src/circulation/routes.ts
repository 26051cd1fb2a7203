import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, IsoDate, ListOf, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { memberAtDesk } from './desk.ts';
import { issueLoan } from './issue.ts';
import { getAccount, recordPayment, recordWaiver } from './ledger.ts';
import { closeLoanWithoutReturn } from './lost.ts';
import { renewLoan } from './renew.ts';
import { cancelRequest, getRequest, listRequests, placeRequest } from './requests.ts';
import { CHECK_INS, receiveItem, returnItem } from './returns.ts';
import { listHoldsToPull } from './holds-to-pull.ts';
import { LEDGER_REASON_CODES, PAYMENT_METHODS, REQUEST_STATUSES } from './tables.ts';
import { findLoan } from './store.ts';
import { notFound } from '../platform/http/errors.ts';
import { presentLoan } from './presenters.ts';

export const LoanSchema = Type.Object({
  id: Uuid,
  itemId: Uuid,
  barcode: Type.String(),
  recordId: Uuid,
  title: Type.String(),
  authors: Type.Array(Type.String()),
  memberId: Nullable(Uuid),
  onBehalfOf: Nullable(Type.String({ description: 'Who collected the item for the member, such as a Good Neighbour' })),
  issuedAt: Instant,
  issuedBranchId: Uuid,
  dueDate: IsoDate,
  renewals: Type.Integer(),
  returnedAt: Nullable(Instant),
  returnedBranchId: Nullable(Uuid),
  outcome: Nullable(OneOf(['returned', 'lost', 'claimed_returned', 'written_off'] as const)),
  schemeWaivesFines: Type.Boolean({ description: "Issued while the borrower's category forgave fines (the Good Neighbour scheme): no fine is ever charged on it" }),
  fineWaivedByScheme: Type.Integer({ description: 'Pence: fines worked out on this loan and forgiven by the scheme so far' }),
  misplacedAtHomeOn: Nullable(IsoDate),
  misplacedReportedBy: Nullable(Type.String({ description: "Who reported it misplaced in the reader's home: a Good Neighbour's name or `staff`" })),
});

const RoutingSchema = Type.Object(
  {
    action: OneOf(['shelve', 'hold_shelf', 'transit'] as const),
    branch: Type.Object({ id: Uuid, name: Type.String() }),
    requestId: Nullable(Uuid),
    memberName: Type.Optional(Type.String({ description: 'On a hold-shelf slip: who the copy waits for' })),
  },
  { description: 'What to do with the copy now: put it back on the shelf, on the hold shelf, or send it to another branch' },
);

const BranchRef = Type.Object({ id: Uuid, name: Type.String() });
const SlipSchema = Type.Object(
  {
    from: BranchRef,
    holdUntil: Nullable(IsoDate),
    memberInitials: Nullable(Type.String({ description: 'On a hold-shelf slip: the initials of the member it waits for (the slip never shows the whole name)' })),
    cardNumberEnd: Nullable(Type.String({ description: "On a hold-shelf slip: the last four characters of the member's card" })),
  },
  { description: 'What the printed slip shows besides the routing: `from` is where the copy was checked in (a transit slip sends it on to `routing.branch`); on a hold-shelf slip, `holdUntil` is the last day it waits' },
);

const RequestSchema = Type.Object({
  id: Uuid,
  recordId: Uuid,
  title: Type.String(),
  memberId: Nullable(Type.String({ format: 'uuid', description: 'Null once the request is finished, unless the member keeps a reading history' })),
  memberName: Nullable(Type.String()),
  cardNumber: Nullable(Type.String()),
  onBehalfOf: Nullable(Type.String({ description: 'Who asked for it for the member, such as a Good Neighbour' })),
  pickupBranchId: Uuid,
  pickupBranchName: Type.String(),
  status: OneOf(REQUEST_STATUSES),
  position: Nullable(Type.Integer({ description: 'Place among the waiting and ready requests for the title; null once closed' })),
  queueNumber: Type.Integer(),
  itemId: Nullable(Uuid),
  feeCharged: Type.Integer({ description: 'Pence' }),
  feeWaivedByScheme: Type.Integer({ description: "Pence: the request fee the member's scheme forgave" }),
  placedAt: Instant,
  readyAt: Nullable(Instant),
  holdUntil: Nullable(IsoDate),
  expiresOn: Nullable(IsoDate),
  closedAt: Nullable(Instant),
});

const LedgerEntrySchema = Type.Object({
  id: Uuid,
  kind: OneOf(['charge', 'payment', 'waiver', 'refund'] as const, 'A refund is owed back to the member for a charge they paid that no longer stands, such as the replacement fee of a copy found'),
  amountPence: Type.Integer(),
  reason: Type.String({ description: 'In English, or in the words of the member of staff who waived' }),
  reasonCode: Nullable(OneOf(LEDGER_REASON_CODES, 'Null for a waiver in staff\'s own words')),
  reasonSubject: Nullable(Type.String({ description: "The copy's barcode, the title requested or the payment method the reason names" })),
  method: Nullable(OneOf(PAYMENT_METHODS)),
  loanId: Nullable(Uuid),
  requestId: Nullable(Uuid),
  createdAt: Instant,
});

const Barcode = Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' });
const CardNumber = Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' });
const Pence = Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Pence' });

const IssueBody = Body({
  cardNumber: CardNumber,
  itemBarcode: Barcode,
  onBehalfOf: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'The Good Neighbour or other person collecting for the member' }))),
  branchId: Type.Optional(Uuid),
});
const ReturnBody = Body({
  itemBarcode: Barcode,
  branchId: Type.Optional(Uuid),
  waiveFine: Type.Optional(Type.Boolean()),
  waiveReason: Type.Optional(Type.String({ maxLength: 500 })),
});

const desk = { access: ['admin', 'branch_staff', 'outreach'] as const };
const tags = ['circulation'];


export function registerCirculationRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;
  const today = () => hearth.clock.today();

  app.post(
    '/api/loans',
    {
      config: desk,
      schema: {
        tags,
        summary: 'Issue an item to a member',
        description:
          'Errors: 404 `item_not_found`, `member_not_found`; 409 `item_not_available`, `item_on_hold_for_another`, `member_blocked`, `member_expired`, `loan_limit_reached`, `fines_block_borrowing`, `no_lending_policy`.',
        body: IssueBody,
        response: { 201: LoanSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await issueLoan(db(), actorFrom(request), today(), request.body)),
  );

  app.get('/api/loans/:id', { config: desk, schema: { tags, summary: 'Read a loan', params: IdParams, response: { 200: LoanSchema } } }, async (request) => {
    const row = await findLoan(db(), principalOf(request).tenantId, request.params.id);
    if (!row) throw notFound('The loan');
    return presentLoan(row);
  });

  app.post(
    '/api/returns',
    {
      config: desk,
      schema: {
        tags,
        summary: 'Check in whatever copy is handed in: return it, receive it from transit, take it back when found, or set it aside for a request',
        description:
          "`branchId` is where the desk stands (the copy's own branch when not given). A copy on loan is returned: a fine on a loan issued under a scheme that forgives fines, or of a borrower whose category forgives them now, is worked out but not charged: `fineCharged` is 0 and `fineWaivedByScheme` says how much was forgiven. A copy in transit to this branch is received; one in transit elsewhere is left to go on. A copy marked lost or missing is found: the replacement fee charged when it was declared lost is waived, or refunded where paid (`replacementWaived`, `replacementRefunded`). A copy on the shelf goes to the oldest waiting request for its title. Errors: 404 `item_not_found`, `branch_not_found`; 409 `item_not_on_loan` (on its own shelf with no request waiting, on the hold shelf, or withdrawn); 422 `waive_reason_required`.",
        body: ReturnBody,
        response: {
          200: Type.Object({
            checkIn: OneOf(CHECK_INS, 'What scanning did; `loan` is the loan closed now, or the one a found copy went missing on, and null when no loan is involved'),
            loan: Nullable(LoanSchema),
            item: Type.Object({ id: Uuid, barcode: Type.String(), title: Type.String(), authors: Type.Array(Type.String()) }),
            replacementWaived: Type.Integer({ description: 'Pence: the replacement fee of a found copy still owed, waived' }),
            replacementRefunded: Type.Integer({ description: 'Pence: the replacement fee of a found copy already paid, refunded to the account' }),
            slip: SlipSchema,
            fineCharged: Type.Integer({ description: 'Pence charged to the member' }),
            fineWaived: Type.Integer({ description: 'Pence of the charge that staff waived' }),
            fineWaivedByScheme: Type.Integer({ description: 'Pence worked out but forgiven by the scheme, never charged' }),
            currency: Type.String(),
            routing: RoutingSchema,
          }),
        },
      },
    },
    async (request) => returnItem(db(), actorFrom(request), today(), request.body),
  );

  app.get(
    '/api/holds-to-pull',
    {
      config: desk,
      schema: {
        tags,
        summary: 'Copies to pull from the shelf at a branch for waiting requests, the oldest request first',
        description: 'Titles with copies available at the branch and waiting requests that no copy is yet set aside for. Scanning a pulled copy at returns sets it aside. Errors: 404 `branch_not_found`.',
        querystring: Type.Object({ branchId: Uuid }, { additionalProperties: false }),
        response: {
          200: ListOf(
            Type.Object({
              recordId: Uuid,
              title: Type.String(),
              authors: Type.Array(Type.String()),
              waiting: Type.Integer({ description: 'Waiting requests with no copy set aside yet' }),
              oldestPlacedAt: Instant,
              pickupBranch: BranchRef,
              copies: Type.Array(Type.Object({ id: Uuid, barcode: Type.String(), shelfLocation: Nullable(Type.String()) })),
            }),
          ),
        },
      },
    },
    async (request) => ({ items: await listHoldsToPull(db(), principalOf(request).tenantId, request.query.branchId, today()) }),
  );

  app.post(
    '/api/items/:id/receive',
    { config: desk, schema: { tags, summary: 'A copy in transit arrives at its destination', description: 'Errors: 409 `item_not_in_transit`.', params: IdParams, body: Type.Optional(Body({})), response: { 200: Type.Object({ routing: RoutingSchema, slip: SlipSchema }) } } },
    async (request) => receiveItem(db(), actorFrom(request), today(), request.params.id),
  );

  app.post(
    '/api/loans/:id/renew',
    {
      config: desk,
      schema: {
        tags,
        summary: 'Renew a loan from today',
        description: `Errors: 409 \`requested_by_another\`, \`renewal_limit_reached\`, \`overdue_too_long\` (more than 14 days late), \`member_blocked\`, \`member_expired\`. Renewing a late loan charges the fine owed so far, unless the scheme forgives it (\`fineWaivedByScheme\`).`,
        params: IdParams,
        body: Type.Optional(Body({})),
        response: { 200: Type.Intersect([LoanSchema, Type.Object({ fineCharged: Type.Integer(), fineWaivedByScheme: Type.Integer() })]) },
      },
    },
    async (request) => renewLoan(db(), actorFrom(request), today(), request.params.id),
  );

  const LossResult = Type.Object({
    loan: LoanSchema,
    replacementCharged: Type.Integer(),
    fineCharged: Type.Integer({ description: 'Pence: the overdue fine built up until the copy was declared lost, charged apart from the replacement fee' }),
    fineWaivedByScheme: Type.Integer({ description: 'Pence: that fine, when a lending scheme forgave it instead' }),
  });
  app.post(
    '/api/loans/:id/lost',
    { config: desk, schema: { tags, summary: 'Declare the copy lost: charges the replacement fee and the overdue fine so far, and closes the loan', params: IdParams, body: Type.Optional(Body({})), response: { 200: LossResult } } },
    async (request) => closeLoanWithoutReturn(db(), actorFrom(request), today(), request.params.id, 'lost'),
  );
  app.post(
    '/api/loans/:id/claimed-returned',
    { config: desk, schema: { tags, summary: 'The member says it came back: the copy is marked missing, the loan closes, no more fine accrues', params: IdParams, body: Type.Optional(Body({})), response: { 200: LossResult } } },
    async (request) => closeLoanWithoutReturn(db(), actorFrom(request), today(), request.params.id, 'claimed_returned'),
  );

  app.post(
    '/api/requests',
    {
      config: desk,
      schema: {
        tags,
        summary: 'Request a title for a member',
        description:
          'Queues behind earlier requests; a copy on the shelf is not set aside until staff pull it (`GET /api/holds-to-pull`) and scan it at returns. A member whose category forgives request fees pays nothing (`feeCharged` 0, `feeWaivedByScheme` the policy fee). Errors: 404 `member_not_found`, `record_not_found`, `branch_not_found`; 409 `already_requested`, `member_blocked`, `member_expired`.',
        body: Body({
          cardNumber: CardNumber,
          recordId: Uuid,
          pickupBranchId: Uuid,
          onBehalfOf: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'The Good Neighbour or other person asking for the member' }))),
        }),
        response: { 201: RequestSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await placeRequest(db(), actorFrom(request), today(), request.body)),
  );
  app.get(
    '/api/requests',
    {
      config: desk,
      schema: {
        tags,
        summary: 'Requests for a title or a member, in queue order',
        querystring: Type.Object(
          { recordId: Type.Optional(Uuid), memberId: Type.Optional(Uuid), status: Type.Optional(OneOf(['active', 'all'] as const, 'active (default): waiting and ready')) },
          { additionalProperties: false },
        ),
        response: { 200: ListOf(RequestSchema) },
      },
    },
    async (request) => ({ items: await listRequests(db(), principalOf(request).tenantId, request.query) }),
  );
  app.get('/api/requests/:id', { config: desk, schema: { tags, summary: 'Read a request', params: IdParams, response: { 200: RequestSchema } } }, async (request) =>
    getRequest(db(), principalOf(request).tenantId, request.params.id),
  );
  app.delete(
    '/api/requests/:id',
    { config: desk, schema: { tags, summary: 'Cancel a request', description: 'Errors: 409 `request_closed`.', params: IdParams, response: { 200: RequestSchema } } },
    async (request) => cancelRequest(db(), actorFrom(request), today(), request.params.id),
  );

  app.get(
    '/api/members/:id/account',
    {
      config: desk,
      schema: { tags, summary: "A member's fines account: balance and every movement", params: IdParams, response: { 200: Type.Object({ memberId: Uuid, balancePence: Type.Integer(), transactions: Type.Array(LedgerEntrySchema) }) } },
    },
    async (request) => getAccount(db(), principalOf(request).tenantId, request.params.id),
  );
  const Movement = Type.Object({ transaction: LedgerEntrySchema, balancePence: Type.Integer() });
  app.post(
    '/api/members/:id/payments',
    {
      config: desk,
      schema: { tags, summary: 'Take a payment', description: 'Errors: 422 `payment_exceeds_balance`.', params: IdParams, body: Body({ amountPence: Pence, method: OneOf(PAYMENT_METHODS) }), response: { 201: Movement } },
    },
    async (request, reply) => reply.code(201).send(await recordPayment(db(), actorFrom(request), request.params.id, request.body)),
  );
  app.post(
    '/api/members/:id/waivers',
    {
      config: desk,
      schema: {
        tags,
        summary: 'Waive charges, with a reason',
        description: "Errors: 404 `not_found` (no such loan); 422 `waiver_exceeds_balance`, `loan_not_members` (`loanId` is another member's loan).",
        params: IdParams,
        body: Body({ amountPence: Pence, reason: NonEmpty(500), loanId: Type.Optional(Uuid) }),
        response: { 201: Movement },
      },
    },
    async (request, reply) => reply.code(201).send(await recordWaiver(db(), actorFrom(request), request.params.id, request.body)),
  );

  app.get(
    '/api/desk/members/:cardNumber',
    {
      config: desk,
      schema: {
        tags,
        summary: 'A member as the desk sees them when their card is scanned: status, blocks, loans, requests, balance',
        params: Type.Object({ cardNumber: CardNumber }),
        response: {
          200: Type.Object({
            member: Type.Object({ id: Uuid, name: Type.String(), cardNumber: Type.String(), status: Type.String(), blockedReason: Nullable(Type.String()), expiresOn: Nullable(IsoDate) }),
            blocks: Type.Array(Type.String(), { description: 'Codes of what stops lending: member_blocked, member_expired, fines_block_borrowing' }),
            balancePence: Type.Integer(),
            fineBlockPence: Type.Integer(),
            currency: Type.String({ description: 'ISO 4217 code of every amount' }),
            loans: Type.Array(Type.Intersect([LoanSchema, Type.Object({ overdue: Type.Boolean() })])),
            requests: Type.Array(RequestSchema),
          }),
        },
      },
    },
    async (request) => memberAtDesk(db(), principalOf(request).tenantId, today(), request.params.cardNumber),
  );
}

