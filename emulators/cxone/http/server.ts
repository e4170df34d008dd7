import Fastify, { type FastifyInstance } from 'fastify';
import { CxoneError } from '../errors.ts';
import type { World } from '../world.ts';
import { registerAccessKeyRoutes } from './access-key-routes.ts';
import { CANONICAL_API_PREFIX, canonicalApiUrl } from './api-path.ts';
import { registerAdapterRuleRoutes } from './adapter-rule-routes.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { registerCacheRoutes } from './cache-routes.ts';
import { registerControlRoutes } from './control-routes.ts';
import { registerDirectoryRoutes } from './directory-routes.ts';
import { applyFaults } from './fault-hook.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerStateRoutes } from './state-routes.ts';


export function buildServer(world: World, baseUrl: () => string, logger: boolean): FastifyInstance {
  const app = Fastify({ logger, forceCloseConnections: true, rewriteUrl: (req) => canonicalApiUrl(req.url ?? '/') });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  // CXone clients send JSON bodies, query parameters, or both; an empty JSON body is not an error.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new CxoneError(400, { error: 'InvalidRequest', error_description: 'The request body is not valid JSON.' }), undefined);
    }
  });

  const arrivedAt = new WeakMap<object, number>();
  app.addHook('onRequest', async (request, reply) => {
    const correlationId = request.headers['correlationid'];
    if (typeof correlationId === 'string') void reply.header('CorrelationId', correlationId);
    if (request.url.startsWith('/emulator/')) return;
    arrivedAt.set(request, world.now());
    await applyFaults(world, request, reply);
  });
  app.addHook('onResponse', async (request, reply) => {
    const at = arrivedAt.get(request);
    if (at === undefined) return;
    const [path = '', query = ''] = request.url.split('?');
    world.requests.add({ method: request.method, path, query, status: reply.statusCode, at });
  });

  app.setErrorHandler((error: unknown, _request, reply) => {
    if (error instanceof CxoneError) return reply.code(error.status).headers(error.headers).send(error.body);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ error: 'InvalidRequest', error_description: (error as Error).message });
    }
    return reply.code(500).send({ error: 'InternalError', error_description: (error as Error).message });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: 'NotFound', error_description: `No resource at ${request.method} ${request.url.split('?')[0]}.` });
  });

  registerAuthRoutes(app, world, baseUrl);
  registerAccessKeyRoutes(app, world);
  registerAdapterRuleRoutes(app, world);
  void app.register(
    async (api) => {
      api.addHook('preHandler', async (request) => {
        const { version } = request.params as { version?: string };
        if (!version || !/^v\d+\.0$/.test(version)) {
          throw new CxoneError(404, { error: 'NotFound', error_description: `Unknown API version "${version}"; use v<NN>.0.` });
        }
      });
      registerDirectoryRoutes(api, world);
      registerStateRoutes(api, world);
      registerCacheRoutes(api, world);
      registerSessionRoutes(api, world);
    },
    { prefix: `${CANONICAL_API_PREFIX}/:version` },
  );
  registerControlRoutes(app, world);
  return app;
}
