/**
 * "Connect to Salesforce", the web-server flow: the console asks for the authorize URL of a mapping
 * and sends the administrator's browser there; Salesforce sends it back to the callback, which
 * exchanges the code for a refresh token, runs Map and register with it and stores it encrypted.
 * Then the browser lands on the console's account mapping page, which shows the outcome.
 */
import { endpointGuard } from '../endpoint-guard.ts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readCookies, serializeCookie } from '../auth/cookies.ts';
import { randomToken, sameSecret, sha256 } from '../auth/secrets.ts';
import { ApiError, notFound } from '../errors.ts';
import { mappingParams } from '../schemas/account-mappings.ts';
import { connectStatesOf, CONNECT_STATE_TTL_MS } from '../salesforce-connect-states.ts';
import type { ApiServices } from '../services.ts';
import { completeConnect } from './salesforce-callback.ts';

const START_PATH = '/tenants/:tenantId/account-mappings/:mappingId/salesforce-authorization';
const CALLBACK_PATH = '/salesforce/oauth/callback';
/** Ties an attempt to the browser that started it; Lax, so that it comes back with Salesforce's redirect. */
export const BINDING_COOKIE = 'psync_sf_connect';

const startResponse = z.object({
  authorizeUrl: z.string().describe("Send the administrator's browser here (Salesforce's login and approval page)."),
  callbackUrl: z.string().describe("The hub's callback URL: the connected app's Callback URL must be exactly this."),
  expiresAt: z.number().int().describe('Epoch ms: the attempt ends then (ten minutes).'),
});

/**
 * Where Salesforce sends the browser back: the configured public URL; without one, the origin the
 * console posted from (checked against the allowed origins already), else the address the hub sees.
 */
function callbackOrigin(s: ApiServices, request: FastifyRequest): string {
  if (s.deps.publicUrl !== undefined) return s.deps.publicUrl;
  return typeof request.headers.origin === 'string' ? request.headers.origin : `${request.protocol}://${request.host}`;
}

export function salesforceConnectRoutes(s: ApiServices): void {
  const states = connectStatesOf(s.principals);
  const endpoints = endpointGuard(s.deps.allowedEndpoints);
  const secureCookie = (protocol: string) => {
    const setting = s.deps.security?.secureCookies;
    return setting === undefined || setting === 'auto' ? protocol === 'https' : setting;
  };

  s.routes.add({
    method: 'POST',
    path: START_PATH,
    tag: 'Account mapping',
    summary: 'Connect to Salesforce (web-server flow): the authorize URL for this environment',
    description:
      "For a mapping whose authFlow is authorization_code. Start it from the console, signed in: the attempt is bound to this session and this browser (an HttpOnly cookie), expires after ten minutes and can be completed once. Send the browser to authorizeUrl; after the administrator logs in and allows access, Salesforce sends it to the hub's callback, which exchanges the code for a refresh token, runs Map and register and stores the token encrypted. Reconnecting an environment that is connected already needs Account Mapping Edit as well.",
    access: 'account_mapping_create',
    auditAction: 'account_mapping.salesforce_connect',
    params: mappingParams,
    response: startResponse,
    handler: async ({ params, principal, request, reply, audit }) => {
      const mapping = await s.store.accountMappings.get(params.tenantId, params.mappingId);
      if (!mapping) throw notFound('account mapping', params.mappingId, `List the account mappings of tenant ${params.tenantId} for their ids.`);
      if (mapping.authFlow !== 'authorization_code') {
        throw new ApiError(409, 'PSYNC_SF_CONNECT_WRONG_FLOW', `Environment "${mapping.environmentName}" logs in with the ${mapping.authFlow} flow; "Connect to Salesforce" is for the web-server flow (authorization_code). Change its flow first.`);
      }
      if (mapping.secretsSet.sfRefreshToken && !principal.permissions.has('account_mapping_edit')) {
        throw new ApiError(403, 'PSYNC_FORBIDDEN', `Environment "${mapping.environmentName}" is connected already; connecting it again changes it, which needs the permission Account Mapping Edit. Ask a User Admin to grant it.`, { permission: 'account_mapping_edit' });
      }
      if (principal.kind !== 'user' || !principal.session) {
        throw new ApiError(400, 'PSYNC_SF_CONNECT_NEEDS_SESSION', '"Connect to Salesforce" runs in the administrator\'s browser: start it from the console (Account Mapping → Connect to Salesforce) while signed in, not with an API token.');
      }
      // The client secret follows the code to this login URL: it must be one of Salesforce's (or an allowed) hosts.
      endpoints.require({ loginUrl: mapping.loginUrl });
      const prefix = request.routeOptions.url?.slice(0, -START_PATH.length) ?? '';
      const callbackUrl = `${callbackOrigin(s, request)}${prefix}${CALLBACK_PATH}`;
      const state = randomToken(32);
      const nonce = randomToken(32);
      const expiresAt = s.clock.now() + CONNECT_STATE_TTL_MS;
      const { url, codeVerifier } = s.deps.salesforce.authorizationUrl({ loginUrl: mapping.loginUrl, clientId: mapping.sfClientId ?? '', redirectUri: callbackUrl, state });
      await states.put(
        state,
        {
          tenantId: mapping.tenantId,
          mappingId: mapping.id,
          userId: principal.id,
          sessionHash: principal.session.idHash,
          bindingHash: sha256(nonce),
          codeVerifier,
          redirectUri: callbackUrl,
          loginUrl: mapping.loginUrl,
          clientId: mapping.sfClientId ?? '',
          expiresAt,
        },
        s.clock.now(),
      );
      void reply.header(
        'Set-Cookie',
        serializeCookie(BINDING_COOKIE, nonce, { httpOnly: true, secure: secureCookie(request.protocol), maxAge: CONNECT_STATE_TTL_MS / 1000, sameSite: 'Lax', path: `${prefix}/salesforce/oauth` }),
      );
      audit({ explanation: `Started "Connect to Salesforce" for environment "${mapping.environmentName}" (callback ${callbackUrl}).`, details: { mappingId: mapping.id, callbackUrl } });
      return { authorizeUrl: url, callbackUrl, expiresAt };
    },
  });

  s.routes.add({
    method: 'GET',
    path: `${CALLBACK_PATH}-url`,
    tag: 'Account mapping',
    summary: "The hub's Salesforce callback URL, for the connected app's Callback URL",
    description: 'The URL "Connect to Salesforce" sends Salesforce as redirect_uri: from PRESENCE_SYNC_PUBLIC_URL when it is set, else from the address this request came in on.',
    access: 'account_mapping_view',
    response: z.object({ callbackUrl: z.string() }),
    handler: async ({ request }) => {
      const prefix = request.routeOptions.url?.slice(0, -`${CALLBACK_PATH}-url`.length) ?? '';
      return { callbackUrl: `${callbackOrigin(s, request)}${prefix}${CALLBACK_PATH}` };
    },
  });

  s.routes.add({
    method: 'GET',
    path: CALLBACK_PATH,
    tag: 'Account mapping',
    summary: 'Connect to Salesforce: where Salesforce sends the browser back (not for API clients)',
    description:
      'Checks the state (known, not expired, not used, started in this browser by a session that is still signed in), exchanges the code for a refresh token, runs Map and register with it and stores it encrypted; then redirects to the console\'s account mapping page with the outcome: #/mapping/connected/{tenant}/{mapping}/ok or /{PSYNC code}. The mapping\'s statusDetail says what happened.',
    access: 'public',
    query: z.object({ state: z.string().max(512).optional(), code: z.string().max(2048).optional(), error: z.string().max(256).optional(), error_description: z.string().max(2048).optional() }),
    response: z.undefined(),
    handler: async ({ query, request, reply }) => {
      const prefix = request.routeOptions.url?.slice(0, -CALLBACK_PATH.length) ?? '';
      const nonce = readCookies(request.headers.cookie).get(BINDING_COOKIE);
      let bound = false;
      const location = await completeConnect(s, states, query, (hash) => (bound = nonce !== undefined && sameSecret(sha256(nonce), hash)));
      // Only this attempt's cookie goes: another one may belong to a newer attempt in this browser.
      if (bound) {
        void reply.header('Set-Cookie', serializeCookie(BINDING_COOKIE, '', { httpOnly: true, secure: secureCookie(request.protocol), maxAge: 0, sameSite: 'Lax', path: `${prefix}/salesforce/oauth` }));
      }
      void reply.redirect(location, 303);
      return undefined;
    },
  });
}
