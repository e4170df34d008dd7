import { createHash, randomBytes } from 'node:crypto';
import { failure, SalesforceError } from './failure.ts';
import type { TokenGrant } from './token-grant.ts';
import { callTokenEndpoint, oauth2Client } from './token-request.ts';

/** Scopes the hub asks for: REST access and a refresh token (M3.3). */
export const DEFAULT_WEB_SERVER_SCOPES: readonly string[] = ['api', 'refresh_token', 'offline_access'];

export interface AuthorizationRequestInput {
  readonly loginUrl: string;
  readonly clientId: string;
  /** The callback URL registered on the connected app. */
  readonly redirectUri: string;
  readonly scopes?: readonly string[];
  /** Opaque value the callback must echo (ties the answer to the request); random when absent. */
  readonly state?: string;
}

/** Keep `state` and `codeVerifier` (server-side, not in the browser) until the callback arrives. */
export interface AuthorizationRequest {
  readonly url: string;
  readonly state: string;
  readonly codeVerifier: string;
}

/** PKCE (RFC 7636, S256): a random verifier and its SHA-256 challenge. */
export function pkcePair(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomBytes(48).toString('base64url');
  return { codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
}

/** Step 1: the URL to send the administrator's browser to (Salesforce's login and approval page). */
export function buildAuthorizationRequest(input: AuthorizationRequestInput): AuthorizationRequest {
  const { codeVerifier, codeChallenge } = pkcePair();
  const state = input.state ?? randomBytes(16).toString('base64url');
  const oauth2 = oauth2Client({ loginUrl: input.loginUrl, clientId: input.clientId, redirectUri: input.redirectUri });
  const url = oauth2.getAuthorizationUrl({
    scope: (input.scopes ?? DEFAULT_WEB_SERVER_SCOPES).join(' '),
    state,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
  });
  return { url, state, codeVerifier };
}

export interface CodeExchangeInput {
  readonly loginUrl: string;
  readonly clientId: string;
  /** Absent when the app does not require the secret for the web-server flow. */
  readonly clientSecret?: string;
  readonly redirectUri: string;
  readonly code: string;
  readonly codeVerifier: string;
}

/**
 * Step 2: exchanges the code from the callback for a grant. Keep `grant.refreshToken` (encrypted):
 * it is the web-server flow's credential from now on (`WebServerCredentials`).
 */
export async function exchangeAuthorizationCode(input: CodeExchangeInput): Promise<TokenGrant> {
  const oauth2 = oauth2Client({
    loginUrl: input.loginUrl,
    clientId: input.clientId,
    redirectUri: input.redirectUri,
    ...(input.clientSecret !== undefined ? { clientSecret: input.clientSecret } : {}),
  });
  const grant = await callTokenEndpoint({ flow: 'web_server', loginUrl: input.loginUrl, stage: 'code_exchange' }, () =>
    oauth2.requestToken(input.code, { code_verifier: input.codeVerifier }),
  );
  if (grant.refreshToken === undefined) {
    throw new SalesforceError(
      failure('PSYNC_SF_NO_REFRESH_TOKEN', 'invalid', 'Salesforce issued no refresh token, so the hub could not log in again later. Add the scope "Perform requests at any time (refresh_token, offline_access)" to the connected app, then connect again.'),
    );
  }
  return grant;
}
