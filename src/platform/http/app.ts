import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { registerAccessControl } from '../auth/access.ts';
import type { Hearth, HearthApp } from './app-types.ts';
import { registerErrorHandling, routeNotFound, sendProblem } from './errors.ts';
import { validatorCompiler } from './validation.ts';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web');
export const BODY_LIMIT_BYTES = 1024 * 1024;

export type RouteModule = (app: HearthApp) => void;

export interface AppOptions {
  /** Module route registrations, in order. */
  modules: RouteModule[];
  logger?: boolean;
}

export async function buildApp(hearth: Hearth, options: AppOptions): Promise<HearthApp> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: hearth.config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: hearth.config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as HearthApp;

  app.decorate('hearth', hearth);
  // The API speaks JSON only; anything else is answered 415 rather than parsed as text.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  await app.register(fastifyCookie);
  registerAccessControl(app, hearth.database, hearth.clock);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hearth API',
        version: '1.0.0',
        description:
          'The JSON API of Hearth, used by its own web app and by integrators. Sign in with a session cookie (writes carry X-CSRF-Token) or send `Authorization: Bearer <token>`. Errors are application/problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hearth_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true }, staticCSP: true });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Is the server up and its database reachable?',
        security: [],
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string', enum: ['ok'] }, database: { type: 'string', enum: ['pglite', 'postgres'] } },
            required: ['status', 'database'],
          },
        },
      },
    },
    async () => {
      await hearth.database.executeSql('select 1');
      return { status: 'ok' as const, database: hearth.database.engine };
    },
  );

  for (const register of options.modules) register(app);

  await serveWebApp(app);
  return app;
}

/** The built single-page app, with client-side routes falling back to index.html. */
async function serveWebApp(app: HearthApp) {
  const hasWebApp = existsSync(path.join(webRoot, 'index.html'));
  if (hasWebApp) {
    // Built assets carry a content hash in their names, so they can be cached for good.
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false, maxAge: '365d', immutable: true });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (hasWebApp && wantsPage) return reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0, immutable: false });
    return sendProblem(reply, routeNotFound(request.method, request.url));
  });
}
