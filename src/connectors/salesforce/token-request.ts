import { OAuth2, type OAuth2Config } from 'jsforce';
import { CheckedTransport } from './checked-transport.ts';
import type { SalesforceCredentials } from './credentials.ts';
import { failure, SalesforceError, type SalesforceFailure } from './failure.ts';
import { signJwtAssertion } from './jwt-assertion.ts';
import { translateTokenError, type TokenErrorContext } from './oauth-errors.ts';
import { parseTokenResponse, type TokenGrant, type TokenResponseBody } from './token-grant.ts';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Gets a new access token with the credentials' flow (through jsforce's OAuth2 client).
 * Every failure comes out as a `SalesforceError` that says what the administrator must do.
 */
export async function requestAccessToken(credentials: SalesforceCredentials, now: () => number = Date.now): Promise<TokenGrant> {
  const context: TokenErrorContext = {
    flow: credentials.flow,
    loginUrl: credentials.loginUrl,
    stage: credentials.flow === 'web_server' ? 'refresh' : 'login',
    ...('username' in credentials ? { username: credentials.username } : {}),
  };
  return callTokenEndpoint(context, async () => {
    switch (credentials.flow) {
      case 'password': {
        const oauth2 = oauth2Client({ loginUrl: credentials.loginUrl, clientId: credentials.clientId, clientSecret: credentials.clientSecret });
        return oauth2.authenticate(credentials.username, credentials.password + (credentials.securityToken ?? ''));
      }
      case 'web_server': {
        const oauth2 = oauth2Client({
          loginUrl: credentials.loginUrl,
          clientId: credentials.clientId,
          ...(credentials.clientSecret !== undefined ? { clientSecret: credentials.clientSecret } : {}),
        });
        return oauth2.refreshToken(credentials.refreshToken);
      }
      case 'client_credentials': {
        const oauth2 = oauth2Client({ loginUrl: credentials.loginUrl, clientId: credentials.clientId, clientSecret: credentials.clientSecret });
        return oauth2.requestToken({ grant_type: 'client_credentials' });
      }
      case 'jwt_bearer': {
        // No client id on the OAuth2 client: the assertion's `iss` carries it.
        const oauth2 = oauth2Client({ loginUrl: credentials.loginUrl });
        return oauth2.requestToken({ grant_type: JWT_BEARER_GRANT, assertion: await signJwtAssertion(credentials, now()) });
      }
    }
  });
}

/** Runs one token request and turns jsforce's errors into classified failures. */
export async function callTokenEndpoint(context: TokenErrorContext, request: () => Promise<TokenResponseBody>): Promise<TokenGrant> {
  let body: TokenResponseBody;
  try {
    body = await request();
  } catch (error) {
    throw new SalesforceError(tokenFailure(error, context));
  }
  const grant = parseTokenResponse(body);
  return grant;
}

function tokenFailure(error: unknown, context: TokenErrorContext): SalesforceFailure {
  if (error instanceof SalesforceError) return error.failure;
  const err = error as { name?: unknown; message?: unknown };
  const name = typeof err.name === 'string' ? err.name : 'Error';
  const message = typeof err.message === 'string' ? err.message : String(error);
  // jsforce: token errors are Error{ name = error, message = error_description }; a body that is
  // not JSON gives name ERROR_HTTP_<status>: whatever answered is not a Salesforce token endpoint.
  if (/^ERROR_HTTP_\d{3}$/.test(name)) {
    return failure('PSYNC_SF_WRONG_LOGIN_HOST', 'invalid', `${context.loginUrl} is not a Salesforce login host (its token endpoint answered ${name.slice(11)}). Use https://login.salesforce.com, https://test.salesforce.com or the org's My Domain URL.`);
  }
  return translateTokenError({ error: name, description: message }, context);
}

/** jsforce's OAuth2 client on our transport: 429/5xx classified, network failures translated. */
export function oauth2Client(config: OAuth2Config): OAuth2 {
  const oauth2 = new OAuth2(config);
  oauth2._transport = new CheckedTransport({ tokenEndpoint: true });
  return oauth2;
}
