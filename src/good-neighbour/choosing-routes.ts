import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, IsoDate, ListOf, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { FORMATS } from '../catalogue/tables.ts';
import { REQUEST_STATUSES } from '../circulation/tables.ts';
import { largePrintListFor } from './large-print.ts';
import { arrangementReader, getProfile, saveProfile } from './profiles.ts';
import { addSelectionItem, cancelSelection, createSelection, getSelection, listSelections, markSelectionCollected, removeSelectionItem } from './selections.ts';
import { REASON_KINDS, suggestFor } from './suggestions.ts';

const staff = { access: ['admin', 'branch_staff', 'outreach'] as const };
const tags = ['good-neighbour'];

const Phrase = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const Phrases = (description: string) => Type.Array(Phrase, { maxItems: 30, description });
const LanguageCode = Type.String({ pattern: '^[a-z]{3}$', description: 'MARC language code (ISO 639-2/B), e.g. eng, ara, pol' });

const ProfileSchema = Type.Object({
  readerId: Uuid,
  subjects: Type.Array(Type.String()),
  authors: Type.Array(Type.String()),
  avoid: Type.Array(Type.String()),
  formats: Type.Array(OneOf(FORMATS)),
  languages: Type.Array(Type.String()),
  notes: Nullable(Type.String()),
  useHistory: Type.Boolean(),
  historyConsent: Type.Boolean({ description: 'The reader agreed to the library keeping their reading history; only then may useHistory be set' }),
  updatedAt: Nullable(Instant),
});

const ProfileBody = Body(
  {
    subjects: Type.Optional(Phrases('Subjects and genres they enjoy, e.g. crime, gardening')),
    authors: Type.Optional(Phrases('Authors they like')),
    avoid: Type.Optional(Phrases('Subjects, genres or authors never to suggest')),
    formats: Type.Optional(Type.Array(OneOf(FORMATS), { maxItems: FORMATS.length, uniqueItems: true })),
    languages: Type.Optional(Type.Array(LanguageCode, { maxItems: 10, uniqueItems: true })),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    useHistory: Type.Optional(Type.Boolean({ description: 'Let what they have read guide suggestions; needs their consent to keeping a history' })),
  },
  'The whole profile: a field left out is cleared',
);

/** What staff and the neighbour portal alike show of a suggested title. */
export const suggestedTitleFields = {
  recordId: Uuid,
  title: Type.String(),
  authors: Type.Array(Type.String()),
  format: OneOf(FORMATS),
  language: Nullable(Type.String()),
  coverUrl: Nullable(Type.String()),
  summary: Nullable(Type.String()),
};

const SuggestionSchema = Type.Object({
  ...suggestedTitleFields,
  availableCopies: Type.Integer({ description: 'Copies on the shelf at the branch now' }),
  score: Type.Integer(),
  reasons: Type.Array(Type.Object({ kind: OneOf(REASON_KINDS), value: Type.String({ description: 'The format or language code, or the author or subject matched' }) })),
});

const SuggestionsSchema = Type.Object({
  branchId: Uuid,
  usedHistory: Type.Boolean(),
  items: Type.Array(SuggestionSchema),
});

const SelectionSchema = Type.Object({
  id: Uuid,
  arrangementId: Uuid,
  forVisit: Nullable(IsoDate),
  pickupBranch: Type.Object({ id: Uuid, name: Type.String() }),
  status: OneOf(['open', 'collected', 'cancelled'] as const),
  createdAt: Instant,
  createdByKind: OneOf(['staff', 'neighbour'] as const),
  collectedAt: Nullable(Instant),
  items: Type.Array(
    Type.Object({
      recordId: Uuid,
      title: Type.String(),
      authors: Type.Array(Type.String()),
      format: OneOf(FORMATS),
      coverUrl: Nullable(Type.String()),
      addedAt: Instant,
      requestId: Nullable(Uuid),
      requestStatus: Nullable(OneOf(REQUEST_STATUSES)),
      holdUntil: Nullable(IsoDate),
    }),
  ),
});

const SelectionParams = Type.Object({ id: Uuid, selectionId: Uuid });
const SelectionItemParams = Type.Object({ id: Uuid, selectionId: Uuid, recordId: Uuid });

export function registerChoosingRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;
  const today = () => hearth.clock.today();
  const base = '/api/good-neighbour/arrangements/:id';

  app.get(
    `${base}/profile`,
    { config: staff, schema: { tags, summary: 'The reader’s reading profile', params: IdParams, response: { 200: ProfileSchema } } },
    async (request) => getProfile(db(), principalOf(request).tenantId, request.params.id),
  );

  app.put(
    `${base}/profile`,
    {
      config: staff,
      schema: {
        tags,
        summary: 'Replace the reader’s reading profile',
        description: 'Errors: 409 `arrangement_ended`; 422 `history_consent_required` when useHistory is asked for but the reader keeps no reading history.',
        params: IdParams,
        body: ProfileBody,
        response: { 200: ProfileSchema },
      },
    },
    async (request) => saveProfile(db(), actorFrom(request), request.params.id, request.body),
  );

  app.get(
    `${base}/suggestions`,
    {
      config: staff,
      schema: {
        tags,
        summary: 'Titles on the shelf now that match the reader’s profile, best first, each with its reasons',
        description:
          'Never a title the reader has read, has on loan, has requested or has in an open selection, nor one matching what they avoid. `branchId` defaults to the first active neighbour’s branch, else the reader’s home branch. Errors: 404 `branch_not_found`.',
        params: IdParams,
        querystring: Type.Object({ branchId: Type.Optional(Uuid), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })) }, { additionalProperties: false }),
        response: { 200: SuggestionsSchema },
      },
    },
    async (request) => {
      const actor = actorFrom(request);
      const arrangement = await arrangementReader(db(), actor.tenantId, request.params.id);
      const suggestions = await suggestFor(db(), actor.tenantId, { readerId: arrangement.reader_id, branchId: request.query.branchId, limit: request.query.limit ?? 20 });
      // Suggestions guided by what the reader has read reveal some of it.
      if (suggestions.usedHistory) {
        await recordAudit(db(), actor, {
          action: 'good_neighbour.suggestions_viewed',
          entityType: 'member',
          entityId: arrangement.reader_id,
          details: { arrangementId: arrangement.id, branchId: suggestions.branchId, fromHistory: suggestions.items.filter((item) => item.reasons.some((reason) => reason.kind.startsWith('history_'))).length },
        });
      }
      return suggestions;
    },
  );

  app.get(
    `${base}/selections`,
    {
      config: staff,
      schema: {
        tags,
        summary: 'Selections for the reader, newest first, with their titles',
        params: IdParams,
        querystring: Type.Object({ status: Type.Optional(OneOf(['open', 'collected', 'cancelled'] as const)) }, { additionalProperties: false }),
        response: { 200: ListOf(SelectionSchema) },
      },
    },
    async (request) => ({ items: await listSelections(db(), principalOf(request).tenantId, request.params.id, { status: request.query.status, limit: 20 }) }),
  );

  app.post(
    `${base}/selections`,
    {
      config: staff,
      schema: {
        tags,
        summary: 'Start a selection of titles to be collected on a visit',
        description:
          'forVisit defaults to the earliest next visit of the reader’s neighbours, pickupBranchId to the first active neighbour’s branch, else the reader’s home branch. Errors: 404 `branch_not_found`; 409 `arrangement_ended`, `selection_exists`; 422 `visit_in_past`.',
        params: IdParams,
        body: Type.Optional(Body({ pickupBranchId: Type.Optional(Uuid), forVisit: Type.Optional(Nullable(IsoDate)) })),
        response: { 201: SelectionSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createSelection(db(), actorFrom(request), today(), request.params.id, request.body ?? {})),
  );

  app.get(
    `${base}/selections/:selectionId`,
    { config: staff, schema: { tags, summary: 'A selection with its titles', params: SelectionParams, response: { 200: SelectionSchema } } },
    async (request) => getSelection(db(), principalOf(request).tenantId, request.params.id, request.params.selectionId),
  );

  app.post(
    `${base}/selections/:selectionId/items`,
    {
      config: staff,
      schema: {
        tags,
        summary: 'Add a title: a free request for the reader, put straight on the hold shelf when a copy is on the pickup branch’s shelf',
        description:
          'A copy held this way waits until at least the visit. Errors: 404 `record_not_found`; 409 `already_read`, `already_selected`, `already_requested`, `selection_closed`, `arrangement_ended`, `member_blocked`, `member_expired`.',
        params: SelectionParams,
        body: Body({ recordId: Uuid }),
        response: { 201: SelectionSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addSelectionItem(db(), actorFrom(request), today(), request.params.id, request.params.selectionId, request.body.recordId)),
  );

  app.delete(
    `${base}/selections/:selectionId/items/:recordId`,
    {
      config: staff,
      schema: { tags, summary: 'Take a title out of the selection and cancel its request', description: 'Errors: 409 `selection_closed`.', params: SelectionItemParams, response: { 200: SelectionSchema } },
    },
    async (request) => removeSelectionItem(db(), actorFrom(request), today(), request.params.id, request.params.selectionId, request.params.recordId),
  );

  app.post(
    `${base}/selections/:selectionId/cancel`,
    {
      config: staff,
      schema: { tags, summary: 'Cancel the selection and every request it placed', description: 'Errors: 409 `selection_closed`.', params: SelectionParams, body: Type.Optional(Body({})), response: { 200: SelectionSchema } },
    },
    async (request) => cancelSelection(db(), actorFrom(request), today(), request.params.id, request.params.selectionId),
  );

  app.post(
    `${base}/selections/:selectionId/collected`,
    {
      config: staff,
      schema: {
        tags,
        summary: 'Say the neighbour has taken the selection',
        description:
          'Lending every held copy to the reader marks a selection collected by itself; this is for the other times, such as a chosen title lent from the open shelf. Titles still waiting for a copy stay requested. Errors: 409 `copies_on_hold_shelf` (lend them or take them out first), `selection_empty`, `selection_closed`, `arrangement_ended`.',
        params: SelectionParams,
        body: Type.Optional(Body({})),
        response: { 200: SelectionSchema },
      },
    },
    async (request) => markSelectionCollected(db(), actorFrom(request), request.params.id, request.params.selectionId),
  );

  app.get(
    `${base}/large-print.pdf`,
    {
      config: staff,
      schema: {
        tags,
        summary: 'A large-print list for the reader (PDF): what they have, when each is due, anything still to find at home, and the next visit',
        params: IdParams,
      },
    },
    async (request, reply) =>
      reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="large-print-list.pdf"')
        .header('cache-control', 'no-store')
        .send(await largePrintListFor(db(), actorFrom(request), today(), request.params.id)),
  );
}
