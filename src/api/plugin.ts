import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createAuthenticator } from './auth/authenticator.ts';
import type { Principal } from './auth/principal.ts';
import { actorOf } from './auth/principal.ts';
import type { AdminApiDeps, ApiClock } from './deps.ts';
import { docsPage } from './docs-page.ts';
import { ApiError } from './errors.ts';
import { errorHandler } from './error-handler.ts';
import { createIdempotency } from './idempotency.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { MERGE_PATCH, RouteRegistry, type AnyRoute, type AuditNote } from './route.ts';
import { registerHealth } from './routes/health-routes.ts';
import { ROUTE_MODULES } from './routes/index.ts';
import { tenantLookup, type ApiServices } from './services.ts';
import type { FastifyRequest } from 'fastify';

export const API_PREFIX = '/api/v1';
export const API_VERSION = '1.0.0';

/** Declares every route of the admin API (without mounting them): the OpenAPI document and the tests read it. */
export function declareRoutes(services: Omit<ApiServices, 'routes'>): RouteRegistry {
  const routes = new RouteRegistry();
  for (const module of ROUTE_MODULES) module({ ...services, routes });
  return routes;
}

/**
 * Registers the admin API on the hub's fastify instance: `/api/v1/*`, `/api/openapi.json`,
 * `/api/docs`, `/healthz` and `/readyz`. The database must be migrated (`migrateToLatest`, as the hub's start
 * and `presence-sync migrate` do): without the principal tables this fails with PSYNC_API_SCHEMA_MISSING.
 */
export async function registerAdminApi(app: FastifyInstance, deps: AdminApiDeps): Promise<RouteRegistry> {
  await deps.principals.checkSchema();
  const clock: ApiClock = deps.clock ?? { now: () => Date.now() };
  const auth = createAuthenticator(deps.principals, clock, deps.security);
  const base = { deps, store: deps.store, principals: deps.principals, clock, newId: deps.newId ?? randomUUID, auth, requireTenant: tenantLookup(deps.store) };
  const registry = declareRoutes(base);
  const idempotent = createIdempotency(deps.principals, () => clock.now());
  const document = buildOpenApiDocument(registry.routes, { version: API_VERSION, prefix: API_PREFIX });

  async function audit(principal: Principal, route: AnyRoute, request: FastifyRequest, note: AuditNote | undefined, failed = false): Promise<void> {
    const params = (request.params ?? {}) as Record<string, string>;
    await deps.store.audit.append({
      tenantId: note?.tenantId ?? params.tenantId ?? '_hub',
      agentId: note?.agentId ?? params.agentId ?? null,
      kind: 'admin',
      outcome: `${route.auditAction ?? 'admin'}${failed ? '.failed' : ''}`,
      explanation: `${principal.kind === 'token' ? 'API token' : 'User'} ${principal.name}: ${note?.explanation ?? route.summary}`,
      details: { actor: actorOf(principal), route: `${route.method} ${route.path}`, params, ...(note?.details ?? {}) },
    });
  }

  await app.register(
    async (scope) => {
      scope.setErrorHandler(errorHandler(deps.logger));
      // The API speaks JSON only: a text body is refused (415) rather than validated as a string.
      scope.removeContentTypeParser('text/plain');
      // A JSON merge patch (PATCH of a rule) is JSON.
      scope.addContentTypeParser(MERGE_PATCH, { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
      scope.setNotFoundHandler((request, reply) => {
        const error = new ApiError(404, 'PSYNC_ROUTE_NOT_FOUND', `There is no ${request.method} ${request.url.split('?')[0]}. See /api/docs for the routes.`);
        return reply.code(404).send({ code: error.code, message: error.message, details: {} });
      });
      scope.addHook('onSend', async (_request, reply, payload) => {
        void reply.header('Cache-Control', 'no-store');
        return payload;
      });
      registry.mount(scope, { authorize: (request, access, mutating) => auth.authorize(request, access, mutating), idempotent, audit });
    },
    { prefix: API_PREFIX },
  );

  app.get('/api/openapi.json', async (_request, reply) => reply.header('X-Content-Type-Options', 'nosniff').send(document));
  app.get('/api/docs', async (_request, reply) => {
    const nonce = randomBytes(16).toString('base64');
    return reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'`)
      .send(docsPage(nonce));
  });
  if (deps.serveHealth !== false) registerHealth(app, deps);
  return registry;
}
