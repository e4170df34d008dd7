import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from './index.ts';
import { acmeSeed, ACME_ID } from './test-support/fixture.ts';

let emu: SalesforceEmulator;
let acme: SeededOrg;

beforeAll(async () => {
  emu = await createSalesforceEmulator({ orgs: [acmeSeed()] });
  acme = emu.control.describeOrg(ACME_ID);
});
afterAll(() => emu.close());

async function admin(version = '64.0'): Promise<jsforce.Connection> {
  const conn = new jsforce.Connection({ oauth2: { loginUrl: `${emu.url}/login`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' }, version });
  await conn.login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123');
  return conn;
}

describe('in-process control API', () => {
  it('adds profiles, permission sets, licences, channels and statuses that the API then shows', async () => {
    const c = emu.control;
    c.addChannel(ACME_ID, { developerName: 'Messaging', relatedEntity: 'MessagingSession' });
    const statusId = c.addStatus(ACME_ID, { label: 'Available for Messaging', channels: ['Messaging'] });
    const profileId = c.addProfile(ACME_ID, { name: 'Messaging Agent', statusAccess: ['Available_for_Messaging'] });
    c.addPermissionSet(ACME_ID, { name: 'Messaging_Access', statusAccess: ['Busy'] });
    c.addPackageLicense(ACME_ID, { namespacePrefix: 'msg', allowedLicenses: 5 });
    const userId = c.addUser(ACME_ID, {
      username: 'msg@acme.example', password: 'Msg-Pass', lastName: 'Messenger', profile: 'Messaging Agent',
      packageLicenses: ['msg'], presence: 'Available_for_Messaging',
    });
    c.assignPermissionSet(ACME_ID, userId, 'Messaging_Access');
    c.setStatusAccess(ACME_ID, { permissionSet: 'Messaging_Access' }, ['On_Break']);
    c.setStatusAccess(ACME_ID, { profile: 'Messaging Agent' }, ['Available_for_Messaging'], false);

    const conn = await admin();
    const user = await conn.query<{ Profile: { Id: string } }>(`SELECT Profile.Id FROM User WHERE Id = '${userId}'`);
    expect(user.records[0]?.Profile.Id).toBe(profileId);
    const psa = await conn.query<{ PermissionSet: { Name: string } }>(`SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '${userId}'`);
    expect(psa.records.map((r) => r.PermissionSet.Name)).toEqual(['Messaging_Access']);
    const upl = await conn.query(`SELECT Id FROM UserPackageLicense WHERE UserId = '${userId}' AND PackageLicense.NamespacePrefix = 'msg'`);
    expect(upl.totalSize).toBe(1);
    const ps = await conn.metadata.read('PermissionSet', 'Messaging_Access') as unknown as { label: string; servicePresenceStatusAccesses: { servicePresenceStatus: string }[] };
    expect(ps.label).toBe('Messaging Access');
    expect(ps.servicePresenceStatusAccesses.map((a) => a.servicePresenceStatus)).toEqual(['Busy', 'On_Break']);
    const profile = await conn.metadata.read('Profile', 'Messaging Agent') as unknown as { fullName: string; servicePresenceStatusAccesses?: unknown[] };
    expect(profile.fullName).toBe('Messaging Agent');
    expect(profile.servicePresenceStatusAccesses ?? []).toEqual([]);
    expect(c.records(ACME_ID, 'UserServicePresence').some((r) => r.UserId === userId && r.ServicePresenceStatusId === statusId && r.IsCurrentState === true)).toBe(true);
    expect(() => c.addUser(ACME_ID, { username: 'msg@acme.example', password: 'x', lastName: 'Dup' })).toThrow(/exists/);
  });

  it('changes users, their secrets and login IP ranges', async () => {
    const c = emu.control;
    const agent = acme.users['agent2@acme.example'] as string;
    expect(c.securityToken(ACME_ID, agent)).toBe('TOK2');
    c.setUserSecret(ACME_ID, agent, { password: 'New-Pass', securityToken: 'NEWTOK' });
    const login = (pw: string): Promise<unknown> =>
      new jsforce.Connection({ oauth2: { loginUrl: `${emu.url}/login`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' }, version: '62.0' }).login('agent2@acme.example', pw);
    await expect(login('Agent-Pass2TOK2')).rejects.toMatchObject({ name: 'invalid_grant' });
    await expect(login('New-PassNEWTOK')).resolves.toBeDefined();
    c.setProfileLoginIpRanges(ACME_ID, 'Custom Agent', [{ start: '127.0.0.1', end: '127.0.0.1' }]);
    await expect(login('New-Pass')).resolves.toBeDefined();
    c.setProfileLoginIpRanges(ACME_ID, 'Custom Agent', []);
    c.updateUser(ACME_ID, agent, { IsActive: false });
    await expect(login('New-PassNEWTOK')).rejects.toMatchObject({ name: 'inactive_user' });
    c.updateUser(ACME_ID, agent, { IsActive: true });
    expect(c.revokeSessions({ userId: agent })).toBeGreaterThan(0);
    expect(() => c.securityToken(ACME_ID, '005000000000000AAA')).toThrow(/no user/);
    expect(() => c.updateConnectedApp('NOPE', {})).toThrow(/no connected app/);
  });
});

describe('sObject collections through jsforce', () => {
  it('updates and deletes many records in one call, all-or-none on request', async () => {
    const conn = await admin('62.0');
    const created = await conn.sobject('ServicePresenceStatus').create([
      { DeveloperName: 'Col_A', MasterLabel: 'Col A' },
      { DeveloperName: 'Col_B', MasterLabel: 'Col B' },
    ]);
    expect(created.every((r) => r.success)).toBe(true);
    const ids = created.map((r) => r.id as string);
    const updated = await conn.sobject('ServicePresenceStatus').update(ids.map((Id, i) => ({ Id, MasterLabel: `Column ${i}` })));
    expect(updated.map((r) => r.success)).toEqual([true, true]);
    const rolledBack = await conn.sobject('ServicePresenceStatus').update(
      [{ Id: ids[0] as string, MasterLabel: 'Changed' }, { Id: ids[1] as string, DeveloperName: 'bad name' }], { allOrNone: true },
    ).catch((e: unknown) => e);
    expect(JSON.stringify(rolledBack)).toContain('ALL_OR_NONE_OPERATION_ROLLED_BACK');
    const labels = await conn.query<{ MasterLabel: string }>("SELECT MasterLabel FROM ServicePresenceStatus WHERE DeveloperName LIKE 'Col_%' ORDER BY DeveloperName");
    expect(labels.records.map((r) => r.MasterLabel)).toEqual(['Column 0', 'Column 1']);
    const junction = await conn.sobject('ServiceChannelStatus').create({ ServicePresenceStatusId: ids[0], ServiceChannelId: acme.channels.Case });
    const deleted = await conn.sobject('ServiceChannelStatus').destroy([junction.id as string, '0N3000000000000AAA']);
    expect(deleted.map((r) => r.success)).toEqual([true, false]);
    const refused = await conn.sobject('Organization').destroy([ACME_ID]);
    expect(refused[0]).toMatchObject({ success: false });
  });
});

describe('Metadata API upsert and list', () => {
  it('upserts statuses (created true/false) and lists them as file properties', async () => {
    const conn = await admin();
    const first = await conn.metadata.upsert('ServicePresenceStatus', { fullName: 'Upserted', label: 'Upserted' } as never) as unknown as { created: boolean; success: boolean };
    expect(first).toMatchObject({ success: true, created: true });
    const second = await conn.metadata.upsert('ServicePresenceStatus', { fullName: 'Upserted', label: 'Upserted Again', channels: { channel: ['Case'] } } as never) as unknown as { created: boolean };
    expect(second.created).toBe(false);
    const read = await conn.metadata.read('ServicePresenceStatus', 'Upserted') as unknown as { label: string };
    expect(read.label).toBe('Upserted Again');
    const updatedMissing = await conn.metadata.update('ServicePresenceStatus', { fullName: 'Never_Made', label: 'x' } as never) as unknown as { success: boolean };
    expect(updatedMissing.success).toBe(false);
    const listed = await conn.metadata.list({ type: 'ServicePresenceStatus' });
    const names = (Array.isArray(listed) ? listed : [listed]).map((f) => f.fullName);
    expect(names).toContain('Upserted');
    expect(names).toContain('Busy');
    const missing = await conn.metadata.read('ServicePresenceStatus', 'Not_There') as unknown as { fullName?: string };
    expect(missing.fullName).toBeUndefined();
  });
});
