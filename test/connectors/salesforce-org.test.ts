import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from '../../emulators/salesforce/index.ts';
import {
  mapAndRegister,
  readOrgSnapshot,
  readStatusCatalog,
  SalesforceSession,
  type LoginHosts,
  type SalesforceCredentials,
} from '../../src/connectors/salesforce/index.ts';

let emulator: SalesforceEmulator;
let acme: SeededOrg;
let uat: SeededOrg;
let cloud: SeededOrg;
let hosts: LoginHosts;

beforeAll(async () => {
  emulator = await createSalesforceEmulator({
    orgs: [
      {
        id: '00D5g000004XyZa',
        name: 'Acme Corp',
        myDomain: 'acme',
        settings: { allowUsernamePasswordFlows: true }, // as its administrator set it (off in new orgs)
        channels: [{ developerName: 'Case' }, { developerName: 'Phone', relatedEntity: 'VoiceCall' }],
        statuses: [{ label: 'Available for Cases', channels: ['Case'] }, { label: 'Available', channels: ['Case', 'Phone'] }, { label: 'Busy' }, { label: 'On Break' }],
        profiles: [{ name: 'Custom Agent', statusAccess: ['Available', 'Busy'] }, { name: 'Plain Agent' }],
        permissionSets: [{ name: 'Omni_Agent', statusAccess: ['Available_for_Cases'] }, { name: 'NICE_Agent' }, { name: 'Unrelated' }],
        packageLicenses: [{ namespacePrefix: 'nicecx', allowedLicenses: 50 }],
        users: [
          { username: 'admin@acme.example', password: 'Admin-Pass1', securityToken: 'TOKEN', lastName: 'Admin', profile: 'System Administrator' },
          {
            username: 'alice@acme.example',
            password: 'x',
            lastName: 'Agent',
            firstName: 'Alice',
            profile: 'Custom Agent',
            permissionSets: ['NICE_Agent', 'Unrelated'],
            packageLicenses: ['nicecx'],
            serviceCloudUser: true,
            lightning: true,
          },
          { username: 'paul@acme.example', password: 'x', lastName: 'Plain', profile: 'Plain Agent', permissionSets: ['Omni_Agent'], lightning: true },
          ...Array.from({ length: 250 }, (_, i) => ({ username: `bulk${i}@acme.example`, password: 'x', lastName: `Bulk ${i}`, profile: 'Custom Agent', packageLicenses: ['nicecx'] })),
        ],
        connectedApps: [{ name: 'PresenceSync', consumerKey: 'ACME_KEY', consumerSecret: 'ACME_SECRET' }],
      },
      {
        id: '00D7x000000UaTb',
        name: 'Acme UAT',
        myDomain: 'acme--uat.sandbox',
        settings: { allowUsernamePasswordFlows: true }, // as its administrator set it (off in new orgs)
        platform: 'sandbox',
        users: [{ username: 'admin@acme.example.uat', password: 'Sbx-Pass1', securityToken: 'SBX', lastName: 'Admin', profile: 'System Administrator' }],
        connectedApps: [{ name: 'PresenceSync', consumerKey: 'UAT_KEY', consumerSecret: 'UAT_SECRET' }],
      },
      {
        id: '00D9h000000HfCe',
        name: 'Acme Cloud',
        myDomain: 'acme-cloud',
        settings: { allowUsernamePasswordFlows: true }, // as its administrator set it (off in new orgs)
        hyperforce: true,
        users: [{ username: 'admin@cloud.example', password: 'Cloud-Pass1', securityToken: 'CLD', lastName: 'Admin', profile: 'System Administrator' }],
        connectedApps: [{ name: 'PresenceSync', consumerKey: 'CLOUD_KEY', consumerSecret: 'CLOUD_SECRET' }],
      },
    ],
  });
  acme = emulator.control.describeOrg('00D5g000004XyZa');
  uat = emulator.control.describeOrg('00D7x000000UaTb');
  cloud = emulator.control.describeOrg('00D9h000000HfCe');
  hosts = { production: `${emulator.url}/login`, sandbox: `${emulator.url}/test` };
});

afterAll(async () => {
  await emulator.close();
});

const acmeCredentials = (loginUrl = hosts.production): SalesforceCredentials => ({
  flow: 'password',
  loginUrl,
  clientId: 'ACME_KEY',
  clientSecret: 'ACME_SECRET',
  username: 'admin@acme.example',
  password: 'Admin-Pass1',
  securityToken: 'TOKEN',
});
const uatCredentials = (loginUrl: string): SalesforceCredentials => ({
  flow: 'password',
  loginUrl,
  clientId: 'UAT_KEY',
  clientSecret: 'UAT_SECRET',
  username: 'admin@acme.example.uat',
  password: 'Sbx-Pass1',
  securityToken: 'SBX',
});
const cloudCredentials = (loginUrl: string): SalesforceCredentials => ({
  flow: 'password',
  loginUrl,
  clientId: 'CLOUD_KEY',
  clientSecret: 'CLOUD_SECRET',
  username: 'admin@cloud.example',
  password: 'Cloud-Pass1',
  securityToken: 'CLD',
});
const codes = (result: { ok: boolean } & ({ ok: true } | { ok: false; problems: readonly { code: string }[] })) => (result.ok ? [] : result.problems.map((p) => p.code));

describe('Map and register', () => {
  it('registers a production org typed with 15 characters, for one API call', async () => {
    const result = await mapAndRegister({ platform: 'production', organizationId: acme.id15, credentials: acmeCredentials(), loginHosts: hosts });
    expect(result).toMatchObject({
      ok: true,
      value: {
        organizationId: acme.id,
        organizationName: 'Acme Corp',
        platform: 'production',
        isSandbox: false,
        hyperforce: false,
        instanceUrl: acme.instanceUrl,
        userId: acme.users['admin@acme.example'],
        apiCalls: 1,
        tokenRequests: 1,
        notes: [],
      },
    });
  });

  it('accepts the 18-character ID in any case, and refuses a malformed one before logging in', async () => {
    expect((await mapAndRegister({ platform: 'production', organizationId: acme.id.toLowerCase(), credentials: acmeCredentials(), loginHosts: hosts })).ok).toBe(true);
    expect(codes(await mapAndRegister({ platform: 'production', organizationId: '005000000000001', credentials: acmeCredentials(), loginHosts: hosts }))).toEqual(['PSYNC_ORGID_PREFIX']);
  });

  it('reports the exact org-id mismatch', async () => {
    const result = await mapAndRegister({ platform: 'production', organizationId: cloud.id15, credentials: acmeCredentials(), loginHosts: hosts });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'PSYNC_SF_ORG_MISMATCH', message: expect.stringContaining(`${acme.id15} ("Acme Corp")`), details: { typed: cloud.id, reached: acme.id } }),
    ]);
  });

  it('tells sandbox credentials at the production host to choose sandbox', async () => {
    const result = await mapAndRegister({ platform: 'production', organizationId: uat.id15, credentials: uatCredentials(hosts.production), loginHosts: hosts });
    expect(codes(result)).toEqual(['PSYNC_SF_WRONG_LOGIN_HOST']);
    if (!result.ok) expect(result.problems[0]?.message).toContain('Choose "sandbox"');
    expect((await mapAndRegister({ platform: 'sandbox', organizationId: uat.id15, credentials: uatCredentials(hosts.sandbox), loginHosts: hosts })).ok).toBe(true);
  });

  it('keeps a wrong password a wrong password when the other host does not know the user either', async () => {
    const result = await mapAndRegister({ platform: 'production', organizationId: acme.id15, credentials: { ...acmeCredentials(), securityToken: 'WRONG' } as SalesforceCredentials, loginHosts: hosts });
    expect(codes(result)).toEqual(['PSYNC_SF_BAD_CREDENTIALS']);
  });

  it('checks the login host and Organization.IsSandbox against the chosen platform', async () => {
    expect(codes(await mapAndRegister({ platform: 'sandbox', organizationId: acme.id15, credentials: acmeCredentials(hosts.production), loginHosts: hosts }))).toEqual([
      'PSYNC_SF_WRONG_LOGIN_HOST',
    ]);
    expect(codes(await mapAndRegister({ platform: 'production', organizationId: uat.id15, credentials: uatCredentials(uat.loginUrls.myDomain), loginHosts: hosts }))).toEqual([
      'PSYNC_SF_WRONG_LOGIN_HOST',
    ]);
    expect(codes(await mapAndRegister({ platform: 'sandbox', organizationId: acme.id15, credentials: acmeCredentials(acme.loginUrls.myDomain), loginHosts: hosts }))).toEqual([
      'PSYNC_SF_PLATFORM_MISMATCH',
    ]);
  });

  it('registers a Hyperforce org through its My Domain, and refuses the shared host or a first-generation org', async () => {
    const result = await mapAndRegister({ platform: 'hyperforce', organizationId: cloud.id, credentials: cloudCredentials(cloud.loginUrls.myDomain), loginHosts: hosts });
    expect(result).toMatchObject({ ok: true, value: { hyperforce: true, instanceName: 'USA650S', instanceUrl: cloud.instanceUrl } });
    expect(codes(await mapAndRegister({ platform: 'hyperforce', organizationId: cloud.id, credentials: cloudCredentials(hosts.production), loginHosts: hosts }))).toEqual([
      'PSYNC_SF_WRONG_LOGIN_HOST',
    ]);
    expect(codes(await mapAndRegister({ platform: 'hyperforce', organizationId: acme.id, credentials: acmeCredentials(acme.loginUrls.myDomain), loginHosts: hosts }))).toEqual([
      'PSYNC_SF_PLATFORM_MISMATCH',
    ]);
    const asProduction = await mapAndRegister({ platform: 'production', organizationId: cloud.id, credentials: cloudCredentials(hosts.production), loginHosts: hosts });
    expect(asProduction).toMatchObject({ ok: true, value: { hyperforce: true, notes: [expect.objectContaining({ code: 'PSYNC_SF_ORG_ON_HYPERFORCE' })] } });
  });

  it('reports the org-id and platform mismatches together', async () => {
    const result = await mapAndRegister({ platform: 'hyperforce', organizationId: cloud.id, credentials: acmeCredentials(acme.loginUrls.myDomain), loginHosts: hosts });
    expect(codes(result)).toEqual(['PSYNC_SF_ORG_MISMATCH', 'PSYNC_SF_PLATFORM_MISMATCH']);
  });
});

describe('org snapshot', () => {
  it('reads statuses, channels, access, users and prerequisites in two API calls', async () => {
    const session = new SalesforceSession({ credentials: acmeCredentials() });
    const snapshot = await readOrgSnapshot(session, { agentPermissionSetName: 'NICE_Agent', packageNamespace: 'nicecx' });
    expect(snapshot.apiCalls).toBe(2);

    const byName = new Map(snapshot.statuses.map((s) => [s.developerName, s]));
    expect(byName.get('Available')).toMatchObject({ id: acme.statuses.Available, label: 'Available', availability: 'online', channels: ['Case', 'Phone'] });
    expect(byName.get('Available_for_Cases')).toMatchObject({ availability: 'online', channels: ['Case'] });
    expect(byName.get('Busy')).toMatchObject({ availability: 'busy', channels: [] });
    expect(snapshot.statuses).toHaveLength(4);

    expect(snapshot.access.holders).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'profile', id: acme.profiles['Custom Agent'], name: 'Custom Agent', statusIds: [acme.statuses.Available, acme.statuses.Busy].sort() }),
        expect.objectContaining({ kind: 'permission_set', id: acme.permissionSets.Omni_Agent, name: 'Omni_Agent', statusIds: [acme.statuses.Available_for_Cases] }),
      ]),
    );

    const alice = acme.users['alice@acme.example'] as string;
    const paul = acme.users['paul@acme.example'] as string;
    expect(snapshot.users.find((u) => u.id === alice)).toMatchObject({ username: 'alice@acme.example', profileName: 'Custom Agent', serviceCloudUser: true, isActive: true });
    expect(snapshot.allowedStatusIdsByUser.get(paul.toLowerCase())).toEqual([acme.statuses.Available_for_Cases]);

    const report = new Map(snapshot.prerequisites.map((r) => [r.salesforceUserId, r]));
    expect(report.get(alice)).toMatchObject({ ok: true });
    expect(report.get(paul)?.checks.filter((c) => !c.ok).map((c) => c.problem?.code)).toEqual([
      'PSYNC_PREREQ_NO_AGENT_PERMISSION_SET',
      'PSYNC_PREREQ_NO_PACKAGE_LICENCE',
      'PSYNC_PREREQ_NO_SERVICE_CLOUD_USER',
    ]);
  });

  it('says when the agent package is not installed', async () => {
    const session = new SalesforceSession({ credentials: acmeCredentials() });
    const snapshot = await readOrgSnapshot(session, { agentPermissionSetName: 'NICE_Agent', packageNamespace: 'other' });
    expect(snapshot.prerequisites.every((r) => r.checks.some((c) => c.problem?.code === 'PSYNC_PREREQ_PACKAGE_NOT_INSTALLED'))).toBe(true);
  });

  it('pages through large results inside and after the composite requests', async () => {
    const session = new SalesforceSession({ credentials: acmeCredentials() });
    const snapshot = await readOrgSnapshot(session, { agentPermissionSetName: 'NICE_Agent', packageNamespace: 'nicecx' }, { pageSize: 200 });
    expect(snapshot.users).toHaveLength(253);
    expect(snapshot.prerequisites.filter((r) => r.checks.some((c) => c.id === 'package_licence' && c.ok))).toHaveLength(251);
    expect(snapshot.apiCalls).toBe(4);
  });

  it('reads the status catalog for the rule editor in one API call', async () => {
    const session = new SalesforceSession({ credentials: acmeCredentials() });
    await session.login();
    const catalog = await readStatusCatalog(session);
    expect(session.apiCalls).toBe(1);
    expect(catalog.channels.map((c) => [c.developerName, c.relatedEntity])).toEqual([
      ['Case', 'Case'],
      ['Phone', 'VoiceCall'],
    ]);
    expect(catalog.statuses.map((s) => s.developerName).sort()).toEqual(['Available', 'Available_for_Cases', 'Busy', 'On_Break']);
    expect(catalog.access.holders.map((h) => h.name).sort()).toEqual(['Custom Agent', 'Omni_Agent']);
  });

  it('tells the administrator to turn on Omni-Channel when the org has it off', async () => {
    const session = new SalesforceSession({ credentials: acmeCredentials() });
    emulator.control.setOrgSettings(acme.id, { omniChannelEnabled: false });
    try {
      await expect(readStatusCatalog(session)).rejects.toMatchObject({ failure: { code: 'PSYNC_SF_OMNI_CHANNEL_DISABLED', kind: 'permanent' } });
    } finally {
      emulator.control.setOrgSettings(acme.id, { omniChannelEnabled: true });
    }
  });
});
