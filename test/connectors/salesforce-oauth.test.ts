import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from '../../emulators/salesforce/index.ts';
import {
  buildAuthorizationRequest,
  exchangeAuthorizationCode,
  queryAll,
  SalesforceError,
  SalesforceSession,
  type SalesforceCredentials,
  type SalesforceFailure,
} from '../../src/connectors/salesforce/index.ts';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_KEY = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const OTHER_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const CALLBACK = 'http://127.0.0.1/callback';

let emulator: SalesforceEmulator;
let acme: SeededOrg;

beforeAll(async () => {
  emulator = await createSalesforceEmulator({
    orgs: [
      {
        id: '00D5g000004XyZa',
        name: 'Acme Corp',
        myDomain: 'acme',
        profiles: [
          { name: 'Office Agent', loginIpRanges: [{ start: '127.0.0.1', end: '127.0.0.1' }] },
          { name: 'Remote Agent', loginIpRanges: [{ start: '10.0.0.0', end: '10.255.255.255' }] },
        ],
        users: [
          { username: 'admin@acme.example', password: 'Admin-Pass1', securityToken: 'ADMINTOKEN', lastName: 'Admin', profile: 'System Administrator' },
          { username: 'office@acme.example', password: 'Office-Pass', securityToken: 'TOK3', lastName: 'Office', profile: 'Office Agent' },
          { username: 'remote@acme.example', password: 'Remote-Pass', securityToken: 'TOK4', lastName: 'Remote', profile: 'Remote Agent' },
          { username: 'gone@acme.example', password: 'Gone-Pass', securityToken: 'TOK5', lastName: 'Gone', isActive: false },
        ],
        connectedApps: [
          {
            name: 'PresenceSync',
            consumerKey: 'ACME_KEY',
            consumerSecret: 'ACME_SECRET',
            callbackUrls: [CALLBACK],
            scopes: ['api', 'web', 'refresh_token', 'offline_access'],
            clientCredentialsUser: 'admin@acme.example',
            certificate: PUBLIC_KEY,
            // The admin approved the app once (its web-server flow), which JWT bearer needs.
            approvedBy: ['admin@acme.example'],
          },
          { name: 'SelfAuthorize', consumerKey: 'SELF_KEY', consumerSecret: 'SELF_SECRET', scopes: ['api'], certificate: PUBLIC_KEY },
          { name: 'NoRunAs', consumerKey: 'NORUNAS_KEY', consumerSecret: 'NORUNAS_SECRET', scopes: ['api'] },
          { name: 'Approved', consumerKey: 'APPROVED_KEY', consumerSecret: 'APPROVED_SECRET', scopes: ['api'], certificate: PUBLIC_KEY, permittedUsers: 'admin_approved' },
        ],
      },
    ],
  });
  acme = emulator.control.describeOrg('00D5g000004XyZa');
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.control.clearFaults();
  emulator.control.setOrgSettings(acme.id, { allowUsernamePasswordFlows: true });
});

const login = () => `${emulator.url}/login`;
const password = (overrides: Partial<Extract<SalesforceCredentials, { flow: 'password' }>> = {}): SalesforceCredentials => ({
  flow: 'password',
  loginUrl: login(),
  clientId: 'ACME_KEY',
  clientSecret: 'ACME_SECRET',
  username: 'admin@acme.example',
  password: 'Admin-Pass1',
  securityToken: 'ADMINTOKEN',
  ...overrides,
});

async function failureOf(promise: Promise<unknown>): Promise<SalesforceFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SalesforceError) return error.failure;
    throw error;
  }
  throw new Error('expected a SalesforceError');
}

const countUsers = (session: SalesforceSession) => session.run(async (connection) => (await queryAll(connection, 'SELECT Id FROM User')).length);

describe('username-password flow', () => {
  it('logs in with the security token appended, on API 62.0, and counts its calls', async () => {
    const session = new SalesforceSession({ credentials: password() });
    const grant = await session.login();
    expect(grant.accessToken.startsWith(`${acme.id15}!`)).toBe(true);
    expect(grant).toMatchObject({ organizationId: acme.id, instanceUrl: acme.instanceUrl, userId: acme.users['admin@acme.example'] });
    expect(await countUsers(session)).toBe(4);
    expect((await session.connection()).version).toBe('62.0');
    expect(session.apiCalls).toBe(1);
    expect(session.apiUsage()).toMatchObject({ used: expect.any(Number), limit: 100_000 });
  });

  it('needs no token when the profile login IP range covers the hub (Option 1)', async () => {
    const session = new SalesforceSession({ credentials: password({ username: 'office@acme.example', password: 'Office-Pass', securityToken: '' }) });
    await expect(session.login()).resolves.toMatchObject({ organizationId: acme.id });
  });

  it('explains a missing token, an IP restriction and a blocked flow', async () => {
    const noToken = await failureOf(new SalesforceSession({ credentials: password({ securityToken: '' }) }).login());
    expect(noToken).toMatchObject({ code: 'PSYNC_SF_BAD_CREDENTIALS', kind: 'auth', message: expect.stringContaining('security token') });

    const outside = await failureOf(new SalesforceSession({ credentials: password({ username: 'remote@acme.example', password: 'Remote-Pass', securityToken: 'TOK4' }) }).login());
    expect(outside).toMatchObject({ code: 'PSYNC_SF_IP_RESTRICTED', message: expect.stringContaining('login IP range') });

    emulator.control.setOrgSettings(acme.id, { allowUsernamePasswordFlows: false });
    const blocked = await failureOf(new SalesforceSession({ credentials: password() }).login());
    expect(blocked).toMatchObject({ code: 'PSYNC_SF_BAD_CREDENTIALS', message: expect.stringContaining('Allow OAuth Username-Password Flows') });
  });

  it('names a bad client id, a bad secret, an inactive user and a host that is not Salesforce', async () => {
    expect(await failureOf(new SalesforceSession({ credentials: password({ clientId: 'NOPE' }) }).login())).toMatchObject({ code: 'PSYNC_SF_BAD_CLIENT_ID' });
    expect(await failureOf(new SalesforceSession({ credentials: password({ clientSecret: 'NOPE' }) }).login())).toMatchObject({ code: 'PSYNC_SF_BAD_CLIENT_SECRET' });
    expect(await failureOf(new SalesforceSession({ credentials: password({ username: 'gone@acme.example', password: 'Gone-Pass', securityToken: 'TOK5' }) }).login())).toMatchObject({
      code: 'PSYNC_SF_USER_INACTIVE',
    });
    expect(await failureOf(new SalesforceSession({ credentials: password({ loginUrl: `${emulator.url}/nowhere` }) }).login())).toMatchObject({
      code: 'PSYNC_SF_WRONG_LOGIN_HOST',
      kind: 'invalid',
    });
    expect(await failureOf(new SalesforceSession({ credentials: password({ loginUrl: 'http://127.0.0.1:1' }) }).login())).toMatchObject({
      code: 'PSYNC_SF_UNREACHABLE',
      kind: 'retryable',
    });
  });
});

describe('web-server flow with PKCE and refresh token', () => {
  async function authorise(scopes?: string[]): Promise<{ code: string; codeVerifier: string; state: string }> {
    const request = buildAuthorizationRequest({ loginUrl: login(), clientId: 'ACME_KEY', redirectUri: CALLBACK, ...(scopes ? { scopes } : {}) });
    const url = new URL(request.url);
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBe(request.state);
    const page = await fetch(request.url);
    expect(page.status).toBe(200);
    const form = new URLSearchParams({ ...Object.fromEntries(url.searchParams), username: 'admin@acme.example', pw: 'Admin-Pass1' });
    const answer = await fetch(`${login()}/services/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    const location = new URL(answer.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe(request.state);
    return { code: location.searchParams.get('code') ?? '', codeVerifier: request.codeVerifier, state: request.state };
  }

  it('exchanges the code, keeps the refresh token, and logs in again with it', async () => {
    const { code, codeVerifier } = await authorise();
    const grant = await exchangeAuthorizationCode({ loginUrl: login(), clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET', redirectUri: CALLBACK, code, codeVerifier });
    expect(grant.refreshToken).toEqual(expect.any(String));
    const session = new SalesforceSession({
      credentials: { flow: 'web_server', loginUrl: login(), clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET', refreshToken: grant.refreshToken as string },
    });
    const refreshed = await session.login();
    expect(refreshed).toMatchObject({ organizationId: acme.id });
    expect(refreshed.accessToken).not.toBe(grant.accessToken);
    expect(await countUsers(session)).toBe(4);
  });

  it('refuses a wrong verifier, a reused code and a wrong callback; says when no refresh token came', async () => {
    const first = await authorise();
    const exchange = (overrides: Record<string, string>) =>
      failureOf(exchangeAuthorizationCode({ loginUrl: login(), clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET', redirectUri: CALLBACK, ...first, ...overrides }));
    expect(await exchange({ codeVerifier: 'x'.repeat(64) })).toMatchObject({ code: 'PSYNC_SF_AUTH_CODE_INVALID' });
    expect(await exchange({ redirectUri: 'http://127.0.0.1/elsewhere' })).toMatchObject({ code: 'PSYNC_SF_CALLBACK_MISMATCH' });
    const second = await authorise(['api']);
    expect(
      await failureOf(exchangeAuthorizationCode({ loginUrl: login(), clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET', redirectUri: CALLBACK, ...second })),
    ).toMatchObject({ code: 'PSYNC_SF_NO_REFRESH_TOKEN' });
    expect(
      await failureOf(exchangeAuthorizationCode({ loginUrl: login(), clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET', redirectUri: CALLBACK, ...second })),
    ).toMatchObject({ code: 'PSYNC_SF_AUTH_CODE_INVALID' });
  });

  it('asks for a new authorisation when the refresh token is revoked', async () => {
    const { code, codeVerifier } = await authorise();
    const grant = await exchangeAuthorizationCode({ loginUrl: login(), clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET', redirectUri: CALLBACK, code, codeVerifier });
    const session = new SalesforceSession({ credentials: { flow: 'web_server', loginUrl: login(), clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET', refreshToken: grant.refreshToken as string } });
    expect(await countUsers(session)).toBe(4);
    emulator.control.revokeSessions({ userId: acme.users['admin@acme.example'] as string, includeRefreshTokens: true });
    expect(await failureOf(countUsers(session))).toMatchObject({ code: 'PSYNC_SF_REFRESH_TOKEN_EXPIRED', kind: 'auth' });
  });
});

describe('client credentials flow', () => {
  it("logs in as the app's run-as user at the My Domain URL", async () => {
    const session = new SalesforceSession({ credentials: { flow: 'client_credentials', loginUrl: acme.loginUrls.myDomain, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' } });
    await expect(session.login()).resolves.toMatchObject({ organizationId: acme.id, userId: acme.users['admin@acme.example'] });
  });

  it('explains the shared login host and a missing run-as user', async () => {
    const atLogin = new SalesforceSession({ credentials: { flow: 'client_credentials', loginUrl: login(), clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' } });
    expect(await failureOf(atLogin.login())).toMatchObject({ code: 'PSYNC_SF_WRONG_LOGIN_HOST', message: expect.stringContaining('My Domain') });
    const noRunAs = new SalesforceSession({ credentials: { flow: 'client_credentials', loginUrl: acme.loginUrls.myDomain, clientId: 'NORUNAS_KEY', clientSecret: 'NORUNAS_SECRET' } });
    expect(await failureOf(noRunAs.login())).toMatchObject({ code: 'PSYNC_SF_NO_RUN_AS_USER' });
  });
});

describe('JWT bearer flow', () => {
  const jwt = (overrides: Partial<Extract<SalesforceCredentials, { flow: 'jwt_bearer' }>> = {}): SalesforceCredentials => ({
    flow: 'jwt_bearer',
    loginUrl: login(),
    clientId: 'ACME_KEY',
    username: 'admin@acme.example',
    privateKeyPem: PRIVATE_KEY,
    ...overrides,
  });

  it('logs in with an RS256 assertion whose audience is the login host', async () => {
    await expect(new SalesforceSession({ credentials: jwt() }).login()).resolves.toMatchObject({ organizationId: acme.id });
    await expect(new SalesforceSession({ credentials: jwt({ loginUrl: acme.loginUrls.myDomain }) }).login()).resolves.toMatchObject({ organizationId: acme.id });
  });

  it('explains a wrong key, a wrong audience, an unapproved user and a key that is not PKCS#8', async () => {
    expect(await failureOf(new SalesforceSession({ credentials: jwt({ privateKeyPem: OTHER_KEY }) }).login())).toMatchObject({ code: 'PSYNC_SF_JWT_INVALID' });
    expect(await failureOf(new SalesforceSession({ credentials: jwt({ audience: 'https://elsewhere.example' }) }).login())).toMatchObject({ code: 'PSYNC_SF_JWT_AUDIENCE' });
    expect(await failureOf(new SalesforceSession({ credentials: jwt({ clientId: 'APPROVED_KEY' }) }).login())).toMatchObject({ code: 'PSYNC_SF_APP_NOT_APPROVED' });
    expect(await failureOf(new SalesforceSession({ credentials: jwt({ privateKeyPem: 'not a key' }) }).login())).toMatchObject({ code: 'PSYNC_SF_JWT_KEY_INVALID' });
  });

  it('is refused until the user is pre-authorized or approved the app, and says which setting to change', async () => {
    const refused = await failureOf(new SalesforceSession({ credentials: jwt({ clientId: 'SELF_KEY' }) }).login());
    expect(refused).toMatchObject({ code: 'PSYNC_SF_APP_NOT_APPROVED', upstream: { error: 'invalid_grant', description: "user hasn't approved this consumer" } });
    expect(refused.message).toMatch(/Admin approved users are pre-authorized/);
    emulator.control.updateConnectedApp('SELF_KEY', { permittedUsers: 'admin_approved', preauthorizedProfiles: ['System Administrator'] });
    await expect(new SalesforceSession({ credentials: jwt({ clientId: 'SELF_KEY' }) }).login()).resolves.toMatchObject({ organizationId: acme.id });
  });
});

describe('sessions', () => {
  it('logs in again when the session expires mid-use, with one token request for many concurrent calls', async () => {
    const session = new SalesforceSession({ credentials: password() });
    expect(await countUsers(session)).toBe(4);
    expect(session.tokenRequests).toBe(1);
    emulator.control.revokeSessions({ accessToken: session.grant?.accessToken as string });
    const counts = await Promise.all([1, 2, 3, 4, 5].map(() => countUsers(session)));
    expect(counts).toEqual([4, 4, 4, 4, 4]);
    expect(session.tokenRequests).toBe(2);
  });

  it('logs in again after the org session timeout', async () => {
    const session = new SalesforceSession({ credentials: password() });
    expect(await countUsers(session)).toBe(4);
    emulator.control.advanceClock(3 * 60 * 60 * 1000);
    expect(await countUsers(session)).toBe(4);
    expect(session.tokenRequests).toBe(2);
  });

  it('cannot log in again without credentials, and says so', async () => {
    const grant = await new SalesforceSession({ credentials: password() }).login();
    const session = new SalesforceSession({ grant });
    expect(await countUsers(session)).toBe(4);
    emulator.control.revokeSessions({ accessToken: grant.accessToken });
    expect(await failureOf(countUsers(session))).toMatchObject({ code: 'PSYNC_SF_SESSION_EXPIRED', kind: 'auth' });
  });

  it('classifies 429, 503 and REQUEST_LIMIT_EXCEEDED without retrying behind the caller', async () => {
    const session = new SalesforceSession({ credentials: password() });
    await session.login();
    emulator.control.addFault({ path: '/query', action: { kind: 'http', status: 429, retryAfterSeconds: 7 }, times: 1 });
    expect(await failureOf(countUsers(session))).toMatchObject({ code: 'PSYNC_SF_API_LIMIT', kind: 'rate_limited', retryAfterMs: 7000 });
    emulator.control.addFault({ path: '/query', action: { kind: 'http', status: 503 }, times: 1 });
    expect(await failureOf(countUsers(session))).toMatchObject({ code: 'PSYNC_SF_UNAVAILABLE', kind: 'retryable', upstream: { status: 503, error: 'SERVER_UNAVAILABLE' } });
    emulator.control.addFault({ path: '/query', action: { kind: 'requestLimitExceeded' }, times: 1 });
    expect(await failureOf(countUsers(session))).toMatchObject({ code: 'PSYNC_SF_API_LIMIT', kind: 'rate_limited', message: expect.stringContaining('TotalRequests Limit exceeded.') });
    expect(await countUsers(session)).toBe(4);
    expect(session.apiCalls).toBe(4);
  });

  it('classifies a query Salesforce rejects', async () => {
    const session = new SalesforceSession({ credentials: password() });
    expect(await failureOf(session.run((c) => queryAll(c, 'SELECT Nope FROM User')))).toMatchObject({ code: 'PSYNC_SF_REQUEST_REJECTED', kind: 'invalid' });
  });
});
