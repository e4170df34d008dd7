import jsforce from 'jsforce';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from './index.ts';
import { acmeSeed, ACME_ID, sandboxSeed } from './test-support/fixture.ts';

let emu: SalesforceEmulator;
let acme: SeededOrg;
let conn: jsforce.Connection;
let api: string;

beforeAll(async () => {
  emu = await createSalesforceEmulator({ orgs: [acmeSeed(), sandboxSeed()] });
  acme = emu.control.describeOrg(ACME_ID);
  conn = new jsforce.Connection({ oauth2: { loginUrl: `${emu.url}/login`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' }, version: '62.0' });
  await conn.login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123');
  api = `${conn.instanceUrl}/services/data/v62.0`;
});
afterAll(() => emu.close());
afterEach(() => emu.control.clearFaults());

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(path.startsWith('http') ? path : `${api}${path}`, { headers: { authorization: `Bearer ${conn.accessToken}`, ...headers } });
}

async function send(method: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${api}${path}`, {
    method, headers: { authorization: `Bearer ${conn.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
}

describe('query', () => {
  it('pages with nextRecordsUrl at the requested batch size and through jsforce autoFetch', async () => {
    for (let i = 0; i < 2100; i++) emu.control.addUser(ACME_ID, { username: `bulk${String(i).padStart(4, '0')}@acme.example`, password: 'x', lastName: `Bulk${i}` });
    const soql = encodeURIComponent("SELECT Id, Username FROM User WHERE Username LIKE 'bulk%' ORDER BY Username");
    const first = await get(`/query?q=${soql}`, { 'sforce-query-options': 'batchSize=500' });
    const page1 = (await first.json()) as { totalSize: number; done: boolean; nextRecordsUrl: string; records: { Username: string }[] };
    expect(Object.keys(page1)).toEqual(['totalSize', 'done', 'nextRecordsUrl', 'records']);
    expect(page1).toMatchObject({ totalSize: 2100, done: false });
    expect(page1.records).toHaveLength(500);
    expect(page1.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]{15}-500$/);
    const page2 = (await (await get(`${conn.instanceUrl}${page1.nextRecordsUrl}`)).json()) as { records: { Username: string }[]; nextRecordsUrl: string };
    expect(page2.records[0]?.Username).toBe('bulk0500@acme.example');
    const viaRoot = (await (await get(`${emu.url}${page2.nextRecordsUrl}`)).json()) as { records: unknown[] };
    expect(viaRoot.records).toHaveLength(500);

    const all = await conn.query<{ Username: string }>("SELECT Username FROM User WHERE Username LIKE 'bulk%'").run({ autoFetch: true, maxFetch: 5000 });
    expect(all.records).toHaveLength(2100);
    const bad = await get('/query/01gXXXXXXXXXXXXXXX-2000');
    expect([bad.status, await bad.json()]).toEqual([400, [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]]);
  });

  it('answers SOQL errors in Salesforce shape and through jsforce', async () => {
    const res = await get(`/query?q=${encodeURIComponent('SELECT Nope FROM User')}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errorCode: string; message: string }[];
    expect(body).toHaveLength(1);
    expect(body[0]?.errorCode).toBe('INVALID_FIELD');
    await expect(conn.query('SELECT Id FROM Nope')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
    expect(await (await get('/query')).json()).toEqual([{ message: 'A query string has to be specified', errorCode: 'MALFORMED_QUERY' }]);
  });

  it('shows deleted presence rows only to queryAll', async () => {
    const agent = acme.users['agent2@acme.example'] as string;
    const change = emu.control.setPresence(ACME_ID, agent, 'Available_for_Cases');
    const del = await fetch(`${api}/sobjects/UserServicePresence/${change.openedId}`, { method: 'DELETE', headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect(del.status).toBe(204);
    const soql = encodeURIComponent(`SELECT Id, IsDeleted FROM UserServicePresence WHERE Id = '${change.openedId}'`);
    expect(((await (await get(`/query?q=${soql}`)).json()) as { totalSize: number }).totalSize).toBe(0);
    const all = (await (await get(`/queryAll?q=${soql}`)).json()) as { records: { IsDeleted: boolean }[] };
    expect(all.records[0]?.IsDeleted).toBe(true);
  });
});

describe('API access', () => {
  it('answers API_CURRENTLY_DISABLED for a profile without "API Enabled" and API_DISABLED_FOR_ORG for an org without API', async () => {
    emu.control.addProfile(ACME_ID, { name: 'No API', apiEnabled: false });
    emu.control.addUser(ACME_ID, { username: 'noapi@acme.example', password: 'NoApi-Pass', securityToken: 'NA', lastName: 'NoApi', profile: 'No API' });
    const noApi = new jsforce.Connection({ oauth2: { loginUrl: `${emu.url}/login`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' }, version: '62.0' });
    await noApi.login('noapi@acme.example', 'NoApi-PassNA');
    await expect(noApi.query('SELECT Id FROM Organization')).rejects.toMatchObject({ errorCode: 'API_CURRENTLY_DISABLED', message: 'API is disabled for this User' });
    emu.control.setApiEnabled(ACME_ID, false);
    try {
      await expect(conn.query('SELECT Id FROM Organization')).rejects.toMatchObject({ errorCode: 'API_DISABLED_FOR_ORG' });
    } finally {
      emu.control.setApiEnabled(ACME_ID, true);
    }
  });
});

describe('Omni-Channel switched off', () => {
  it('hides the Omni-Channel objects as an org without Omni-Channel does', async () => {
    emu.control.setOrgSettings(ACME_ID, { omniChannelEnabled: false });
    try {
      await expect(conn.query('SELECT Id FROM ServicePresenceStatus')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
      expect((await get('/sobjects/UserServicePresence/describe')).status).toBe(404);
      const global = (await (await get('/sobjects')).json()) as { sobjects: { name: string }[] };
      expect(global.sobjects.map((o) => o.name)).not.toContain('ServiceChannel');
    } finally {
      emu.control.setOrgSettings(ACME_ID, { omniChannelEnabled: true });
    }
    expect((await conn.query('SELECT Id FROM ServicePresenceStatus')).totalSize).toBeGreaterThan(0);
  });
});

describe('presence simulation', () => {
  it('closes the current row and opens a new one, and logs out', async () => {
    const agent = acme.users['agent1@acme.example'] as string;
    const since = new Date(Date.now() - 1000).toISOString();
    emu.control.setPresence(ACME_ID, agent, 'Busy');
    const rows = await conn.query<{ ServicePresenceStatus: { DeveloperName: string }; IsCurrentState: boolean; IsAway: boolean; StatusEndDate: string | null }>(
      `SELECT ServicePresenceStatus.DeveloperName, IsCurrentState, IsAway, StatusEndDate FROM UserServicePresence WHERE UserId = '${agent}' AND SystemModstamp > ${since} ORDER BY StatusStartDate`,
    );
    expect(rows.records.map((r) => [r.ServicePresenceStatus.DeveloperName, r.IsCurrentState, r.IsAway, r.StatusEndDate === null])).toEqual([
      ['Available', false, false, false],
      ['Busy', true, true, true],
    ]);
    emu.control.setPresence(ACME_ID, agent, null);
    const current = await conn.query(`SELECT Id FROM UserServicePresence WHERE UserId = '${agent}' AND IsCurrentState = true`);
    expect(current.totalSize).toBe(0);
    expect(() => emu.control.setPresence(ACME_ID, agent, 'Nope')).toThrow(/no presence status/);
  });
});

describe('sobjects', () => {
  it('describes objects with their key prefixes and relationships', async () => {
    const global = await conn.describeGlobal();
    const byName = Object.fromEntries(global.sobjects.map((s) => [s.name, s.keyPrefix]));
    expect(byName).toMatchObject({ User: '005', Profile: '00e', ServicePresenceStatus: '0N5', ServiceChannel: '0N1', PermissionSet: '0PS', Organization: '00D' });
    const usp = await conn.describe('UserServicePresence');
    expect(usp).toMatchObject({ createable: false, updateable: false, deletable: true, queryable: true });
    const statusField = usp.fields.find((f) => f.name === 'ServicePresenceStatusId');
    expect(statusField).toMatchObject({ type: 'reference', referenceTo: ['ServicePresenceStatus'], relationshipName: 'ServicePresenceStatus' });
    const missing = await get('/sobjects/Nope/describe');
    expect(missing.status).toBe(404);
  });

  it('retrieves, creates, updates and refuses what Salesforce refuses', async () => {
    const user = await conn.sobject('User').retrieve(acme.users['agent1@acme.example'] as string) as unknown as Record<string, unknown>;
    expect(user).toMatchObject({ Username: 'agent1@acme.example', FederationIdentifier: 'alice-fed', attributes: { type: 'User' } });
    const partial = (await (await get(`/sobjects/User/${acme.users['agent1@acme.example']}?fields=Username,Email`)).json()) as Record<string, unknown>;
    expect(Object.keys(partial)).toEqual(['attributes', 'Username', 'Email']);

    const created = await conn.sobject('ServicePresenceStatus').create({ DeveloperName: 'Training', MasterLabel: 'Training' });
    expect(created).toMatchObject({ success: true });
    expect(created.id?.startsWith('0N5')).toBe(true);
    const dup = await send('POST', '/sobjects/ServicePresenceStatus', { DeveloperName: 'Training', MasterLabel: 'Again' });
    expect(dup.status).toBe(400);
    expect(((await dup.json()) as { errorCode: string }[])[0]?.errorCode).toBe('DUPLICATE_VALUE');
    expect(await (await send('POST', '/sobjects/ServicePresenceStatus', { MasterLabel: 'x' })).json())
      .toEqual([{ message: 'Required fields are missing: [DeveloperName]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['DeveloperName'] }]);
    expect(((await (await send('POST', '/sobjects/ServicePresenceStatus', { DeveloperName: 'bad name', MasterLabel: 'x' })).json()) as { errorCode: string }[])[0]?.errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    expect(((await (await send('POST', '/sobjects/ServicePresenceStatus', { DeveloperName: 'X1', MasterLabel: 'x', Bogus: 1 })).json()) as { errorCode: string }[])[0]?.errorCode).toBe('INVALID_FIELD');
    expect(((await (await send('POST', '/sobjects/UserServicePresence', { UserId: acme.users['agent1@acme.example'] })).json()) as { errorCode: string }[])[0]?.errorCode).toBe('INVALID_TYPE_FOR_OPERATION');
    expect(((await (await send('PATCH', `/sobjects/Organization/${ACME_ID}`, { Name: 'x' })).json()) as { errorCode: string }[])[0]?.errorCode).toBe('INVALID_TYPE_FOR_OPERATION');
    expect(((await (await send('POST', '/sobjects/PermissionSetAssignment', { AssigneeId: '005000000000000AAA', PermissionSetId: acme.permissionSets.Omni_Agent })).json()) as { errorCode: string }[])[0]?.errorCode).toBe('INVALID_CROSS_REFERENCE_KEY');
    expect(((await (await send('POST', '/sobjects/PermissionSetAssignment', { AssigneeId: 'nope', PermissionSetId: acme.permissionSets.Omni_Agent })).json()) as { errorCode: string }[])[0]?.errorCode).toBe('MALFORMED_ID');

    const upd = await send('PATCH', `/sobjects/ServicePresenceStatus/${created.id}`, { MasterLabel: 'Training Time' });
    expect(upd.status).toBe(204);
    const readBack = await conn.sobject('ServicePresenceStatus').retrieve(created.id as string) as unknown as { MasterLabel: string };
    expect(readBack.MasterLabel).toBe('Training Time');
    expect((await get('/sobjects/ServicePresenceStatus/0N5000000000000AAA')).status).toBe(404);
  });

  it('assigns permission sets and licences (counting used licences), and grants status access via SetupEntityAccess', async () => {
    const bob = acme.users['agent2@acme.example'] as string;
    const results = await conn.sobject('PermissionSetAssignment').create([
      { AssigneeId: bob, PermissionSetId: acme.permissionSets.Omni_Agent },
      { AssigneeId: bob, PermissionSetId: acme.permissionSets.Omni_Agent },
    ]);
    expect(results.map((r) => r.success)).toEqual([true, false]);
    const pl = await conn.query<{ Id: string; UsedLicenses: number }>("SELECT Id, UsedLicenses FROM PackageLicense WHERE NamespacePrefix = 'nicecx'");
    const before = pl.records[0]?.UsedLicenses ?? 0;
    await conn.sobject('UserPackageLicense').create({ UserId: bob, PackageLicenseId: pl.records[0]?.Id });
    const after = await conn.query<{ UsedLicenses: number }>("SELECT UsedLicenses FROM PackageLicense WHERE NamespacePrefix = 'nicecx'");
    expect(after.records[0]?.UsedLicenses).toBe(before + 1);
    const ps = await conn.query<{ Id: string }>("SELECT Id FROM PermissionSet WHERE IsOwnedByProfile = true AND Profile.Name = 'Custom Agent'");
    const grant = await conn.sobject('SetupEntityAccess').create({ ParentId: ps.records[0]?.Id, SetupEntityId: acme.statuses.On_Break });
    expect(grant.success).toBe(true);
    const rows = await conn.query<{ SetupEntityType: string }>(`SELECT SetupEntityType FROM SetupEntityAccess WHERE Id = '${grant.id}'`);
    expect(rows.records[0]?.SetupEntityType).toBe('ServicePresenceStatus');
  });
});

describe('composite', () => {
  it('chains subrequests with references and counts as one API call', async () => {
    const before = emu.control.apiUsage(ACME_ID).used;
    const res = await send('POST', '/composite', {
      compositeRequest: [
        { method: 'POST', url: '/services/data/v62.0/sobjects/ServicePresenceStatus', referenceId: 'st', body: { DeveloperName: 'Chat_Ready', MasterLabel: 'Chat Ready' } },
        { method: 'POST', url: '/services/data/v62.0/sobjects/ServiceChannelStatus', referenceId: 'link', body: { ServicePresenceStatusId: '@{st.id}', ServiceChannelId: acme.channels.Case } },
        { method: 'GET', url: "/services/data/v62.0/query?q=SELECT+Id+FROM+ServicePresenceStatus+WHERE+DeveloperName='Chat_Ready'", referenceId: 'q' },
        { method: 'GET', url: '/services/data/v62.0/sobjects/ServicePresenceStatus/@{q.records[0].Id}', referenceId: 'get' },
      ],
    });
    const body = (await res.json()) as { compositeResponse: { httpStatusCode: number; referenceId: string; body: Record<string, unknown>; httpHeaders: Record<string, string> }[] };
    expect(body.compositeResponse.map((r) => [r.referenceId, r.httpStatusCode])).toEqual([['st', 201], ['link', 201], ['q', 200], ['get', 200]]);
    expect(body.compositeResponse[0]?.httpHeaders.Location).toBe(`/services/data/v62.0/sobjects/ServicePresenceStatus/${String(body.compositeResponse[0]?.body.id)}`);
    expect(body.compositeResponse[3]?.body.DeveloperName).toBe('Chat_Ready');
    expect(emu.control.apiUsage(ACME_ID).used).toBe(before + 1);
  });

  it('rolls everything back with allOrNone', async () => {
    const res = await send('POST', '/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: '/services/data/v62.0/sobjects/ServicePresenceStatus', referenceId: 'ok', body: { DeveloperName: 'Rolled_Back', MasterLabel: 'Rolled Back' } },
        { method: 'POST', url: '/services/data/v62.0/sobjects/ServicePresenceStatus', referenceId: 'bad', body: { MasterLabel: 'no name' } },
        { method: 'GET', url: '/services/data/v62.0/sobjects/ServicePresenceStatus/@{ok.id}', referenceId: 'after' },
      ],
    });
    const body = (await res.json()) as { compositeResponse: { httpStatusCode: number; body: { errorCode: string }[] }[] };
    expect(body.compositeResponse.map((r) => [r.httpStatusCode, r.body[0]?.errorCode])).toEqual([
      [400, 'PROCESSING_HALTED'], [400, 'REQUIRED_FIELD_MISSING'], [400, 'PROCESSING_HALTED'],
    ]);
    expect((await conn.query("SELECT Id FROM ServicePresenceStatus WHERE DeveloperName = 'Rolled_Back'")).totalSize).toBe(0);
  });

  it('refuses more than 25 subrequests', async () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ method: 'GET', url: '/services/data/v62.0/limits', referenceId: `r${i}` }));
    const res = await send('POST', '/composite', { compositeRequest: many });
    expect(res.status).toBe(400);
  });
});

describe('limits and API usage', () => {
  it('reports usage in Sforce-Limit-Info and /limits, and stops at the daily limit', async () => {
    const res = await get('/limits');
    const header = res.headers.get('sforce-limit-info') ?? '';
    const [used, max] = (/api-usage=(\d+)\/(\d+)/.exec(header) ?? []).slice(1).map(Number);
    expect(max).toBe(100_000);
    const limits = (await res.json()) as { DailyApiRequests: { Max: number; Remaining: number } };
    expect(limits.DailyApiRequests).toEqual({ Max: 100_000, Remaining: 100_000 - (used ?? 0) });
    expect((await conn.limits()).DailyApiRequests?.Max).toBe(100_000);
    const saved = emu.control.apiUsage(ACME_ID);
    emu.control.setApiUsage(ACME_ID, { used: saved.limit });
    try {
      const over = await get('/limits');
      expect([over.status, await over.json()]).toEqual([403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]]);
    } finally {
      emu.control.setApiUsage(ACME_ID, { used: saved.used });
    }
  });

  it('keeps the counters per org', async () => {
    const sbx = emu.control.describeOrg('acme--uat.sandbox');
    expect(emu.control.apiUsage(sbx.id).used).toBe(0);
  });

  it('answers 404 for unknown versions and 401 for another org\'s instance or no token', async () => {
    expect((await get(`${conn.instanceUrl}/services/data/v20.0/limits`)).status).toBe(404);
    const unknown = await get('/nothing-here');
    expect([unknown.status, await unknown.json()]).toEqual([404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]]);
    const badJson = await fetch(`${api}/sobjects/ServicePresenceStatus`, {
      method: 'POST', headers: { authorization: `Bearer ${conn.accessToken}`, 'content-type': 'application/json' }, body: '{nope',
    });
    expect([badJson.status, ((await badJson.json()) as { errorCode: string }[])[0]?.errorCode]).toEqual([400, 'JSON_PARSER_ERROR']);
    const foreign = await get(`${emu.url}/my/acme--uat.sandbox/services/data/v62.0/limits`);
    expect([foreign.status, await foreign.json()]).toEqual([401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]]);
    expect((await fetch(`${api}/limits`)).status).toBe(401);
    const versions = (await (await fetch(`${emu.url}/my/acme/services/data`)).json()) as { version: string }[];
    expect(versions.map((v) => v.version)).toContain('62.0');
  });
});
