import { createSalesforceEmulator, type SalesforceEmulator } from '../../../emulators/salesforce/index.ts';

/** One production org in the Salesforce emulator, with the brief's admin (password + security token) and two agents. */
export async function startSalesforce(): Promise<SalesforceEmulator> {
  return createSalesforceEmulator({
    orgs: [
      {
        id: '00D5g000004XyZa',
        name: 'Acme Corp',
        myDomain: 'acme',
        channels: [{ developerName: 'Case' }],
        statuses: [{ label: 'Available for Chats', channels: ['Case'] }, { label: 'Busy' }, { label: 'On Break' }],
        profiles: [{ name: 'Custom Agent', statusAccess: ['Available_for_Chats', 'Busy'] }],
        permissionSets: [{ name: 'NICE_Agent' }],
        packageLicenses: [{ namespacePrefix: 'nicecx', allowedLicenses: 50 }],
        users: [
          { username: 'admin@acme.example', password: 'Admin-Pass1', securityToken: 'TOKEN123', lastName: 'Admin', profile: 'System Administrator' },
          { username: 'alice@acme.example', password: 'x', firstName: 'Alice', lastName: 'Agent', email: 'alice@acme.example', profile: 'Custom Agent', permissionSets: ['NICE_Agent'], packageLicenses: ['nicecx'], serviceCloudUser: true, lightning: true },
          { username: 'paul@acme.example', password: 'x', firstName: 'Paul', lastName: 'Plain', email: 'paul@acme.example', profile: 'Custom Agent', lightning: false },
        ],
        connectedApps: [{ name: 'PresenceSync', consumerKey: 'ACME_KEY', consumerSecret: 'ACME_CONSUMER_SECRET_42' }],
      },
    ],
  });
}

export const ORG_ID_15 = '00D5g000004XyZa';
/** The secrets the tests type; none of them may ever appear in an answer. */
export const SECRETS = ['Admin-Pass1TOKEN123', 'ACME_CONSUMER_SECRET_42', 'cxone-access-key-secret-xyz'];

export const environment = (loginUrl: string, overrides: Record<string, unknown> = {}) => ({
  accessKeyUser: 'u-100',
  platform: 'production',
  environmentName: 'Acme production',
  orgId: ORG_ID_15,
  loginUrl,
  username: 'admin@acme.example',
  password: 'Admin-Pass1TOKEN123',
  clientId: 'ACME_KEY',
  clientSecret: 'ACME_CONSUMER_SECRET_42',
  adminEmail: 'admin@acme.example',
  cxoneAccessKeyId: 'AK-1',
  cxoneAccessKeySecret: 'cxone-access-key-secret-xyz',
  ...overrides,
});
