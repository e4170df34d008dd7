import type { SalesforceFlow } from './credentials.ts';
import { DEFAULT_RATE_LIMIT_WAIT_MS, failure, type SalesforceFailure } from './failure.ts';

/** What the token endpoint answered (`{"error": ..., "error_description": ...}`). */
export interface TokenErrorBody {
  readonly error: string;
  readonly description: string;
  readonly status?: number;
}

export interface TokenErrorContext {
  readonly flow: SalesforceFlow;
  readonly loginUrl: string;
  /** Which request failed: a first login, a token refresh, or exchanging an authorisation code. */
  readonly stage: 'login' | 'refresh' | 'code_exchange';
  readonly username?: string;
}

const PASSWORD_FLOW_SETTING = 'Setup → OAuth and OpenID Connect Settings → "Allow OAuth Username-Password Flows"';

/**
 * Translates a token-endpoint error into what the administrator must do (M3.2).
 *
 * Salesforce answers `invalid_grant` / "authentication failure" for a wrong username or password,
 * a missing security token and a blocked username-password flow alike; Login History is the only
 * place that tells them apart, so that message lists the three in order and says where to look.
 */
export function translateTokenError(body: TokenErrorBody, context: TokenErrorContext): SalesforceFailure {
  const error = body.error.toLowerCase();
  const description = body.description.toLowerCase();
  const upstream = { ...(body.status !== undefined ? { status: body.status } : {}), error: body.error, description: body.description };
  const auth = (code: string, message: string) => failure(code, 'auth', message, { upstream });
  const host = context.loginUrl;

  if (error === 'invalid_client_id' || description.includes('client identifier invalid')) {
    return auth('PSYNC_SF_BAD_CLIENT_ID', `Salesforce at ${host} does not know this client ID. Copy the consumer key of the connected app again (Setup → App Manager → the app → View → Manage Consumer Details), and check that the app lives in the org behind ${host}.`);
  }
  if (error === 'invalid_client' || description.includes('invalid client credentials') || description.includes('client secret')) {
    return auth('PSYNC_SF_BAD_CLIENT_SECRET', 'Salesforce rejected the client secret. Copy the consumer secret of the connected app again (Manage Consumer Details).');
  }
  if (error === 'redirect_uri_mismatch' || description.includes('redirect_uri')) {
    return auth('PSYNC_SF_CALLBACK_MISMATCH', "The callback URL does not match the connected app's. Set the app's Callback URL to the hub's callback URL exactly.");
  }
  if (error === 'unsupported_grant_type' || description.includes('grant type not supported')) {
    return auth('PSYNC_SF_FLOW_NOT_ENABLED', unsupportedGrantMessage(context));
  }
  if (error === 'inactive_user' || description.includes('inactive user')) {
    return auth('PSYNC_SF_USER_INACTIVE', 'The Salesforce user is inactive. Activate the user, or use another integration user.');
  }
  if (error === 'inactive_org' || description.includes('inactive org')) {
    return failure('PSYNC_SF_ORG_INACTIVE', 'permanent', 'The Salesforce org is inactive or locked. Ask the org owner to reactivate it.', { upstream });
  }
  if (error === 'rate_limit_exceeded' || description.includes('rate limit')) {
    return failure('PSYNC_SF_LOGIN_RATE_LIMITED', 'rate_limited', 'Salesforce is refusing logins for this user for a while (too many logins). The hub will try again later.', {
      upstream,
      retryAfterMs: DEFAULT_RATE_LIMIT_WAIT_MS,
    });
  }
  if (description.includes('ip restricted') || description.includes('login ip')) {
    return auth('PSYNC_SF_IP_RESTRICTED', "Salesforce refused the login from the hub's IP address. Either append the user's security token to the password (Option 2), or add a login IP range covering the hub to the user's profile (Option 1).");
  }
  if (description.includes('username-password flow') || description.includes('username password flow')) {
    return auth('PSYNC_SF_PASSWORD_FLOW_BLOCKED', `The org blocks the OAuth username-password flow. Enable ${PASSWORD_FLOW_SETTING}, or use the client credentials or JWT bearer flow instead (recommended).`);
  }
  if (description.includes('expired access/refresh token') || description.includes('expired refresh token') || description.includes('token expired')) {
    return auth('PSYNC_SF_REFRESH_TOKEN_EXPIRED', "The refresh token was revoked or has expired (the connected app's refresh token policy). Authorise the hub again with \"Connect to Salesforce\".");
  }
  if (description.includes("hasn't approved") || description.includes('not approved') || description.includes('not pre-authorized')) {
    return auth('PSYNC_SF_APP_NOT_APPROVED', "The user has not approved the connected app. Set the app's Permitted Users to \"Admin approved users are pre-authorized\" and add the user's profile or a permission set to the app.");
  }
  if (description.includes('audience')) {
    return auth('PSYNC_SF_JWT_AUDIENCE', `Salesforce rejected the JWT's audience. The audience must be the login host: https://login.salesforce.com for production and Hyperforce orgs, https://test.salesforce.com for sandboxes (now ${host}).`);
  }
  if (context.flow === 'jwt_bearer' && (description.includes('assertion') || description.includes('signature') || description.includes('jwt'))) {
    return auth('PSYNC_SF_JWT_INVALID', "Salesforce could not verify the JWT. Upload the certificate that matches the hub's private key to the connected app (Use digital signatures), and check the consumer key and username.");
  }
  if (description.includes('not supported on this domain')) {
    return failure('PSYNC_SF_WRONG_LOGIN_HOST', 'invalid', `Salesforce does not offer this flow at ${host}. The client credentials flow needs the org's My Domain URL (https://<your domain>.my.salesforce.com) as the login URL.`, { upstream });
  }
  if (description.includes('client credentials') || description.includes('run as') || description.includes('run-as')) {
    return auth('PSYNC_SF_NO_RUN_AS_USER', 'The client credentials flow has no run-as user. On the connected app, enable the Client Credentials Flow and choose a Run As user.');
  }
  if (error === 'invalid_grant' && context.stage === 'code_exchange') {
    return auth('PSYNC_SF_AUTH_CODE_INVALID', 'Salesforce refused the authorisation code (used already, expired, or the PKCE verifier does not match). Start "Connect to Salesforce" again.');
  }
  if (error === 'invalid_grant' && context.stage === 'refresh') {
    return auth('PSYNC_SF_REFRESH_TOKEN_EXPIRED', 'Salesforce refused the refresh token. Authorise the hub again with "Connect to Salesforce".');
  }
  if (error === 'invalid_grant') return auth('PSYNC_SF_BAD_CREDENTIALS', badCredentialsMessage(context));
  return failure('PSYNC_SF_LOGIN_FAILED', 'auth', `Salesforce refused the login (${body.error}: ${body.description}).`, { upstream });
}

function unsupportedGrantMessage(context: TokenErrorContext): string {
  switch (context.flow) {
    case 'password':
      return `The username-password flow is not allowed. Enable ${PASSWORD_FLOW_SETTING}, or use the client credentials or JWT bearer flow instead (recommended).`;
    case 'client_credentials':
      return 'The client credentials flow is not enabled, or was asked at login.salesforce.com. Enable the Client Credentials Flow on the connected app (with a Run As user) and use the org\'s My Domain URL as the login URL.';
    case 'jwt_bearer':
      return 'The JWT bearer flow is not enabled on the connected app. Enable "Use digital signatures" and upload the certificate.';
    case 'web_server':
      return 'The connected app does not allow this grant. Add the scope "Perform requests at any time (refresh_token, offline_access)" to the app.';
  }
}

const SANDBOX_USERNAME = /@[^@]+\.[a-z]{2,}\.[a-z0-9]+$/i;

function badCredentialsMessage(context: TokenErrorContext): string {
  const host = new URL(context.loginUrl).hostname;
  switch (context.flow) {
    case 'password': {
      const sandboxHint =
        host === 'login.salesforce.com' && context.username !== undefined && SANDBOX_USERNAME.test(context.username)
          ? ` The username looks like a sandbox username: choose the sandbox platform (https://test.salesforce.com).`
          : '';
      return (
        `Salesforce answered "authentication failure" at ${context.loginUrl}. Check, in this order: ` +
        `1) the username and password; 2) the security token appended to the password, unless the profile has a login IP range covering the hub; ` +
        `3) ${PASSWORD_FLOW_SETTING} (blocked by default in orgs created since Summer '23); 4) the login host: sandboxes log in at https://test.salesforce.com. ` +
        `Setup → Login History shows which one it was.${sandboxHint}`
      );
    }
    case 'jwt_bearer':
      return `Salesforce refused the JWT bearer login at ${context.loginUrl}. Check the username, that the user is pre-authorised for the app, and the login host (sandboxes: https://test.salesforce.com).`;
    case 'client_credentials':
      return `Salesforce refused the client credentials login at ${context.loginUrl}. Check the consumer key and secret, the app's Run As user, and use the org's My Domain URL.`;
    case 'web_server':
      return 'Salesforce refused the login. Authorise the hub again with "Connect to Salesforce".';
  }
}
