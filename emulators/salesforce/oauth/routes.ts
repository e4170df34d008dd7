import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, formParams, issuedOrg, requestHost } from '../http.ts';
import type { World } from '../world.ts';
import { handleAuthorize } from './authorize.ts';
import { identityBody, userInfoBody } from './identity.ts';
import type { Session } from './sessions.ts';
import { handleToken } from './token.ts';

function queryParams(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

function badToken(reply: FastifyReply): FastifyReply {
  return reply.code(403).type('text/plain; charset=utf-8').send('Bad_OAuth_Token');
}

function liveSession(world: World, request: FastifyRequest): Session | undefined {
  const token = bearerToken(request);
  if (!token) return undefined;
  const found = world.sessions.use(token);
  return found.ok ? found.session : undefined;
}

function isLoginHost(request: FastifyRequest): boolean {
  return requestHost(request).kind !== 'none';
}

/** OAuth endpoints and the identity service, served on every login host. */
export function registerOAuthRoutes(app: FastifyInstance, world: World): void {
  app.post('/services/oauth2/token', async (request, reply) => {
    if (!isLoginHost(request)) return reply.code(404).send('Not Found');
    const result = await handleToken({ world, host: requestHost(request), ip: request.ip }, formParams(request));
    const orgId = result.body.access_token ? world.sessions.peek(result.body.access_token)?.orgId : undefined;
    if (orgId) issuedOrg.set(request, orgId);
    return reply.code(result.status).header('cache-control', 'no-cache,must-revalidate,max-age=0,no-store,private').send(result.body);
  });

  app.get('/services/oauth2/authorize', (request, reply) => {
    if (!isLoginHost(request)) return reply.code(404).send('Not Found');
    return handleAuthorize(world, requestHost(request), reply, queryParams(request), false);
  });

  app.post('/services/oauth2/authorize', (request, reply) => {
    if (!isLoginHost(request)) return reply.code(404).send('Not Found');
    return handleAuthorize(world, requestHost(request), reply, { ...queryParams(request), ...formParams(request) }, true);
  });

  const revoke = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const token = formParams(request).token ?? queryParams(request).token;
    if (!token || !world.sessions.revoke(token)) {
      return reply.code(400).send({ error: 'unsupported_token_type', error_description: 'this token type is not supported' });
    }
    return reply.code(200).send();
  };
  app.post('/services/oauth2/revoke', revoke);
  app.get('/services/oauth2/revoke', revoke);

  const userinfo = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const session = liveSession(world, request);
    const org = session ? world.orgs.get(session.orgId) : undefined;
    if (!session || !org) return badToken(reply);
    return reply.send(userInfoBody(world, org, session));
  };
  app.get('/services/oauth2/userinfo', userinfo);
  app.post('/services/oauth2/userinfo', userinfo);

  app.get<{ Params: { orgId: string; userId: string } }>('/id/:orgId/:userId', (request, reply) => {
    const session = liveSession(world, request);
    const org = session ? world.orgs.get(session.orgId) : undefined;
    if (!session || !org) return badToken(reply);
    const { orgId, userId } = request.params;
    if (orgId.slice(0, 15) !== org.id15 || userId.slice(0, 15) !== session.userId.slice(0, 15)) {
      return reply.code(403).type('text/plain; charset=utf-8').send('Bad_Id');
    }
    return reply.send(identityBody(world, org, session));
  });
}
