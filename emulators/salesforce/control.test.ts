import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import jsforce from 'jsforce';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from './index.ts';
import { acmeSeed, ACME_ID, sandboxSeed } from './test-support/fixture.ts';

let emu: SalesforceEmulator;
let sbx: SeededOrg;

beforeAll(async () => {
  emu = await createSalesforceEmulator({ orgs: [acmeSeed(), sandboxSeed()] });
  sbx = emu.control.describeOrg('acme--uat.sandbox');
});
afterAll(() => emu.close());
afterEach(() => emu.control.clearFaults());

async function login(): Promise<jsforce.Connection> {
  const conn = new jsforce.Connection({ oauth2: { loginUrl: `${emu.url}/login`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' }, version: '62.0' });
  await conn.login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123');
  return conn;
}

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${emu.url}/emulator${path}`, {
    method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

describe('fault script', () => {
  it('fails a path a given number of times with 503, then recovers', async () => {
    const conn = await login();
    const url = `${conn.instanceUrl}/services/data/v62.0/query?q=SELECT+Id+FROM+Organization`;
    const auth = { authorization: `Bearer ${conn.accessToken}` };
    emu.control.addFault({ path: '/query', action: { kind: 'http', status: 503 }, times: 1 });
    const failed = await fetch(url, { headers: auth });
    expect([failed.status, await failed.json()]).toEqual([503, [{ message: 'Server is temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]]);
    expect((await fetch(url, { headers: auth })).status).toBe(200);
    expect(emu.control.faults()).toEqual([]);
  });

  it('is retried by jsforce itself for GET requests (it retries 420/429/5xx up to five times)', async () => {
    const conn = await login();
    const id = emu.control.addFault({ path: '/query', action: { kind: 'http', status: 503 }, times: 1 });
    expect((await conn.query('SELECT Id FROM Organization')).totalSize).toBe(1);
    expect(emu.control.faults().find((f) => f.id === id)).toBeUndefined();
  });

  it('sends 429 with Retry-After by regular expression and method', async () => {
    const conn = await login();
    emu.control.addFault({ path: /\/limits$/, method: 'GET', action: { kind: 'http', status: 429, retryAfterSeconds: 7 }, times: 2 });
    const res = await fetch(`${conn.instanceUrl}/services/data/v62.0/limits`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '7']);
    expect(emu.control.faults()[0]?.hits).toBe(1);
  });

  it('expires the session mid-use; jsforce logs in again and carries on', async () => {
    const conn = await login();
    const before = conn.accessToken;
    emu.control.addFault({ path: '/query', action: { kind: 'expireSession' }, times: 1 });
    expect((await conn.query('SELECT Id FROM Organization')).totalSize).toBe(1);
    expect(conn.accessToken).not.toBe(before);
  });

  it('revokes every session of an org and answers REQUEST_LIMIT_EXCEEDED on demand', async () => {
    const conn = await login();
    const token = conn.accessToken as string;
    emu.control.addFault({ path: '/limits', orgId: ACME_ID, action: { kind: 'revokeOrgSessions' }, times: 1 });
    const revoked = await fetch(`${conn.instanceUrl}/services/data/v62.0/limits`, { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
    const again = await login();
    emu.control.addFault({ path: '/query', action: { kind: 'requestLimitExceeded', message: 'ConcurrentPerOrgLongTxn Limit exceeded.' } });
    await expect(again.query('SELECT Id FROM Organization')).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'ConcurrentPerOrgLongTxn Limit exceeded.' });
  });

  it('delays answers and scopes faults to one org', async () => {
    const conn = await login();
    emu.control.addFault({ path: '/query', action: { kind: 'latency', ms: 20 }, times: 1 });
    emu.control.addFault({ path: '/query', orgId: sbx.id, action: { kind: 'http', status: 500 } });
    expect((await conn.query('SELECT Id FROM Organization')).totalSize).toBe(1);
  });

  it('fails the token endpoint too', async () => {
    emu.control.addFault({ path: '/services/oauth2/token', action: { kind: 'http', status: 503, body: { error: 'server_error', error_description: 'maintenance' } }, times: 1 });
    await expect(login()).rejects.toMatchObject({ name: 'server_error', message: 'maintenance' });
    await expect(login()).resolves.toBeDefined();
  });
});

describe('HTTP control surface', () => {
  it('seeds an org, adds a user, simulates presence and reads records', async () => {
    const seeded = await control('POST', '/orgs', {
      name: 'Globex', myDomain: 'globex', hyperforce: true, channels: [{ developerName: 'Case' }],
      settings: { allowUsernamePasswordFlows: true },
      statuses: [{ label: 'Online', channels: ['Case'] }],
      connectedApps: [{ name: 'App', consumerKey: 'GLOBEX_KEY', consumerSecret: 'GLOBEX_SECRET' }],
    });
    expect(seeded.status).toBe(200);
    const org = seeded.body as SeededOrg;
    expect(org.id).toMatch(/^00D[A-Za-z0-9]{15}$/);
    expect(org.loginUrls).toEqual({ production: `${emu.url}/login`, myDomain: `${emu.url}/my/globex` });
    const user = await control('POST', `/orgs/${org.id}/users`, { username: 'agent@globex.example', password: 'pw', securityToken: 'T', lastName: 'Agent' });
    const userId = (user.body as { id: string }).id;
    expect((await control('POST', `/orgs/${org.id}/presence`, { userId, status: 'Online' })).status).toBe(200);
    const rows = (await control('GET', `/orgs/${org.id}/records/UserServicePresence`)).body as { IsCurrentState: boolean }[];
    expect(rows.map((r) => r.IsCurrentState)).toEqual([true]);

    const conn = new jsforce.Connection({ oauth2: { loginUrl: org.loginUrls.myDomain, clientId: 'GLOBEX_KEY', clientSecret: 'GLOBEX_SECRET' }, version: '62.0' });
    await conn.login('agent@globex.example', 'pwT');
    const info = await conn.query<{ InstanceName: string; IsSandbox: boolean }>('SELECT InstanceName, IsSandbox FROM Organization');
    expect(info.records[0]).toMatchObject({ IsSandbox: false, InstanceName: expect.stringMatching(/S$/) as unknown });
    expect(((await control('GET', `/orgs/${org.id}/api-usage`)).body as { used: number }).used).toBe(1);
    expect((await control('GET', '/orgs')).body).toHaveLength(3);
  });

  it('switches settings, scripts faults, revokes sessions, moves the clock and reports bad requests', async () => {
    const off = await control('PATCH', `/orgs/${ACME_ID}/settings`, { allowUsernamePasswordFlows: false });
    expect(off.body).toMatchObject({ allowUsernamePasswordFlows: false });
    await expect(login()).rejects.toMatchObject({ name: 'invalid_grant' });
    await control('PATCH', `/orgs/${ACME_ID}/settings`, { allowUsernamePasswordFlows: true });

    const added = (await control('POST', '/faults', { path: '^/services/data/v\\d+\\.0/query', regex: true, action: { kind: 'http', status: 503 } })).body as { id: string };
    expect((await control('GET', '/faults')).body).toEqual([expect.objectContaining({ id: added.id, regex: true, hits: 0 })]);
    const conn = await login();
    const query = (): Promise<Response> => fetch(`${conn.instanceUrl}/services/data/v62.0/query?q=SELECT+Id+FROM+Organization`, { headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect((await query()).status).toBe(503);
    await control('DELETE', `/faults/${added.id}`);
    expect((await query()).status).toBe(200);
    await control('POST', '/faults', { path: '/limits', action: { kind: 'http', status: 503 } });
    await control('DELETE', '/faults');
    expect((await control('GET', '/faults')).body).toEqual([]);

    const revoked = (await control('POST', '/sessions/revoke', { orgId: ACME_ID })).body as { revoked: number };
    expect(revoked.revoked).toBeGreaterThan(0);
    await control('PUT', `/orgs/${ACME_ID}/api-usage`, { used: 5 });
    expect((await control('GET', `/orgs/${ACME_ID}/api-usage`)).body).toEqual({ used: 5, limit: 100_000 });
    expect((await control('POST', '/clock', { advanceMs: 1000 })).status).toBe(200);
    const bad = await control('POST', `/orgs/00D000000000000/users`, { username: 'x', password: 'y', lastName: 'z' });
    expect(bad).toEqual({ status: 400, body: { error: 'emulator: no org 00D000000000000' } });
  });
});

describe('standalone command', () => {
  it('prints its base URL and serves requests', async () => {
    const bin = fileURLToPath(new URL('../bin/salesforce-emulator.js', import.meta.url));
    const child = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const line = out.split('\n')[0];
          if (out.includes('\n') && line) resolve(line.trim());
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const versions = await fetch(`${url}/services/data`);
      expect(versions.status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('request log', () => {
  it('counts token requests and API calls per org', async () => {
    emu.control.clearRequests();
    const conn = await login();
    await conn.query('SELECT Id FROM Organization');
    const log = emu.control.requests({ orgId: ACME_ID });
    expect(log.map((r) => [r.method, r.path.split('?')[0], r.host, r.status])).toEqual([
      ['POST', '/services/oauth2/token', 'production', 200],
      ['GET', '/services/data/v62.0/query', 'mydomain', 200],
    ]);
    const viaHttp = (await control('GET', '/requests?path=/services/oauth2/token')).body as unknown[];
    expect(viaHttp).toHaveLength(1);
    await control('DELETE', '/requests');
    expect(emu.control.requests()).toEqual([]);
  });
});
