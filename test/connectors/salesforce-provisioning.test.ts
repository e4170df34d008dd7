import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from '../../emulators/salesforce/index.ts';
import { provision, readOrgSnapshot, SalesforceSession } from '../../src/connectors/salesforce/index.ts';

let emulator: SalesforceEmulator;
let org: SeededOrg;
let session: SalesforceSession;

beforeAll(async () => {
  emulator = await createSalesforceEmulator({
    orgs: [
      {
        id: '00D5g000004XyZa',
        name: 'Acme Corp',
        myDomain: 'acme',
        settings: { allowUsernamePasswordFlows: true }, // as its administrator set it (off in new orgs)
        channels: [{ developerName: 'Case' }, { developerName: 'Phone', relatedEntity: 'VoiceCall' }],
        statuses: [{ label: 'Busy' }],
        profiles: [{ name: 'Custom Agent' }],
        permissionSets: [{ name: 'Omni_Agent' }],
        users: [{ username: 'admin@acme.example', password: 'Admin-Pass1', securityToken: 'TOKEN', lastName: 'Admin', profile: 'System Administrator' }],
        connectedApps: [{ name: 'PresenceSync', consumerKey: 'ACME_KEY', consumerSecret: 'ACME_SECRET' }],
      },
    ],
  });
  org = emulator.control.describeOrg('00D5g000004XyZa');
  session = new SalesforceSession({
    credentials: { flow: 'password', loginUrl: `${emulator.url}/login`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET', username: 'admin@acme.example', password: 'Admin-Pass1', securityToken: 'TOKEN' },
  });
});

afterAll(async () => {
  await emulator.close();
});

describe('provisioning (M2.4)', () => {
  it('creates the missing statuses with developer names from their labels, and grants access', async () => {
    const report = await provision(session, {
      statuses: [
        { label: 'Available for Chats', channels: ['case', 'Phone'] },
        { label: 'On Break' },
        { label: 'Busy' },
        { label: 'Available for Email', channels: ['Email'] },
        { label: '***' },
      ],
      access: [{ statuses: ['Available_for_Chats', 'On_Break'], profiles: ['Custom Agent', 'System Administrator'], permissionSets: ['Omni_Agent'] }],
    });
    expect(report.items.map((i) => [i.kind, i.name, i.outcome, i.problem?.code])).toEqual([
      ['status', '***', 'failed', 'PSYNC_DEVNAME_EMPTY'],
      ['status', 'Busy', 'exists', undefined],
      ['status', 'Available_for_Email', 'failed', 'PSYNC_SF_CHANNEL_UNKNOWN'],
      ['status', 'Available_for_Chats', 'created', undefined],
      ['status', 'On_Break', 'created', undefined],
      ['profile_access', 'Custom Agent', 'granted', undefined],
      ['profile_access', 'System Administrator', 'granted', undefined],
      ['permission_set_access', 'Omni_Agent', 'granted', undefined],
    ]);
    expect(report.items[2]?.problem?.message).toContain('Choose from: Case, Phone');
    expect(report.apiCalls).toBe(4);

    const snapshot = await readOrgSnapshot(session, { agentPermissionSetName: 'Omni_Agent', packageNamespace: 'none' });
    const created = snapshot.statuses.find((s) => s.developerName === 'Available_for_Chats');
    expect(created).toMatchObject({ label: 'Available for Chats', availability: 'online', channels: ['Case', 'Phone'] });
    expect(snapshot.statuses.find((s) => s.developerName === 'On_Break')).toMatchObject({ availability: 'busy' });
    const custom = snapshot.access.holders.find((h) => h.kind === 'profile' && h.name === 'Custom Agent');
    expect(custom?.statusIds).toHaveLength(2);
    expect(custom?.statusIds).toContain(created?.id);
    expect(snapshot.access.holders.find((h) => h.kind === 'permission_set' && h.id === org.permissionSets.Omni_Agent)?.statusIds).toHaveLength(2);
  });

  it('reports what Salesforce refuses, item by item', async () => {
    const report = await provision(session, {
      statuses: [{ label: 'Wrap Up', developerName: 'Wrap__Up' }],
      access: [{ statuses: ['No_Such_Status'], profiles: ['Custom Agent'] }, { statuses: ['Busy'], profiles: ['Nobody'] }],
    });
    expect(report.items.map((i) => [i.kind, i.name, i.outcome, i.problem?.code, i.problem?.kind])).toEqual([
      ['status', 'Wrap Up', 'failed', 'PSYNC_DEVNAME_DOUBLE_UNDERSCORE', 'invalid'],
      ['profile_access', 'Custom Agent', 'failed', 'PSYNC_SF_PROVISIONING_REFUSED', 'not_found'],
      ['profile_access', 'Nobody', 'failed', 'PSYNC_SF_PROVISIONING_REFUSED', 'not_found'],
    ]);
    expect(report.items[1]?.problem?.message).toContain('No_Such_Status');
  });

  it('logs in again when the session expires before a Metadata API call', async () => {
    await provision(session, { statuses: [{ label: 'Training' }] });
    const tokenRequests = session.tokenRequests;
    emulator.control.addFault({ path: '/services/Soap/m/', action: { kind: 'expireSession' }, times: 1 });
    const report = await provision(session, { statuses: [{ label: 'Coaching' }] });
    expect(report.items).toEqual([{ kind: 'status', name: 'Coaching', outcome: 'created' }]);
    expect(session.tokenRequests).toBe(tokenRequests + 1);
  });
});
