import { createHash, createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from './index.ts';
import { acmeSeed, ACME_ID } from './test-support/fixture.ts';
import { TEST_CERTIFICATE, TEST_PRIVATE_KEY } from './test-support/jwt-keys.ts';

let emu: SalesforceEmulator;
let acme: SeededOrg;
const CALLBACK = 'http://127.0.0.1/callback';

beforeAll(async () => {
  emu = await createSalesforceEmulator({ orgs: [acmeSeed()] });
  acme = emu.control.describeOrg(ACME_ID);
  // Users who approved the app once (JWT bearer needs that, or pre-authorization).
  emu.control.addConnectedApp(ACME_ID, { name: 'JWT', consumerKey: 'JWT_KEY', consumerSecret: 'JWT_SECRET', certificate: TEST_CERTIFICATE, approvedBy: ['agent1@acme.example', 'admin@acme.example'] });
  emu.control.addConnectedApp(ACME_ID, {
    name: 'Approved', consumerKey: 'APPROVED_KEY', consumerSecret: 'APPROVED_SECRET', certificate: TEST_CERTIFICATE,
    permittedUsers: 'admin_approved', preauthorizedProfiles: ['System Administrator'],
  });
  emu.control.addConnectedApp(ACME_ID, { name: 'NoRunAs', consumerKey: 'NORUNAS_KEY', consumerSecret: 'NORUNAS_SECRET' });
  emu.control.addConnectedApp(ACME_ID, {
    name: 'Public', consumerKey: 'PUBLIC_KEY', consumerSecret: 'PUBLIC_SECRET', callbackUrls: [CALLBACK],
    requireSecretForWebServerFlow: false, requireSecretForRefreshTokenFlow: false, requirePkce: true,
  });
});
afterAll(() => emu.close());

async function token(host: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${emu.url}${host}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

const password = (username: string, pw: string, extra: Record<string, string> = {}): Record<string, string> => ({
  grant_type: 'password', client_id: 'ACME_KEY', client_secret: 'ACME_SECRET', username, password: pw, ...extra,
});

const failure = (error: string, description: string) => ({ status: 400, body: { error, error_description: description } });

describe('password flow', () => {
  it('answers exactly what Salesforce sends', async () => {
    const { status, body } = await token('/login', password('admin@acme.example', 'Admin-Pass1ADMINTOKEN123'));
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'id', 'instance_url', 'issued_at', 'signature', 'token_type']);
    expect(body.access_token).toMatch(new RegExp(`^${ACME_ID.slice(0, 15)}!`));
    expect(body.instance_url).toBe(`${emu.url}/my/acme`);
    expect(body.id).toBe(`${emu.url}/login/id/${ACME_ID}/${acme.users['admin@acme.example']}`);
    expect(body.token_type).toBe('Bearer');
    expect(body.issued_at).toMatch(/^\d{13}$/);
    const expected = createHmac('sha256', 'ACME_SECRET').update(`${body.id}${body.issued_at}`).digest('base64');
    expect(body.signature).toBe(expected);
  });

  it('needs the security token from an untrusted address', async () => {
    expect(await token('/login', password('admin@acme.example', 'Admin-Pass1'))).toEqual(failure('invalid_grant', 'authentication failure'));
    expect(await token('/login', password('admin@acme.example', 'Admin-Pass1WRONG'))).toEqual(failure('invalid_grant', 'authentication failure'));
    expect(await token('/login', password('nobody@acme.example', 'x'))).toEqual(failure('invalid_grant', 'authentication failure'));
  });

  it('identifies bad client ids, bad secrets and unknown grant types', async () => {
    expect(await token('/login', password('admin@acme.example', 'Admin-Pass1ADMINTOKEN123', { client_id: 'nope' }))).toEqual(failure('invalid_client_id', 'client identifier invalid'));
    expect(await token('/login', password('admin@acme.example', 'Admin-Pass1ADMINTOKEN123', { client_secret: 'nope' }))).toEqual(failure('invalid_client', 'invalid client credentials'));
    expect(await token('/login', { grant_type: 'magic', client_id: 'ACME_KEY' })).toEqual(failure('unsupported_grant_type', 'grant type not supported'));
    expect(await token('/login', { client_id: 'ACME_KEY' })).toEqual(failure('unsupported_grant_type', 'grant type not supported'));
  });

  it('is refused while "Allow OAuth Username-Password Flows" is off', async () => {
    emu.control.setOrgSettings(ACME_ID, { allowUsernamePasswordFlows: false });
    try {
      expect(await token('/login', password('admin@acme.example', 'Admin-Pass1ADMINTOKEN123'))).toEqual(failure('invalid_grant', 'authentication failure'));
    } finally {
      emu.control.setOrgSettings(ACME_ID, { allowUsernamePasswordFlows: true });
    }
    expect((await token('/login', password('admin@acme.example', 'Admin-Pass1ADMINTOKEN123'))).status).toBe(200);
  });

  it('accepts the bare password inside the profile login IP range (Option 1) and with the token (Option 2)', async () => {
    expect((await token('/login', password('office@acme.example', 'Office-Pass'))).status).toBe(200);
    expect((await token('/login', password('office@acme.example', 'Office-PassTOK3'))).status).toBe(200);
  });

  it('answers "IP restricted" outside the profile login IP range, unless the app relaxes IP restrictions', async () => {
    expect(await token('/login', password('remote@acme.example', 'Remote-PassTOK4'))).toEqual(failure('invalid_grant', 'IP restricted'));
    emu.control.updateConnectedApp('ACME_KEY', { ipRelaxation: 'relax' });
    try {
      expect((await token('/login', password('remote@acme.example', 'Remote-PassTOK4'))).status).toBe(200);
    } finally {
      emu.control.updateConnectedApp('ACME_KEY', { ipRelaxation: 'enforce' });
    }
  });

  it('trusts the org-wide trusted IP ranges', async () => {
    emu.control.setOrgSettings(ACME_ID, { trustedIpRanges: [{ start: '127.0.0.0', end: '127.255.255.255' }] });
    try {
      expect((await token('/login', password('admin@acme.example', 'Admin-Pass1'))).status).toBe(200);
    } finally {
      emu.control.setOrgSettings(ACME_ID, { trustedIpRanges: [] });
    }
  });

  it('refuses inactive users and inactive orgs', async () => {
    expect(await token('/login', password('gone@acme.example', 'Gone-PassTOK5'))).toEqual(failure('inactive_user', 'user is inactive'));
    emu.control.setOrgSettings(ACME_ID, { active: false });
    try {
      expect(await token('/login', password('admin@acme.example', 'Admin-Pass1ADMINTOKEN123'))).toEqual(failure('inactive_org', 'organization is inactive'));
    } finally {
      emu.control.setOrgSettings(ACME_ID, { active: true });
    }
  });

  it('honours "Prevent login from login.salesforce.com" while My Domain keeps working', async () => {
    emu.control.setOrgSettings(ACME_ID, { preventLoginFromLoginHost: true });
    try {
      expect(await token('/login', password('admin@acme.example', 'Admin-Pass1ADMINTOKEN123'))).toEqual(failure('invalid_grant', 'authentication failure'));
      const viaMyDomain = await token('/my/acme', password('admin@acme.example', 'Admin-Pass1ADMINTOKEN123'));
      expect(viaMyDomain.status).toBe(200);
      expect(viaMyDomain.body.id?.startsWith(`${emu.url}/my/acme/id/`)).toBe(true);
    } finally {
      emu.control.setOrgSettings(ACME_ID, { preventLoginFromLoginHost: false });
    }
  });

  it('refuses an admin-approved app for users who are not pre-authorized', async () => {
    const base = { client_id: 'APPROVED_KEY', client_secret: 'APPROVED_SECRET' };
    expect(await token('/login', password('agent1@acme.example', 'Agent-Pass1TOK1', base))).toEqual(failure('invalid_grant', "user hasn't approved this consumer"));
    expect((await token('/login', password('admin@acme.example', 'Admin-Pass1ADMINTOKEN123', base))).status).toBe(200);
  });
});

describe('web-server flow with PKCE, refresh and revoke', () => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');

  async function authorize(extra: Record<string, string> = {}): Promise<Response> {
    const q = new URLSearchParams({ response_type: 'code', client_id: 'PUBLIC_KEY', redirect_uri: CALLBACK, state: 's1', code_challenge: challenge, ...extra });
    return fetch(`${emu.url}/login/services/oauth2/authorize?${q.toString()}`, { redirect: 'manual' });
  }

  async function login(username: string, pw: string): Promise<Response> {
    const form = new URLSearchParams({ response_type: 'code', client_id: 'PUBLIC_KEY', redirect_uri: CALLBACK, state: 's1', code_challenge: challenge, username, pw });
    return fetch(`${emu.url}/login/services/oauth2/authorize`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(),
    });
  }

  it('shows a login page, redirects to the callback with a code, and trades it for tokens', async () => {
    const page = await authorize();
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form id="login_form" method="post"');
    const bad = await login('agent1@acme.example', 'wrong');
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain('Please check your username and password');
    const ok = await login('agent1@acme.example', 'Agent-Pass1');
    expect(ok.status).toBe(302);
    const location = new URL(ok.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('s1');
    const code = location.searchParams.get('code') ?? '';
    const base = { grant_type: 'authorization_code', client_id: 'PUBLIC_KEY', redirect_uri: CALLBACK, code };
    expect(await token('/login', { ...base, code_verifier: 'wrong' })).toEqual(failure('invalid_grant', 'invalid code verifier'));
    const exchanged = await token('/login', { ...base, code_verifier: verifier });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.refresh_token).toBeTruthy();
    expect(exchanged.body.scope).toBe('api refresh_token offline_access');
    expect(await token('/login', { ...base, code_verifier: verifier })).toEqual(failure('invalid_grant', 'invalid authorization code'));

    const oauth2 = new jsforce.OAuth2({ loginUrl: `${emu.url}/login`, clientId: 'PUBLIC_KEY', redirectUri: CALLBACK });
    const refreshed = await oauth2.refreshToken(exchanged.body.refresh_token as string);
    expect(refreshed.access_token).not.toBe(exchanged.body.access_token);
    expect(refreshed).not.toHaveProperty('refresh_token');

    const userinfo = await fetch(`${emu.url}/login/services/oauth2/userinfo`, { headers: { authorization: `Bearer ${refreshed.access_token}` } });
    expect(await userinfo.json()).toMatchObject({ organization_id: ACME_ID, preferred_username: 'agent1@acme.example', user_id: acme.users['agent1@acme.example'] });

    await oauth2.revokeToken(exchanged.body.refresh_token as string);
    await expect(oauth2.refreshToken(exchanged.body.refresh_token as string)).rejects.toMatchObject({ name: 'invalid_grant', message: 'expired access/refresh token' });
    const after = await fetch(`${emu.url}/my/acme/services/data/v62.0/limits`, { headers: { authorization: `Bearer ${refreshed.access_token}` } });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('refuses the code exchange for a user the admin-approved app does not pre-authorize', async () => {
    emu.control.updateConnectedApp('APPROVED_KEY', { callbackUrls: [CALLBACK] });
    const form = new URLSearchParams({ response_type: 'code', client_id: 'APPROVED_KEY', redirect_uri: CALLBACK, username: 'agent1@acme.example', pw: 'Agent-Pass1' });
    const res = await fetch(`${emu.url}/login/services/oauth2/authorize`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(),
    });
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    expect(await token('/login', { grant_type: 'authorization_code', client_id: 'APPROVED_KEY', client_secret: 'APPROVED_SECRET', redirect_uri: CALLBACK, code }))
      .toEqual(failure('invalid_grant', "user hasn't approved this consumer"));
  });

  it('refuses an unknown client, a foreign callback and a missing PKCE challenge', async () => {
    const unknown = await fetch(`${emu.url}/login/services/oauth2/authorize?response_type=code&client_id=nope&redirect_uri=${encodeURIComponent(CALLBACK)}`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('error=invalid_client_id');
    const foreign = await authorize({ redirect_uri: 'https://evil.example/cb' });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('error=redirect_uri_mismatch');
    const q = new URLSearchParams({ response_type: 'code', client_id: 'PUBLIC_KEY', redirect_uri: CALLBACK, state: 'x' });
    const noPkce = await fetch(`${emu.url}/login/services/oauth2/authorize?${q.toString()}`, { redirect: 'manual' });
    expect(noPkce.status).toBe(302);
    expect(new URL(noPkce.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
  });
});

describe('client credentials flow', () => {
  it('issues a token for the run-as user on the My Domain host only', async () => {
    const ok = await token('/my/acme', { grant_type: 'client_credentials', client_id: 'ACME_KEY', client_secret: 'ACME_SECRET' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_format: 'opaque', token_type: 'Bearer', instance_url: `${emu.url}/my/acme` });
    expect(ok.body.id?.endsWith(`/${acme.users['admin@acme.example']}`)).toBe(true);
    expect(await token('/login', { grant_type: 'client_credentials', client_id: 'ACME_KEY', client_secret: 'ACME_SECRET' }))
      .toEqual(failure('invalid_grant', 'request not supported on this domain'));
    expect(await token('/my/acme', { grant_type: 'client_credentials', client_id: 'NORUNAS_KEY', client_secret: 'NORUNAS_SECRET' }))
      .toEqual(failure('invalid_grant', 'no client credentials user enabled'));
  });

  it('works through jsforce authorize()', async () => {
    const conn = new jsforce.Connection({ oauth2: { loginUrl: `${emu.url}/my/acme`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' }, version: '62.0' });
    const info = await conn.authorize({ grant_type: 'client_credentials' });
    expect(info.organizationId).toBe(ACME_ID);
    expect((await conn.query('SELECT COUNT() FROM User')).totalSize).toBe(6);
  });
});

describe('JWT bearer flow', () => {
  async function assertion(claims: Record<string, unknown>, key = TEST_PRIVATE_KEY, expSeconds = 180): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).setExpirationTime(Math.floor(Date.now() / 1000) + expSeconds)
      .sign(await importPKCS8(key, 'RS256'));
  }
  const jwt = (a: string): Record<string, string> => ({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: a });

  it('accepts an assertion signed by the key of the app certificate', async () => {
    const a = await assertion({ iss: 'JWT_KEY', sub: 'agent1@acme.example', aud: 'https://login.salesforce.com' });
    const ok = await token('/login', jwt(a));
    expect(ok.status).toBe(200);
    expect(ok.body.access_token?.startsWith(`${ACME_ID.slice(0, 15)}!`)).toBe(true);
    const conn = new jsforce.Connection({ loginUrl: `${emu.url}/login`, version: '62.0' });
    const info = await conn.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: a });
    expect(info.id).toBe(acme.users['agent1@acme.example']);
  });

  it('checks audience, signature, expiry, issuer and pre-authorization', async () => {
    expect(await token('/login', jwt(await assertion({ iss: 'JWT_KEY', sub: 'agent1@acme.example', aud: 'https://test.salesforce.com' }))))
      .toEqual(failure('invalid_grant', 'Audience validation failed'));
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(await token('/login', jwt(await assertion({ iss: 'JWT_KEY', sub: 'agent1@acme.example', aud: 'https://login.salesforce.com' }, otherKey))))
      .toEqual(failure('invalid_grant', 'invalid assertion'));
    expect(await token('/login', jwt(await assertion({ iss: 'JWT_KEY', sub: 'agent1@acme.example', aud: 'https://login.salesforce.com' }, TEST_PRIVATE_KEY, -60))))
      .toEqual(failure('invalid_grant', 'invalid assertion'));
    expect(await token('/login', jwt(await assertion({ iss: 'NOPE', sub: 'agent1@acme.example', aud: 'https://login.salesforce.com' }))))
      .toEqual(failure('invalid_client_id', 'client identifier invalid'));
    expect(await token('/login', jwt(await assertion({ iss: 'APPROVED_KEY', sub: 'agent1@acme.example', aud: 'https://login.salesforce.com' }))))
      .toEqual(failure('invalid_grant', "user hasn't approved this consumer"));
    expect(await token('/login', jwt('not-a-jwt'))).toEqual(failure('invalid_grant', 'invalid assertion'));
  });

  it('accepts the My Domain URL as audience on the My Domain host', async () => {
    const a = await assertion({ iss: 'JWT_KEY', sub: 'admin@acme.example', aud: `${emu.url}/my/acme` });
    expect((await token('/my/acme', jwt(a))).status).toBe(200);
  });
});

describe('SOAP login() (jsforce without an OAuth client)', () => {
  it('is refused while the org keeps it disabled, and works once enabled', async () => {
    const soap = (): jsforce.Connection => new jsforce.Connection({ loginUrl: `${emu.url}/login`, version: '62.0' });
    await expect(soap().login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123')).rejects.toThrow(/^INVALID_OPERATION/);
    emu.control.setOrgSettings(ACME_ID, { soapLoginEnabled: true });
    try {
      await expect(soap().login('admin@acme.example', 'Admin-Pass1')).rejects.toThrow(/^LOGIN_MUST_USE_SECURITY_TOKEN/);
      await expect(soap().login('admin@acme.example', 'wrong')).rejects.toThrow(/^INVALID_LOGIN/);
      const conn = soap();
      const info = await conn.login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123');
      expect(info.organizationId).toBe(ACME_ID);
      expect((await conn.query('SELECT Id FROM Organization')).records[0]).toMatchObject({ Id: ACME_ID });
    } finally {
      emu.control.setOrgSettings(ACME_ID, { soapLoginEnabled: false });
    }
  });
});

describe('sessions', () => {
  it('expire after the org session timeout and jsforce logs in again by itself', async () => {
    const conn = new jsforce.Connection({ oauth2: { loginUrl: `${emu.url}/login`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' }, version: '62.0' });
    await conn.login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123');
    const first = conn.accessToken;
    emu.control.advanceClock(3 * 60 * 60 * 1000);
    const res = await fetch(`${emu.url}/my/acme/services/data/v62.0/limits`, { headers: { authorization: `Bearer ${first}` } });
    expect(res.status).toBe(401);
    const org = await conn.query<{ Id: string }>('SELECT Id FROM Organization');
    expect(org.records[0]?.Id).toBe(ACME_ID);
    expect(conn.accessToken).not.toBe(first);
  });

  it('answers the identity URL only for its own token', async () => {
    const { body } = await token('/login', password('admin@acme.example', 'Admin-Pass1ADMINTOKEN123'));
    const ok = await fetch(body.id as string, { headers: { authorization: `Bearer ${body.access_token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ organization_id: ACME_ID, username: 'admin@acme.example', urls: { rest: `${emu.url}/my/acme/services/data/v{version}/` } });
    const bad = await fetch(body.id as string, { headers: { authorization: 'Bearer nope' } });
    expect([bad.status, await bad.text()]).toEqual([403, 'Bad_OAuth_Token']);
    const revoked = await fetch(`${emu.url}/login/services/oauth2/revoke`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(body.access_token as string)}`,
    });
    expect(revoked.status).toBe(200);
    expect((await fetch(body.id as string, { headers: { authorization: `Bearer ${body.access_token}` } })).status).toBe(403);
  });
});
