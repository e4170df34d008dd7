import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authError } from '../errors.ts';
import type { Agent, Application } from '../model.ts';
import type { World } from '../world.ts';
import { param, type Query } from './query.ts';

type Fields = Record<string, unknown>;

/** Global auth (reference §2): token endpoint, JWKS and the two discovery documents. */
export function registerAuthRoutes(app: FastifyInstance, world: World, baseUrl: () => string): void {
  app.get('/.well-known/openid-configuration', async () => {
    const issuer = baseUrl();
    return {
      issuer,
      authorization_endpoint: `${issuer}/auth/authorize`,
      token_endpoint: `${issuer}/auth/token`,
      jwks_uri: `${issuer}/auth/jwks`,
      userinfo_endpoint: `${issuer}/auth/userinfo`,
      end_session_endpoint: `${issuer}/auth/authorize/logout`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'password', 'refresh_token', 'urn:ietf:params:oauth:grant-type:token-exchange'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: [String(world.tokens.publicJwk.alg)],
    };
  });

  app.get('/.well-known/cxone-configuration', async (request) => {
    const tenantId = param(request.query as Query, 'tenantId');
    if (!tenantId) throw authError(400, 'invalid_request', 'The tenantId query parameter is required.');
    const tenant = world.directory.tenants.get(tenantId);
    if (!tenant) throw authError(404, 'not_found', `Tenant ${tenantId} is not known.`);
    const base = baseUrl();
    return {
      private: false,
      area: 'em1',
      cluster: tenant.clusterId,
      domain: 'emulated.cxone',
      acdDomain: 'emulated.cxone',
      uhDomain: 'emulated.cxone',
      globaldomain: 'emulated.cxone',
      ui_endpoint: base,
      auth_endpoint: base,
      api_endpoint: base,
      tenantId,
    };
  });

  app.get('/auth/jwks', async () => ({ keys: [world.tokens.publicJwk] }));

  app.post('/auth/token', async (request) => {
    const body = (request.body ?? {}) as Fields;
    const client = authenticateClient(world, request, body);
    const grantType = str(body, 'grant_type');
    if (!grantType) throw authError(400, 'invalid_request', 'grant_type is required.');
    if (grantType === 'password') {
      const user = userForAccessKey(world, str(body, 'username'), str(body, 'password'));
      return issue(world, client, user);
    }
    if (grantType === 'refresh_token') {
      const token = str(body, 'refresh_token');
      if (!token) throw authError(400, 'invalid_request', 'refresh_token is required.');
      const holder = await world.tokens.redeemRefresh(token, client.clientId);
      const user = world.directory.anyAgent(holder.agentId);
      if (!user.isActive) throw authError(400, 'invalid_grant', 'The user of this refresh token is deactivated.');
      return issue(world, client, user);
    }
    throw authError(400, 'unsupported_grant_type', `grant_type "${grantType}" is not supported here; use password (access key) or refresh_token.`);
  });

  // The regional access-key token endpoint (no client registration).
  app.post('/authentication/v1/token/access-key', async (request) => {
    const body = (request.body ?? {}) as Fields;
    const user = userForAccessKey(world, str(body, 'accessKeyId'), str(body, 'accessKeySecret'));
    return world.tokens.issue(world.directory.tenant(user.tenantId), user, 'access-key');
  });

  // NICE's SDK (auth-sdk `cxone-auth.js`, core-sdk `REGIONAL_AUTH_TOKEN`) posts `{accessToken}` here
  // with `Authorization: Basic base64("<clientId>@cxone")` and reads the same token answer back:
  // a new token for the user of a valid access token.
  app.post('/public/authentication/v1/token', async (request) => {
    const body = (request.body ?? {}) as Fields;
    const clientId = sdkClientId(request);
    const application = clientId === undefined ? undefined : world.directory.applications.get(clientId);
    if (!application) throw authError(401, 'invalid_client', 'Authorization: Basic base64("<client id>@cxone") naming a registered application is required.');
    const accessToken = str(body, 'accessToken');
    if (!accessToken) throw authError(400, 'invalid_request', 'accessToken is required.');
    const holder = await world.tokens.verifyAccess(accessToken).catch(() => {
      throw authError(400, 'invalid_grant', 'The access token is invalid, expired or revoked.');
    });
    const user = world.directory.anyAgent(holder.agentId);
    if (!user.isActive) throw authError(400, 'invalid_grant', 'The user of this access token is deactivated.');
    return issue(world, application, user);
  });
}

/** The client id of the SDK's `Basic base64("<clientId>@cxone")` header (no secret). */
function sdkClientId(request: FastifyRequest): string | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!basic?.[1]) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  return decoded.replace(/@cxone$/, '').replace(/:.*$/, '') || undefined;
}

function str(body: Fields, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function authenticateClient(world: World, request: FastifyRequest, body: Fields): Application {
  let clientId = str(body, 'client_id');
  let clientSecret = str(body, 'client_secret');
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      clientId = safeDecode(decoded.slice(0, colon));
      clientSecret = safeDecode(decoded.slice(colon + 1));
    }
  }
  if (!clientId) throw authError(401, 'invalid_client', 'Client authentication is required (Basic auth or client_id/client_secret in the body).');
  const app = world.directory.applications.get(clientId);
  if (!app || app.clientSecret !== clientSecret) throw authError(401, 'invalid_client', 'Client authentication failed.');
  return app;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function userForAccessKey(world: World, accessKeyId: string | undefined, secret: string | undefined): Agent {
  if (!accessKeyId || !secret) throw authError(400, 'invalid_request', 'The access key id and secret are required.');
  const key = world.directory.accessKeys.get(accessKeyId);
  if (!key || key.accessKeySecret !== secret || !key.isActive) throw authError(400, 'invalid_grant', 'Invalid access key id or secret.');
  const user = world.directory.anyAgent(key.agentId);
  if (!user.isActive) throw authError(400, 'invalid_grant', 'The user of this access key is deactivated.');
  return user;
}

async function issue(world: World, client: Application, user: Agent) {
  if (client.tenantId !== null && client.tenantId !== user.tenantId) {
    throw authError(400, 'unauthorized_client', 'This application is not registered for the access key user\'s tenant.');
  }
  return world.tokens.issue(world.directory.tenant(user.tenantId), user, client.clientId);
}
