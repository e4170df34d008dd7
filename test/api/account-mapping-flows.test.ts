/**
 * Every Salesforce OAuth flow through the account mapping API, against the Salesforce emulator: what
 * each flow needs, what it refuses, and changing a mapping from one flow to another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './support/harness.ts';
import { startMappingWorld, type MappingWorld } from './support/mapping-world.ts';
import { environment, OTHER_PRIVATE_KEY, PRIVATE_KEY } from './support/salesforce-org.ts';

let w: MappingWorld;
let h: Harness;

beforeAll(async () => {
  w = await startMappingWorld();
  h = w.h;
});

afterAll(async () => {
  await w.close();
});

const base = '/api/v1/tenants/acme/account-mappings';
type Field = { field: string; message: string };
const fieldsOf = (body: { details: { fields: Field[] } }) => Object.fromEntries(body.details.fields.map((f) => [f.field.replace(/^body\./, ''), f.message]));

/** The form of a flow: the common fields and only that flow's credentials. */
const form = (flow: string, credentials: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const { username: _u, password: _p, clientSecret: _s, ...common } = environment(w.login);
  return { ...common, authFlow: flow, ...credentials, ...extra };
};
const clientCredentials = (extra: Record<string, unknown> = {}) => form('client_credentials', { loginUrl: w.myDomain, clientSecret: 'ACME_CONSUMER_SECRET_42' }, extra);
const jwt = (extra: Record<string, unknown> = {}) => form('jwt_bearer', { username: 'admin@acme.example', privateKey: PRIVATE_KEY }, extra);

describe('client credentials flow', () => {
  it("maps and registers as the app's Run As user at the My Domain URL", async () => {
    const answer = await h.request({ method: 'POST', url: base, payload: clientCredentials({ id: 'cc' }) });
    expect(answer.statusCode).toBe(201);
    expect(answer.json().mapping).toMatchObject({ authFlow: 'client_credentials', loginUrl: w.myDomain, sfUsername: null, secretsSet: { sfClientSecret: true, sfPassword: false, sfPrivateKey: false } });
    expect(answer.json().mapping.statusDetail).toMatch(/Run As user/);
  });

  it('needs the consumer secret and the My Domain URL, takes no password, and names a wrong secret', async () => {
    const missing = await h.request({ method: 'POST', url: `${base}/validate`, payload: form('client_credentials', { password: 'x', loginUrl: undefined }) });
    expect(missing.statusCode).toBe(400);
    const fields = fieldsOf(missing.json());
    expect(Object.keys(fields).sort()).toEqual(['clientSecret', 'loginUrl', 'password']);
    expect(fields.loginUrl).toMatch(/My Domain URL/);
    expect(fields.password).toMatch(/client credentials flow uses no password/);

    const wrong = await h.request({ method: 'POST', url: base, payload: clientCredentials({ clientSecret: 'WRONG' }) });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().details.problems[0].code).toBe('PSYNC_SF_BAD_CLIENT_SECRET');
    expect(fieldsOf(wrong.json())).toHaveProperty('clientSecret');
    const sharedHost = await h.request({ method: 'POST', url: base, payload: clientCredentials({ loginUrl: w.login }) });
    expect(sharedHost.json().details.problems[0]).toMatchObject({ code: 'PSYNC_SF_WRONG_LOGIN_HOST', message: expect.stringMatching(/My Domain/) });
  });
});

describe('JWT bearer flow', () => {
  it('maps and registers with the username and the private key whose certificate is on the app', async () => {
    const answer = await h.request({ method: 'POST', url: base, payload: jwt({ id: 'jwt' }) });
    expect(answer.statusCode).toBe(201);
    expect(answer.json().mapping).toMatchObject({ authFlow: 'jwt_bearer', sfUsername: 'admin@acme.example', secretsSet: { sfPrivateKey: true, sfClientSecret: false, sfPassword: false } });
    expect((await h.store.accountMappings.revealSecrets('acme', 'jwt')).sfPrivateKey).toBe(PRIVATE_KEY);
  });

  it('says what is wrong with a pasted key before logging in, and names a key Salesforce does not know', async () => {
    const message = async (privateKey: string) => fieldsOf((await h.request({ method: 'POST', url: `${base}/validate`, payload: jwt({ privateKey }) })).json()).privateKey;
    expect(await message(PRIVATE_KEY.replace('BEGIN PRIVATE KEY', 'BEGIN RSA PRIVATE KEY').replace('END PRIVATE KEY', 'END RSA PRIVATE KEY'))).toMatch(/PKCS#1.*openssl pkcs8 -topk8/);
    expect(await message('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----')).toMatch(/certificate: it goes on the connected app/);
    expect(await message('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----')).toMatch(/encrypted/);
    expect(await message('-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----')).toMatch(/could not be read/);
    expect(await message('hub.key')).toMatch(/whole private key/);

    const missing = await h.request({ method: 'POST', url: `${base}/validate`, payload: form('jwt_bearer', { clientSecret: 'x' }) });
    const fields = fieldsOf(missing.json());
    expect(Object.keys(fields).sort()).toEqual(['clientSecret', 'privateKey', 'username']);
    expect(fields.privateKey).toMatch(/PKCS#8 PEM/);

    const unknownKey = await h.request({ method: 'POST', url: base, payload: jwt({ privateKey: OTHER_PRIVATE_KEY }) });
    expect(unknownKey.statusCode).toBe(422);
    expect(unknownKey.json().details.problems[0].code).toBe('PSYNC_SF_JWT_INVALID');
    expect(fieldsOf(unknownKey.json())).toHaveProperty('privateKey');
  });
});

describe('a new org and a new connected app, as Salesforce sets them up', () => {
  const ORG = '00D5g000004XyZa';

  it('Map and register names "Allow OAuth Username-Password Flows" when the org blocks the flow (off in new orgs)', async () => {
    w.salesforce.control.setOrgSettings(ORG, { allowUsernamePasswordFlows: false });
    try {
      const answer = await h.request({ method: 'POST', url: base, payload: environment(w.login, { id: 'pw-blocked' }) });
      expect(answer.statusCode).toBe(422);
      expect(answer.json().details.problems[0]).toMatchObject({ code: 'PSYNC_SF_BAD_CREDENTIALS', message: expect.stringContaining('"Allow OAuth Username-Password Flows"') });
    } finally {
      w.salesforce.control.setOrgSettings(ORG, { allowUsernamePasswordFlows: true });
    }
  });

  it('Map and register with JWT bearer tells the admin to pre-authorize the user when the user has not approved the app', async () => {
    w.salesforce.control.updateConnectedApp('ACME_KEY', { approvedBy: [] });
    try {
      const answer = await h.request({ method: 'POST', url: base, payload: jwt({ id: 'jwt-unapproved' }) });
      expect(answer.statusCode).toBe(422);
      expect(answer.json().details.problems[0]).toMatchObject({ code: 'PSYNC_SF_APP_NOT_APPROVED', message: expect.stringContaining('Admin approved users are pre-authorized') });
      w.salesforce.control.updateConnectedApp('ACME_KEY', { permittedUsers: 'admin_approved', preauthorizedProfiles: ['System Administrator'] });
      expect((await h.request({ method: 'POST', url: base, payload: jwt({ id: 'jwt-preauthorized' }) })).statusCode).toBe(201);
    } finally {
      w.salesforce.control.updateConnectedApp('ACME_KEY', { approvedBy: ['admin@acme.example'], permittedUsers: 'all', preauthorizedProfiles: [] });
    }
  });
});

describe('username-password flow', () => {
  it('stays the default, and needs its password and secret but takes no private key', async () => {
    const answer = await h.request({ method: 'POST', url: `${base}/validate`, payload: { ...environment(w.login), password: undefined, clientSecret: undefined, privateKey: PRIVATE_KEY } });
    const fields = fieldsOf(answer.json());
    expect(Object.keys(fields).sort()).toEqual(['clientSecret', 'password', 'privateKey']);
    expect(fields.privateKey).toMatch(/username-password flow uses no private key/);
    expect((await h.request({ method: 'POST', url: base, payload: environment(w.login, { id: 'pw' }) })).json().mapping.authFlow).toBe('username_password');
  });
});

describe('web-server flow: stored before it is connected', () => {
  it('keeps the form, with its CXone application checked, until "Connect to Salesforce" has run', async () => {
    const refused = await h.request({ method: 'POST', url: `${base}/validate`, payload: form('authorization_code', { username: 'admin@acme.example', password: 'x' }) });
    expect(Object.keys(fieldsOf(refused.json())).sort()).toEqual(['password', 'username']);

    const wrongCxone = await h.request({ method: 'POST', url: base, payload: form('authorization_code', { clientSecret: 'ACME_CONSUMER_SECRET_42' }, { ...w.cxoneFields, cxoneClientSecret: 'nope' }) });
    expect(wrongCxone.json().details.problems.map((p: { code: string }) => p.code)).toEqual(['PSYNC_CXONE_CLIENT_REJECTED']);

    const stored = await h.request({ method: 'POST', url: base, payload: form('authorization_code', { clientSecret: 'ACME_CONSUMER_SECRET_42' }, { id: 'web', ...w.cxoneFields }) });
    expect(stored.statusCode).toBe(201);
    expect(stored.json()).toMatchObject({ registration: null, cxone: { cxoneTenantId: 'cx-acme' }, next: expect.stringMatching(/Connect to Salesforce/) });
    expect(stored.json().mapping).toMatchObject({ authFlow: 'authorization_code', status: 'failed', statusDetail: expect.stringMatching(/Not connected to Salesforce yet/), secretsSet: { sfRefreshToken: false, sfClientSecret: true } });
    const save = await h.request({ method: 'POST', url: `${base}/web/save` });
    expect(save.statusCode).toBe(409);
    expect(save.json()).toMatchObject({ code: 'PSYNC_ACCOUNT_MAPPING_NOT_REGISTERED', message: expect.stringMatching(/Connect to Salesforce/) });
  });
});

describe('changing the flow of a mapping', () => {
  it('needs the new flow’s secrets, clears the old ones, and logs in with the new flow', async () => {
    const url = `${base}/pw`;
    const noKey = await h.request({ method: 'PATCH', url, payload: { authFlow: 'jwt_bearer' } });
    expect(noKey.statusCode).toBe(400);
    expect(fieldsOf(noKey.json())).toEqual({ privateKey: expect.stringMatching(/previous flow's secrets are not reused/) });
    const foreign = await h.request({ method: 'PATCH', url, payload: { authFlow: 'jwt_bearer', privateKey: PRIVATE_KEY, password: 'x' } });
    expect(fieldsOf(foreign.json())).toEqual({ password: expect.stringMatching(/JWT bearer flow uses no password/) });

    const toJwt = await h.request({ method: 'PATCH', url, payload: { authFlow: 'jwt_bearer', privateKey: PRIVATE_KEY } });
    expect(toJwt.statusCode).toBe(200);
    expect(toJwt.json().mapping).toMatchObject({ authFlow: 'jwt_bearer', sfUsername: 'admin@acme.example', status: 'draft', secretsSet: { sfPrivateKey: true, sfPassword: false, sfClientSecret: false } });
    expect(await h.store.accountMappings.revealSecrets('acme', 'pw')).toEqual({ sfPrivateKey: PRIVATE_KEY });

    const noSecret = await h.request({ method: 'PATCH', url, payload: { authFlow: 'client_credentials', loginUrl: w.myDomain } });
    expect(fieldsOf(noSecret.json())).toEqual({ clientSecret: expect.stringMatching(/consumer secret/) });
    const toClient = await h.request({ method: 'PATCH', url, payload: { authFlow: 'client_credentials', loginUrl: w.myDomain, clientSecret: 'ACME_CONSUMER_SECRET_42' } });
    expect(toClient.statusCode).toBe(200);
    expect(toClient.json().mapping).toMatchObject({ authFlow: 'client_credentials', sfUsername: null, secretsSet: { sfPrivateKey: false, sfClientSecret: true } });

    // A failed switch changes nothing.
    const badSwitch = await h.request({ method: 'PATCH', url, payload: { authFlow: 'username_password', username: 'admin@acme.example', password: 'wrong', clientSecret: 'ACME_CONSUMER_SECRET_42' } });
    expect(badSwitch.statusCode).toBe(422);
    expect((await h.request({ method: 'GET', url })).json().mapping).toMatchObject({ authFlow: 'client_credentials', secretsSet: { sfPassword: false } });
  });

  it('puts a mapping on the web-server flow into "not connected", but not one in use', async () => {
    const toWeb = await h.request({ method: 'PATCH', url: `${base}/pw`, payload: { authFlow: 'authorization_code' } });
    expect(toWeb.statusCode).toBe(200);
    expect(toWeb.json().mapping).toMatchObject({ authFlow: 'authorization_code', status: 'failed', secretsSet: { sfClientSecret: false, sfRefreshToken: false } });

    expect((await h.request({ method: 'POST', url: `${base}/cc/save` })).json().mapping.status).toBe('verified');
    const inUse = await h.request({ method: 'PATCH', url: `${base}/cc`, payload: { authFlow: 'authorization_code' } });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json()).toMatchObject({ code: 'PSYNC_ACCOUNT_MAPPING_IN_USE', message: expect.stringMatching(/Register a new environment/) });
    expect((await h.request({ method: 'GET', url: `${base}/cc` })).json().mapping).toMatchObject({ authFlow: 'client_credentials', status: 'verified' });
  });
});
