import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomToken } from './ids.ts';
import { EmulatorControl } from './control/control.ts';
import { registerControlRoutes } from './control/routes.ts';
import { ConsoleControl } from './console/console-control.ts';
import { registerConsoleRoutes } from './console/console-routes.ts';
import type { FaultAction } from './control/faults.ts';
import { bearerToken, hostOf, issuedOrg, requestHost, sendSfError } from './http.ts';
import { splitHost } from './login-host.ts';
import { registerOAuthRoutes } from './oauth/routes.ts';
import { registerSoapLogin } from './oauth/soap-login.ts';
import { authenticate, limitInfo } from './rest/context.ts';
import { registerLimitsRoutes, registerVersionRoutes } from './rest/limits.ts';
import { registerQueryRoutes } from './rest/query.ts';
import { registerResourceRoutes } from './rest/resources.ts';
import { registerSObjectRoutes } from './rest/sobjects.ts';
import { registerReplicationRoutes } from './rest/replication.ts';
import { registerCompositeRoutes } from './rest/composite.ts';
import { registerMetadataRoutes } from './metadata/routes.ts';
import type { OrgSeed } from './seed.ts';
import { World } from './world.ts';

export interface SalesforceEmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Orgs to create at start (more can be added through `control.seedOrg`). */
  orgs?: OrgSeed[];
  /** Clock in epoch milliseconds (default Date.now); `control.advanceClock` adds to it. */
  now?: () => number;
  /** Fastify request logging (default off). */
  logger?: boolean;
}

export interface SalesforceEmulator {
  /** http://127.0.0.1:<port> — login hosts are `${url}/login`, `${url}/test`, `${url}/my/<myDomain>`. */
  url: string;
  control: EmulatorControl;
  /** The agents' consoles, connected to a hub's bridge (also over HTTP under /emulator/orgs/{org}/consoles). */
  consoles: ConsoleControl;
  close(): Promise<void>;
}

function defaultFaultBody(status: number): unknown {
  if (status === 503) return [{ message: 'Server is temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }];
  if (status === 429) return [{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }];
  if (status === 500) return [{ message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)', errorCode: 'UNKNOWN_EXCEPTION' }];
  return [{ message: `HTTP ${status}`, errorCode: 'UNKNOWN_EXCEPTION' }];
}

async function applyFaults(world: World, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.url.startsWith('/services/') && !request.url.startsWith('/id/')) return;
  const token = bearerToken(request) ?? (/<sessionId>([^<]+)<\/sessionId>/.exec(typeof request.body === 'string' ? request.body : '')?.[1]);
  const session = token ? world.sessions.peek(token) : undefined;
  const actions: FaultAction[] = world.faults.take({ method: request.method, path: request.url, ...(session ? { orgId: session.orgId } : {}) });
  for (const a of actions) {
    switch (a.kind) {
      case 'latency':
        await sleep(a.ms);
        break;
      case 'expireSession':
        if (token) world.sessions.revoke(token);
        break;
      case 'revokeOrgSessions':
        if (session) world.sessions.revokeWhere((s) => s.orgId === session.orgId, a.includeRefresh ?? false);
        break;
      case 'requestLimitExceeded': {
        const org = session ? world.orgs.get(session.orgId) : undefined;
        if (org) reply.header('sforce-limit-info', limitInfo(org));
        await sendSfError(reply, 403, 'REQUEST_LIMIT_EXCEEDED', a.message ?? 'TotalRequests Limit exceeded.');
        return;
      }
      case 'http':
        if (a.retryAfterSeconds !== undefined) reply.header('retry-after', String(a.retryAfterSeconds));
        await reply.code(a.status).type('application/json;charset=UTF-8').send(a.body ?? defaultFaultBody(a.status));
        return;
    }
  }
}

/** The org a request concerned: from its bearer or SOAP session, else from the access token it was given. */
function orgOfExchange(world: World, request: FastifyRequest): { orgId?: string } {
  const token = bearerToken(request) ?? (/<sessionId>([^<]+)<\/sessionId>/.exec(typeof request.body === 'string' ? request.body : '')?.[1]);
  const session = token ? world.sessions.peek(token) : undefined;
  if (session) return { orgId: session.orgId };
  const issued = issuedOrg.get(request);
  return issued ? { orgId: issued } : {};
}

function buildApp(world: World, logger: boolean): { app: FastifyInstance; control: EmulatorControl; consoles: ConsoleControl } {
  const app = Fastify({
    logger,
    // Salesforce answers `/services/data/v62.0/` and `/query/?q=` like the paths without the slash.
    routerOptions: { ignoreTrailingSlash: true },
    rewriteUrl(req) {
      const { host, rest } = splitHost(req.url ?? '/');
      hostOf.set(req, host);
      return rest;
    },
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addContentTypeParser(['text/xml', 'application/xml', 'application/soap+xml'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addHook('preHandler', (request, reply) => applyFaults(world, request, reply));
  app.addHook('onResponse', async (request, reply) => {
    if (request.url.startsWith('/emulator/')) return;
    world.requests.add({
      at: world.now(), method: request.method, path: request.url, host: requestHost(request).kind, status: reply.statusCode,
      ...orgOfExchange(world, request),
    });
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/services/data')) return sendSfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
    return reply.code(404).type('text/plain; charset=utf-8').send('Not Found');
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    if (!request.url.startsWith('/services/')) return reply.code(error.statusCode ?? 500).send({ error: error.message });
    if ((error.statusCode ?? 500) < 500) return sendSfError(reply, 400, 'JSON_PARSER_ERROR', error.message);
    request.log.error(error);
    return sendSfError(reply, 500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)');
  });

  const internalMarker = randomToken(32);
  registerOAuthRoutes(app, world);
  registerSoapLogin(app, world);
  registerVersionRoutes(app);
  app.register(async (api) => {
    api.addHook('preHandler', authenticate(world, internalMarker));
    registerResourceRoutes(api);
    registerQueryRoutes(api, world);
    registerSObjectRoutes(api);
    registerReplicationRoutes(api);
    registerCompositeRoutes(api, internalMarker);
    registerLimitsRoutes(api, world);
  });
  registerMetadataRoutes(app, world);
  const control = new EmulatorControl(world);
  registerControlRoutes(app, control, () => [...world.orgs.keys()]);
  const consoles = new ConsoleControl(control);
  registerConsoleRoutes(app, consoles);
  app.addHook('onClose', async () => consoles.closeAll());
  return { app, control, consoles };
}

/** Starts a stateful Salesforce emulator on 127.0.0.1. */
export async function createSalesforceEmulator(options: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  const world = new World(options.now ?? Date.now);
  const { app, control, consoles } = buildApp(world, options.logger ?? false);
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  world.baseUrl = `http://127.0.0.1:${port}`;
  for (const seed of options.orgs ?? []) control.seedOrg(seed);
  return { url: world.baseUrl, control, consoles, close: () => app.close() };
}
