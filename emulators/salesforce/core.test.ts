import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from './index.ts';
import { acmeSeed, ACME_ID, sandboxSeed } from './test-support/fixture.ts';

let emu: SalesforceEmulator;
let acme: SeededOrg;

beforeAll(async () => {
  emu = await createSalesforceEmulator({ orgs: [acmeSeed(), sandboxSeed()] });
  acme = emu.control.describeOrg(ACME_ID);
});
afterAll(() => emu.close());

function connection(loginUrl: string, clientId = 'ACME_KEY', clientSecret = 'ACME_SECRET'): jsforce.Connection {
  return new jsforce.Connection({ oauth2: { loginUrl, clientId, clientSecret }, version: '62.0' });
}

describe('jsforce against the emulator', () => {
  it('logs in with the password flow on the production host and reads the org', async () => {
    const conn = connection(`${emu.url}/login`);
    const info = await conn.login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123');
    expect(info.organizationId).toBe(ACME_ID);
    expect(conn.accessToken?.startsWith(`${ACME_ID.slice(0, 15)}!`)).toBe(true);
    expect(conn.instanceUrl).toBe(`${emu.url}/my/acme`);
    const org = await conn.query<{ Id: string; IsSandbox: boolean; Name: string }>('SELECT Id, Name, IsSandbox FROM Organization');
    expect(org.records).toHaveLength(1);
    expect(org.records[0]).toMatchObject({ Id: ACME_ID, Name: 'Acme Corp', IsSandbox: false });
    expect(conn.limitInfo?.apiUsage?.used).toBeGreaterThan(0);
  });

  it('queries statuses with relationship fields and users with their profile', async () => {
    const conn = connection(`${emu.url}/my/acme`);
    await conn.login('agent1@acme.example', 'Agent-Pass1TOK1');
    const statuses = await conn.query<{ DeveloperName: string; MasterLabel: string }>('SELECT Id, DeveloperName, MasterLabel FROM ServicePresenceStatus ORDER BY DeveloperName');
    expect(statuses.records.map((r) => r.DeveloperName)).toEqual(['Available', 'Available_for_Cases', 'Busy', 'On_Break']);
    const users = await conn.query<{ Username: string; Profile: { Name: string } }>("SELECT Username, Profile.Name FROM User WHERE Profile.Name = 'Custom Agent' AND IsActive = true ORDER BY Username");
    expect(users.records.map((u) => [u.Username, u.Profile.Name])).toEqual([['agent1@acme.example', 'Custom Agent'], ['agent2@acme.example', 'Custom Agent']]);
    const presence = await conn.query<{ User: { Username: string }; ServicePresenceStatus: { DeveloperName: string }; IsAway: boolean }>(
      'SELECT User.Username, ServicePresenceStatus.DeveloperName, IsAway FROM UserServicePresence WHERE IsCurrentState = true ORDER BY User.Username',
    );
    expect(presence.records.map((p) => [p.User.Username, p.ServicePresenceStatus.DeveloperName, p.IsAway])).toEqual([
      ['agent1@acme.example', 'Available', false],
      ['agent2@acme.example', 'Busy', true],
    ]);
  });

  it('serves the identity URL of the token response', async () => {
    const conn = connection(`${emu.url}/login`);
    await conn.login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123');
    const identity = await conn.identity();
    expect(identity.organization_id).toBe(ACME_ID);
    expect(identity.username).toBe('admin@acme.example');
    expect(identity.user_id).toBe(acme.users['admin@acme.example']);
  });

  it('logs a sandbox user in through the sandbox host only', async () => {
    const sbx = connection(`${emu.url}/test`, 'UAT_KEY', 'UAT_SECRET');
    const info = await sbx.login('admin@acme.example.uat', 'Sbx-Pass1SBXTOKEN');
    const org = await sbx.query<{ IsSandbox: boolean }>('SELECT IsSandbox FROM Organization');
    expect(org.records[0]?.IsSandbox).toBe(true);
    expect(info.organizationId).not.toBe(ACME_ID);
    await expect(connection(`${emu.url}/login`, 'UAT_KEY', 'UAT_SECRET').login('admin@acme.example.uat', 'Sbx-Pass1SBXTOKEN'))
      .rejects.toMatchObject({ name: 'invalid_grant', message: 'authentication failure' });
  });
});
