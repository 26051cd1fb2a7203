import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { HearthApp } from '../platform/http/app-types.ts';
import { AppError } from '../platform/http/errors.ts';
import { findInvitation, registerInvitedNewcomer, throttleInvitationResponses } from './invitations.ts';
import { isPublicLanguage } from './public-languages.ts';
import { languageOf, PageQuery, pageRoute, programmeOrNull, sendPage } from './public-page-routes.ts';
import { invitationPage, notFoundPage, thankYouPage, type InvitationForm, type InvitationProblem, type PageContext } from './public-pages.ts';
import { programmeInvitedTo } from './public-store.ts';

/** A name and a few ticks fit many times over; anything larger is not a person answering the form. */
export const FORM_BODY_LIMIT = 4096;
const NO_STORE = 'no-store';
const CodeParams = Type.Object({ code: Type.String({ maxLength: 100 }) });
const emptyForm: InvitationForm = { preferredName: '', languages: [], contact: '', wantsCancellationNotices: false, eligibilityConfirmed: false };

function readForm(body: string): InvitationForm {
  const fields = new URLSearchParams(body);
  return {
    preferredName: (fields.get('preferredName') ?? '').trim().slice(0, 100),
    languages: fields.getAll('languages').filter(isPublicLanguage),
    contact: (fields.get('contact') ?? '').trim().slice(0, 200),
    wantsCancellationNotices: fields.get('wantsCancellationNotices') === 'yes',
    eligibilityConfirmed: fields.get('eligibilityConfirmed') === 'yes',
  };
}

function problemsWith(form: InvitationForm, womenOnly: boolean): InvitationProblem[] {
  const problems: InvitationProblem[] = [];
  if (!form.preferredName) problems.push('nameMissing');
  if (form.wantsCancellationNotices && !form.contact) problems.push('contactNeeded');
  if (womenOnly && !form.eligibilityConfirmed) problems.push('eligibilityMissing');
  return problems;
}

const invitationGone = (reply: FastifyReply, context: PageContext) => sendPage(reply, 404, notFoundPage(context, 'invitationGone'), NO_STORE);

/**
 * An ambassador's invitation link: the programme's page with a welcome and an "I'm coming" form.
 * The form posts as a plain HTML form, so it works without script; its route alone reads
 * url-encoded bodies, and only small ones.
 */
export function registerPublicInvitationRoutes(app: HearthApp) {
  const { hearth } = app;
  const throttle = throttleInvitationResponses(hearth.database, hearth.clock);

  app.get('/public/invitations/:code', { ...pageRoute, schema: { hide: true, params: CodeParams, querystring: PageQuery } }, async (request, reply) => {
    const context: PageContext = { language: languageOf(request), path: `/public/invitations/${encodeURIComponent(request.params.code)}` };
    const invitation = await findInvitation(hearth.database.db, request.params.code);
    const programme = invitation && (await programmeOrNull(app, invitation.programmeId, context));
    if (!programme) return invitationGone(reply, context);
    return sendPage(reply, 200, invitationPage(programme, context, request.params.code, emptyForm), NO_STORE);
  });

  app.register(async (scope) => {
    const forms = scope.withTypeProvider<TypeBoxTypeProvider>();
    forms.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => done(null, body));

    forms.post(
      '/public/invitations/:code',
      { ...pageRoute, bodyLimit: FORM_BODY_LIMIT, schema: { hide: true, params: CodeParams, querystring: PageQuery } },
      async (request, reply) => {
        const { code } = request.params;
        const context: PageContext = { language: languageOf(request), path: `/public/invitations/${encodeURIComponent(code)}` };
        const programmeId = await programmeInvitedTo(hearth.database.db, code);
        const programme = programmeId && (await programmeOrNull(app, programmeId, context));
        if (!programme) return invitationGone(reply, context);
        const form = readForm(typeof request.body === 'string' ? request.body : '');
        const answer = (status: number, problems: InvitationProblem[]) => sendPage(reply, status, invitationPage(programme, context, code, form, problems), NO_STORE);
        try {
          await throttle.call(app, request, reply);
        } catch (error) {
          if (error instanceof AppError && error.status === 429) return answer(429, ['tooManyReplies']);
          throw error;
        }
        const problems = problemsWith(form, programme.badges.womenOnly);
        if (problems.length > 0) return answer(422, problems);
        try {
          await registerInvitedNewcomer(hearth.database.db, code, { ...form, contact: form.contact || null, noticeLanguage: context.language });
        } catch (error) {
          if (error instanceof AppError && error.code === 'invitation_not_found') return invitationGone(reply, context);
          throw error;
        }
        return sendPage(reply, 200, thankYouPage(programme, context), NO_STORE);
      },
    );
  });
}
