import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorFrom } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, IsoDate, ListOf, Nullable } from '../platform/http/schemas.ts';
import { caseworkerFrom, REFERRAL_CASEWORKERS } from './access.ts';
import { erasePerson, personViews, subjectAccessExport } from './privacy.ts';
import { privacyDocument, renderPrivacyPdf } from './privacy-pdf.ts';
import { purgeClosedReferrals } from './retention.ts';
import { OrganisationRefSchema } from './schemas.ts';

const tags = ['referrals'];
const base = '/api/referrals/people/:id';

const PersonViewSchema = Type.Object({
  at: Instant,
  actorName: Type.String(),
  organisation: Nullable(OrganisationRefSchema),
  action: Type.String({ description: 'The audit action, e.g. referral.story_viewed, referral.viewed, referral.subject_access_exported' }),
});

/** A DELETE (or a run) may come with no body at all: it reads as an empty one, so a missing reason is `reason_required`. */
const noBodyIsEmpty = async (request: FastifyRequest) => {
  request.body ??= {};
};

// Files named by id only: a download folder or a mail attachment is not a place for the person's name.
const fileName = (personId: string, extension: 'json' | 'pdf') => `warm-handover-${personId}.${extension}`;

/** The person's rights over their information: a copy, who has seen it, erasure; and the retention purge. */
export function registerReferralPrivacyRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;

  app.get(
    `${base}/export`,
    {
      config: { access: REFERRAL_CASEWORKERS },
      schema: {
        tags,
        summary: 'Everything held about the person, for a subject access request (JSON download)',
        description:
          'The person’s details, story, consents with the organisations they name, every referral of theirs on both sides with its timeline, and who has seen their information. Reading it is audited (`referral.story_viewed`, `referral.subject_access_exported`). Errors: 404 when the caller’s organisation may not see the person.',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const data = await subjectAccessExport(db(), await caseworkerFrom(db(), request), request.params.id, 'json', hearth.clock.now());
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(request.params.id, 'json')}"`)
        .header('cache-control', 'no-store')
        .send(JSON.stringify(data, null, 2));
    },
  );

  app.get(
    `${base}/export.pdf`,
    {
      config: { access: REFERRAL_CASEWORKERS },
      schema: {
        tags,
        summary: 'Everything held about the person as a document they can read (PDF download)',
        description: 'The same as the JSON export, with plain headings and dates in words. Audited as the JSON export is.',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const data = await subjectAccessExport(db(), await caseworkerFrom(db(), request), request.params.id, 'pdf', hearth.clock.now());
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileName(request.params.id, 'pdf')}"`)
        .header('cache-control', 'no-store')
        .send(await renderPrivacyPdf(privacyDocument(data)));
    },
  );

  app.get(
    `${base}/views`,
    {
      config: { access: REFERRAL_CASEWORKERS },
      schema: {
        tags,
        summary: 'Who has seen the person’s information, newest first',
        description: 'From the audit log: each read of their story, each opening of one of their referrals, each copy made, and who did it for which organisation.',
        params: IdParams,
        response: { 200: ListOf(PersonViewSchema) },
      },
    },
    async (request) => personViews(db(), await caseworkerFrom(db(), request), request.params.id),
  );

  app.delete(
    base,
    {
      config: { access: REFERRAL_CASEWORKERS },
      preValidation: noBodyIsEmpty,
      schema: {
        tags,
        summary: 'Erase the person everywhere: their details, story, consents and every referral of theirs',
        description:
          'Reaches every organisation they were referred to, in one go; each organisation involved is told by email, without personal data. Afterwards the person and their referrals are not found by anyone. The reason is kept in the audit log with the person’s name and contact detail struck out. Errors: 400 `reason_required`; 404 when the caller’s organisation may not see the person.',
        params: IdParams,
        body: Body({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await erasePerson(hearth, await caseworkerFrom(db(), request), request.params.id, request.body.reason);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/referrals/retention/run',
    {
      config: { access: ['admin'] },
      preValidation: noBodyIsEmpty,
      schema: {
        tags,
        summary: 'Delete referrals closed longer ago than the retention period, and people with nothing left',
        description:
          'What the nightly run does, for the admin’s own library service: referrals closed more than `HEARTH_REFERRAL_RETENTION_DAYS` days before `date` (now when left out), then people with no referral left whose record last changed that long ago. Running it again deletes nothing more.',
        body: Body({ date: Type.Optional(IsoDate) }),
        response: { 200: Type.Object({ purgedReferrals: Type.Integer({ minimum: 0 }), purgedPeople: Type.Integer({ minimum: 0 }) }) },
      },
    },
    async (request) => {
      const actor = actorFrom(request);
      const date = request.body.date;
      const now = date ? new Date(`${date}T00:00:00Z`) : hearth.clock.now();
      return purgeClosedReferrals(db(), actor.tenantId, now, hearth.config.referralRetentionDays, actor);
    },
  );
}
