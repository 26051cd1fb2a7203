import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { PROGRAMME_EDITORS, SESSION_HELPERS } from './access.ts';
import { copyProgramme } from './programme-copy.ts';
import { addProgrammeBranch, createProgramme, getProgramme, listProgrammes, listSharedProgrammes, removeProgrammeBranch, removeTranslation, saveTranslation, updateProgramme } from './programmes.ts';
import { ScheduleSchema } from './session-routes.ts';
import { AUDIENCES } from './tables.ts';

const Language = Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$', maxLength: 35, description: 'Language code, e.g. en, ar, uk, ro, pl, prs, ps' });
const STATUSES = ['active', 'archived'] as const;
const IdAndName = Type.Object({ id: Uuid, name: Type.String() });

const TranslationSchema = Type.Object({ language: Type.String(), name: Type.String(), description: Type.String(), eligibilityNote: Nullable(Type.String()) });

export const ProgrammeSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  language: Type.String({ description: 'The language of name, description and eligibility note' }),
  audience: OneOf(AUDIENCES),
  womenOnly: Type.Boolean(),
  free: Type.Boolean(),
  bookingNeeded: Type.Boolean(),
  eligibilityNote: Nullable(Type.String()),
  suggestedDonationPence: Nullable(Type.Integer()),
  status: OneOf(STATUSES),
  shared: Type.Boolean({ description: 'Other library services may browse it and copy it as a template' }),
  copiedFromId: Nullable(Uuid),
  translations: Type.Array(TranslationSchema),
  branches: Type.Array(Type.Object({ id: Uuid, name: Type.String(), address: Nullable(Type.String()), addedAt: Instant })),
  partners: Type.Array(IdAndName),
  topics: Type.Array(IdAndName),
  schedules: Type.Array(ScheduleSchema),
});

const ProgrammeSummarySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  status: OneOf(STATUSES),
  womenOnly: Type.Boolean(),
  free: Type.Boolean(),
  bookingNeeded: Type.Boolean(),
  branches: Type.Array(IdAndName),
  nextSession: Nullable(Type.Object({ id: Uuid, startsAt: Instant, branchName: Type.String() })),
  languages: Type.Array(Type.String(), { description: 'Languages it is translated into' }),
});

const SharedProgrammeSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  libraryService: Type.Object({ name: Type.String() }),
  branchCount: Type.Integer(),
  topics: Type.Array(Type.String()),
});

const translationText = {
  name: NonEmpty(200),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  eligibilityNote: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
};

const IdList = Type.Array(Uuid, { maxItems: 100, uniqueItems: true });

const programmeFields = {
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  language: Type.Optional(Language),
  audience: Type.Optional(OneOf(AUDIENCES)),
  womenOnly: Type.Optional(Type.Boolean({ description: 'Shown as a badge; participants confirm it with a tick' })),
  free: Type.Optional(Type.Boolean()),
  bookingNeeded: Type.Optional(Type.Boolean()),
  eligibilityNote: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  suggestedDonationPence: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000 }))),
  shared: Type.Optional(Type.Boolean()),
  partnerOrganisationIds: Type.Optional(IdList),
  topicIds: Type.Optional(IdList),
  translations: Type.Optional(Type.Array(Body({ language: Language, ...translationText }), { maxItems: 20 })),
};

const PROGRAMME_ERRORS =
  'Errors: 409 `programme_name_taken`; 422 `branch_not_found`, `organisation_not_found`, `topic_not_found`, `translation_duplicated`, `translation_same_language`.';

const TranslationParams = Type.Object({ id: Uuid, language: Language });
const BranchParams = Type.Object({ id: Uuid, branchId: Uuid });

const tags = ['programmes'];
const editors = { access: PROGRAMME_EDITORS };
const helpers = { access: SESSION_HELPERS };

export function registerProgrammeRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;
  const today = () => hearth.clock.today();
  const ok = { 200: ProgrammeSchema };

  app.get(
    '/api/programmes',
    {
      config: helpers,
      schema: {
        tags,
        summary: 'List the library service’s programmes by name, each with its branches and next session',
        querystring: Type.Object({ status: Type.Optional(OneOf(STATUSES, 'All programmes unless given')) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(ProgrammeSummarySchema) }) },
      },
    },
    async (request) => listProgrammes(db(), principalOf(request).tenantId, today(), request.query.status),
  );

  app.post(
    '/api/programmes',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Create a programme, with the branches it runs at, its partners, topics and translations',
        description: PROGRAMME_ERRORS,
        body: Body({ name: NonEmpty(200), ...programmeFields, branchIds: Type.Optional(IdList) }),
        response: { 201: ProgrammeSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createProgramme(db(), actorFrom(request), request.body)),
  );

  app.get(
    '/api/programmes/shared',
    {
      config: helpers,
      schema: {
        tags,
        summary: 'Programmes other library services share, to copy as a template',
        response: { 200: Type.Object({ items: Type.Array(SharedProgrammeSchema) }) },
      },
    },
    async (request) => listSharedProgrammes(db(), principalOf(request).tenantId),
  );

  app.get(
    '/api/programmes/:id',
    { config: helpers, schema: { tags, summary: 'Read a programme with its translations, branches, partners, topics and schedules', params: IdParams, response: ok } },
    async (request) => getProgramme(db(), principalOf(request).tenantId, request.params.id),
  );

  app.patch(
    '/api/programmes/:id',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Change a programme; translations, partners or topics given replace the whole set (branches have their own routes)',
        description: PROGRAMME_ERRORS,
        params: IdParams,
        body: Body({ name: Type.Optional(NonEmpty(200)), ...programmeFields, status: Type.Optional(OneOf(STATUSES)) }),
        response: ok,
      },
    },
    async (request) => updateProgramme(db(), actorFrom(request), request.params.id, request.body),
  );

  app.put(
    '/api/programmes/:id/translations/:language',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Add or replace the programme’s text in one language',
        description: 'Errors: 422 `translation_same_language`.',
        params: TranslationParams,
        body: Body(translationText),
        response: ok,
      },
    },
    async (request) => saveTranslation(db(), actorFrom(request), request.params.id, { language: request.params.language, ...request.body }),
  );

  app.delete(
    '/api/programmes/:id/translations/:language',
    { config: editors, schema: { tags, summary: 'Remove the programme’s text in one language', params: TranslationParams, response: ok } },
    async (request) => removeTranslation(db(), actorFrom(request), request.params.id, request.params.language),
  );

  app.post(
    '/api/programmes/:id/branches',
    {
      config: editors,
      schema: {
        tags,
        summary: 'The programme starts running at one more branch',
        description: 'Errors: 409 `branch_already_in_programme`; 422 `branch_not_found`.',
        params: IdParams,
        body: Body({ branchId: Uuid }),
        response: { 201: ProgrammeSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await addProgrammeBranch(db(), actorFrom(request), request.params.id, request.body.branchId)),
  );

  app.delete(
    '/api/programmes/:id/branches/:branchId',
    {
      config: editors,
      schema: {
        tags,
        summary: 'The programme stops running at a branch',
        description: 'Errors: 409 `branch_has_sessions` while sessions are still to come there.',
        params: BranchParams,
        response: ok,
      },
    },
    async (request) => removeProgrammeBranch(db(), actorFrom(request), today(), request.params.id, request.params.branchId),
  );

  app.post(
    '/api/programmes/:id/copy',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Start a programme from one of the service’s own or another service’s shared programme',
        description:
          'Copies text, translations, eligibility, suggested donation and topics (from another service, topics are matched by name or copied with their resources). Never sessions, participants, or another service’s partners. Errors: 404 for another service’s programme it does not share; 409 `programme_name_taken`; 422 `branch_not_found`.',
        params: IdParams,
        body: Body({ name: NonEmpty(200), branchIds: Type.Optional(IdList) }),
        response: { 201: ProgrammeSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await copyProgramme(db(), actorFrom(request), request.params.id, request.body)),
  );
}
