import type { OrgSeed } from '../seed.ts';

export const ACME_ID = '00D5g000004XyZaEAK';

/** A production org with Omni-Channel data: two channels, Online and Busy statuses, agents with and without prerequisites. */
export function acmeSeed(overrides: Partial<OrgSeed> = {}): OrgSeed {
  return {
    id: ACME_ID.slice(0, 15),
    name: 'Acme Corp',
    myDomain: 'acme',
    // Its administrator allowed the OAuth username-password flow (off in new orgs).
    settings: { allowUsernamePasswordFlows: true },
    channels: [{ developerName: 'Case', label: 'Case' }, { developerName: 'Phone', label: 'Phone', relatedEntity: 'VoiceCall' }],
    statuses: [
      { label: 'Available for Cases', channels: ['Case'] },
      { label: 'Available', channels: ['Case', 'Phone'] },
      { label: 'Busy' },
      { label: 'On Break' },
    ],
    profiles: [
      { name: 'Custom Agent', statusAccess: ['Available', 'Busy'] },
      { name: 'Office Agent', loginIpRanges: [{ start: '127.0.0.1', end: '127.0.0.1' }], statusAccess: ['Busy'] },
      { name: 'Remote Agent', loginIpRanges: [{ start: '10.0.0.0', end: '10.255.255.255' }] },
    ],
    permissionSets: [{ name: 'Omni_Agent', label: 'Omni Agent', statusAccess: ['Available_for_Cases'] }],
    packageLicenses: [{ namespacePrefix: 'nicecx', allowedLicenses: 50 }],
    users: [
      { username: 'admin@acme.example', password: 'Admin-Pass1', securityToken: 'ADMINTOKEN123', lastName: 'Admin', firstName: 'Ada', profile: 'System Administrator' },
      {
        username: 'agent1@acme.example', password: 'Agent-Pass1', securityToken: 'TOK1', firstName: 'Alice', lastName: 'Agent',
        profile: 'Custom Agent', permissionSets: ['Omni_Agent'], packageLicenses: ['nicecx'], serviceCloudUser: true,
        federationId: 'alice-fed', presence: 'Available',
      },
      { username: 'agent2@acme.example', password: 'Agent-Pass2', securityToken: 'TOK2', firstName: 'Bob', lastName: 'Busy', profile: 'Custom Agent', presence: 'Busy' },
      { username: 'office@acme.example', password: 'Office-Pass', securityToken: 'TOK3', lastName: 'Office', profile: 'Office Agent' },
      { username: 'remote@acme.example', password: 'Remote-Pass', securityToken: 'TOK4', lastName: 'Remote', profile: 'Remote Agent' },
      { username: 'gone@acme.example', password: 'Gone-Pass', securityToken: 'TOK5', lastName: 'Gone', profile: 'Custom Agent', isActive: false },
    ],
    connectedApps: [
      {
        name: 'PresenceSync', consumerKey: 'ACME_KEY', consumerSecret: 'ACME_SECRET',
        callbackUrls: ['http://127.0.0.1/callback'], scopes: ['api', 'web', 'refresh_token', 'offline_access'],
        clientCredentialsUser: 'admin@acme.example',
      },
    ],
    ...overrides,
  };
}

export function sandboxSeed(): OrgSeed {
  return {
    name: 'Acme UAT',
    myDomain: 'acme--uat.sandbox',
    platform: 'sandbox',
    settings: { allowUsernamePasswordFlows: true },
    users: [{ username: 'admin@acme.example.uat', password: 'Sbx-Pass1', securityToken: 'SBXTOKEN', lastName: 'Admin', profile: 'System Administrator' }],
    connectedApps: [{ name: 'PresenceSync', consumerKey: 'UAT_KEY', consumerSecret: 'UAT_SECRET' }],
  };
}
