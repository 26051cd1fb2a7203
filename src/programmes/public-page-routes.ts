import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { HearthApp } from '../platform/http/app-types.ts';
import { AppError } from '../platform/http/errors.ts';
import { chooseLanguage } from './public-languages.ts';
import { notFoundPage, PAGE_POLICY, programmePage, programmesPage, type PageContext } from './public-pages.ts';
import { publicProgramme, publicProgrammes, type PublicProgramme } from './public-programmes.ts';
import { PUBLIC_CACHE } from './public-routes.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string | undefined): value is string => value !== undefined && UUID.test(value);

/** Anything may arrive in a typed-in address: unknown values are ignored or answered with the not-found page, never a problem document. */
export const PageQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 20 })),
  service: Type.Optional(Type.String({ maxLength: 100 })),
  branchId: Type.Optional(Type.String({ maxLength: 100 })),
});
export const pageRoute = { config: { access: 'public' as const } };

export const languageOf = (request: FastifyRequest & { query: { lang?: string } }) => chooseLanguage(request.query.lang, request.headers['accept-language']);

export function sendPage(reply: FastifyReply, status: number, html: string, cache = PUBLIC_CACHE) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', cache).header('content-security-policy', PAGE_POLICY).header('vary', 'accept-language').send(html);
}

/** The programme, or null when it is unknown, archived or the id is not one. */
export async function programmeOrNull(app: HearthApp, id: string, context: PageContext): Promise<PublicProgramme | null> {
  if (!isUuid(id)) return null;
  try {
    return await publicProgramme(app.hearth, id, context.language);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

/** Server-rendered programme pages for the public, under /public so the web app's fallback leaves them be. */
export function registerPublicPageRoutes(app: HearthApp) {
  app.get('/public/programmes', { ...pageRoute, schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const { service, branchId } = request.query;
    const context: PageContext = { language: languageOf(request), path: '/public/programmes', keep: { service, branchId } };
    if (branchId !== undefined && !isUuid(branchId)) return sendPage(reply, 404, notFoundPage(context));
    const listing = await publicProgrammes(app.hearth, context.language, { serviceSlug: service, branchId });
    return sendPage(reply, 200, programmesPage(listing.items, context));
  });

  app.get('/public/programmes/:id', { ...pageRoute, schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 100 }) }), querystring: PageQuery } }, async (request, reply) => {
    const context: PageContext = { language: languageOf(request), path: `/public/programmes/${encodeURIComponent(request.params.id)}` };
    const programme = await programmeOrNull(app, request.params.id, context);
    if (!programme) return sendPage(reply, 404, notFoundPage(context));
    return sendPage(reply, 200, programmePage(programme, context));
  });
}
