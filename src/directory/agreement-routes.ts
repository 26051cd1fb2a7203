import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, ListOf, NonEmpty, Uuid } from '../platform/http/schemas.ts';
import { AGREEMENT_SIGNERS, DIRECTORY_READERS, editorFrom } from './access.ts';
import { acceptAgreement, listAgreements, publishAgreement } from './agreements.ts';

const AgreementSchema = Type.Object({
  id: Uuid,
  partnershipId: Uuid,
  version: Type.String(),
  body: Type.String(),
  publishedAt: Instant,
  current: Type.Boolean({ description: 'The latest version, the only one that can be accepted' }),
  acceptances: Type.Array(Type.Object({ organisation: Type.Object({ id: Uuid, name: Type.String() }), acceptedAt: Instant, acceptedByName: Type.String() })),
});

const tags = ['organisation'];
const base = '/api/partnerships/:id/agreements';

export function registerAgreementRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;

  app.post(
    base,
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Publish a version of the partnership’s data-sharing agreement',
        description: 'The new version becomes the current one; organisations join by accepting it. Errors: 409 `agreement_version_exists`.',
        params: IdParams,
        body: Body({ version: NonEmpty(40), body: NonEmpty(100_000) }),
        response: { 201: AgreementSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await publishAgreement(db(), actorFrom(request), request.params.id, request.body)),
  );

  app.get(
    base,
    { config: { access: DIRECTORY_READERS }, schema: { tags, summary: 'The partnership’s agreements, the current first, with who accepted each', params: IdParams, response: { 200: ListOf(AgreementSchema) } } },
    async (request) => listAgreements(db(), principalOf(request).tenantId, request.params.id),
  );

  app.post(
    `${base}/:agreementId/accept`,
    {
      config: { access: AGREEMENT_SIGNERS },
      schema: {
        tags,
        summary: 'Accept the current agreement for an organisation, which joins the partnership',
        description:
          'A partner caseworker accepts for her own organisation (organisationId may be left out); an administrator names the organisation. Errors: 403 `not_your_organisation`; 409 `agreement_superseded` (an older version), `agreement_already_accepted`; 422 `organisation_required`.',
        params: Type.Object({ id: Uuid, agreementId: Uuid }),
        body: Body({ organisationId: Type.Optional(Type.String({ format: 'uuid' })) }),
        response: { 201: AgreementSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await acceptAgreement(db(), editorFrom(request), request.params.id, request.params.agreementId, request.body.organisationId)),
  );
}
