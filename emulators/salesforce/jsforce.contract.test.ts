/**
 * Contract: jsforce 3 (the project's dependency), used unchanged, against the emulator, for what
 * a new org and a real Salesforce do that a client notices: the resources of a version (incl.
 * `identity`), trailing slashes, SOAP login() ending with API 64.0, the username-password flow
 * blocked in new orgs, and JWT bearer refused until the user is pre-authorized or approved the app.
 */
import { importPKCS8, SignJWT } from 'jose';
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from './index.ts';
import { acmeSeed, ACME_ID } from './test-support/fixture.ts';
import { TEST_CERTIFICATE, TEST_PRIVATE_KEY } from './test-support/jwt-keys.ts';

let emu: SalesforceEmulator;
let acme: SeededOrg;
let conn: jsforce.Connection;

beforeAll(async () => {
  emu = await createSalesforceEmulator({ orgs: [acmeSeed({ settings: { allowUsernamePasswordFlows: true } })] });
  acme = emu.control.describeOrg(ACME_ID);
  const login = new jsforce.Connection({ oauth2: { loginUrl: `${emu.url}/login`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' }, version: '62.0' });
  await login.login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123');
  // What a hub holds after a login: only the instance URL and the access token.
  conn = new jsforce.Connection({ instanceUrl: login.instanceUrl, accessToken: login.accessToken!, version: '62.0' });
});
afterAll(() => emu.close());

describe('jsforce against the Salesforce emulator', () => {
  it('identity() of a Connection built from instanceUrl and accessToken only', async () => {
    const identity = await conn.identity();
    expect(identity).toMatchObject({ user_id: acme.users['admin@acme.example'], organization_id: ACME_ID, username: 'admin@acme.example' });
  });

  it('GET /services/data/v62.0 lists the resources of a real org, identity among them', async () => {
    const resources = await conn.request<Record<string, string>>('/services/data/v62.0');
    for (const name of ['sobjects', 'query', 'queryAll', 'composite', 'limits', 'tooling', 'metadata', 'search', 'recent', 'chatter', 'ui-api', 'graphql']) {
      expect(resources[name], name).toBe(`/services/data/v62.0/${name}`);
    }
    expect(resources['identity']).toBe(`${emu.url}/login/id/${ACME_ID}/${acme.users['admin@acme.example']}`);
  });

  it('answers URLs with a trailing slash as Salesforce does', async () => {
    const resources = await conn.request<Record<string, string>>('/services/data/v62.0/');
    expect(resources['identity']).toContain('/id/');
    const users = await conn.request<{ totalSize: number }>(`/services/data/v62.0/query/?q=${encodeURIComponent("SELECT Id FROM User WHERE Username = 'admin@acme.example'")}`);
    expect(users.totalSize).toBe(1);
  });

  it('offers SOAP login() up to API 64.0 only (with "Enable SOAP API login()" on)', async () => {
    emu.control.setOrgSettings(ACME_ID, { soapLoginEnabled: true });
    try {
      const v64 = new jsforce.Connection({ loginUrl: `${emu.url}/login`, version: '64.0' });
      await expect(v64.login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123')).resolves.toMatchObject({ organizationId: ACME_ID });
      const v65 = new jsforce.Connection({ loginUrl: `${emu.url}/login`, version: '65.0' });
      await expect(v65.login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123')).rejects.toThrow(/UNSUPPORTED_API_VERSION/);
    } finally {
      emu.control.setOrgSettings(ACME_ID, { soapLoginEnabled: false });
    }
  });
});

describe('jsforce against a new org and a new connected app', () => {
  it('a new org refuses the OAuth username-password flow until "Allow OAuth Username-Password Flows" is on', async () => {
    const fresh = await createSalesforceEmulator({ orgs: [acmeSeed({ settings: {} })] });
    try {
      const connect = () => new jsforce.Connection({ oauth2: { loginUrl: `${fresh.url}/login`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' } });
      await expect(connect().login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123')).rejects.toThrow(/authentication failure/);
      fresh.control.setOrgSettings(ACME_ID, { allowUsernamePasswordFlows: true });
      await expect(connect().login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123')).resolves.toMatchObject({ organizationId: ACME_ID });
    } finally {
      await fresh.close();
    }
  });

  it('JWT bearer is refused ("user hasn\'t approved this consumer") until the user approved the app or is pre-authorized', async () => {
    emu.control.addConnectedApp(ACME_ID, { name: 'Jwt', consumerKey: 'JWT_CONTRACT_KEY', consumerSecret: 'S', certificate: TEST_CERTIFICATE, callbackUrls: ['https://hub.example/cb'] });
    const assertion = async (sub: string) =>
      new SignJWT({ iss: 'JWT_CONTRACT_KEY', sub, aud: 'https://login.salesforce.com' }).setProtectedHeader({ alg: 'RS256' })
        .setExpirationTime(Math.floor(Date.now() / 1000) + 180).sign(await importPKCS8(TEST_PRIVATE_KEY, 'RS256'));
    const jwtLogin = async (sub: string) =>
      new jsforce.Connection({ loginUrl: `${emu.url}/login` }).authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: await assertion(sub) });

    await expect(jwtLogin('admin@acme.example')).rejects.toThrow("user hasn't approved this consumer");
    // The admin approves the app once, in the browser (web-server flow: log in, allow access).
    const authorize = `${emu.url}/login/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'JWT_CONTRACT_KEY', redirect_uri: 'https://hub.example/cb' })}`;
    const page = await fetch(authorize, { method: 'POST', body: new URLSearchParams({ username: 'admin@acme.example', pw: 'Admin-Pass1' }), redirect: 'manual' });
    expect(page.status).toBe(302);
    await expect(jwtLogin('admin@acme.example')).resolves.toMatchObject({ organizationId: ACME_ID });

    // Another user: pre-authorized through an admin-approved profile.
    await expect(jwtLogin('agent1@acme.example')).rejects.toThrow("user hasn't approved this consumer");
    const agentProfile = (await conn.query<{ Profile: { Name: string } }>("SELECT Profile.Name FROM User WHERE Username = 'agent1@acme.example'")).records[0]!.Profile.Name;
    emu.control.updateConnectedApp('JWT_CONTRACT_KEY', { permittedUsers: 'admin_approved', preauthorizedProfiles: [agentProfile] });
    await expect(jwtLogin('agent1@acme.example')).resolves.toMatchObject({ organizationId: ACME_ID });
  });
});
