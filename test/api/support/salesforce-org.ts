import { generateKeyPairSync } from 'node:crypto';
import { createSalesforceEmulator, type SalesforceEmulator } from '../../../emulators/salesforce/index.ts';

/** The hub's callback as the API harness sees itself (app.inject answers as localhost:80). */
export const CALLBACK_URL = 'http://localhost:80/api/v1/salesforce/oauth/callback';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
/** The JWT bearer flow's key pair: the certificate's public key is on the connected app, the hub keeps the private key. */
export const PRIVATE_KEY = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_KEY = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
/** A key of the right form whose certificate is not on the app. */
export const OTHER_PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * One production org in the Salesforce emulator, with the brief's admin (password + security token)
 * and two agents; its connected app allows every flow: the hub's callback for the web-server flow,
 * the admin as Run As user for client credentials, and the certificate for JWT bearer.
 */
export async function startSalesforce(): Promise<SalesforceEmulator> {
  return createSalesforceEmulator({
    orgs: [
      {
        id: '00D5g000004XyZa',
        name: 'Acme Corp',
        myDomain: 'acme',
        // The administrator allowed the username-password flow (off in new orgs).
        settings: { allowUsernamePasswordFlows: true },
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
        connectedApps: [
          {
            name: 'PresenceSync',
            consumerKey: 'ACME_KEY',
            consumerSecret: 'ACME_CONSUMER_SECRET_42',
            callbackUrls: [CALLBACK_URL],
            scopes: ['api', 'refresh_token', 'offline_access'],
            clientCredentialsUser: 'admin@acme.example',
            certificate: PUBLIC_KEY,
            approvedBy: ['admin@acme.example'],
          },
        ],
      },
    ],
  });
}

export const ORG_ID_15 = '00D5g000004XyZa';
/** The secrets the tests type; none of them may ever appear in an answer. */
export const SECRETS = ['Admin-Pass1TOKEN123', 'ACME_CONSUMER_SECRET_42', 'cxone-client-secret-abc', PRIVATE_KEY.split('\n')[1]!];

/** The brief's form with the username-password flow and a CXone application (see `cxoneFor`). */
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
  ...overrides,
});
