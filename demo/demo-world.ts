import { createCxoneEmulator, type CxoneEmulator } from '../emulators/cxone/index.ts';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from '../emulators/salesforce/index.ts';

/** The demo's people: one per simulated agent, the same in CXone and Salesforce (linked by e-mail). */
const FIRST_NAMES = ['Aiko', 'Ben', 'Chloe', 'Daiki', 'Emma', 'Farid', 'Grace', 'Haruto', 'Isla', 'Jun', 'Kenji', 'Lena', 'Mia', 'Noah', 'Olivia', 'Priya', 'Ren', 'Sofia', 'Takumi', 'Uma'];
export const CODE_NAMES = ['Lunch', 'Break', 'Meeting'] as const;
export const DEMO_ORG_ID = '00D5g000004DEMO';
export const STATUS_LABELS = { available: 'Available for Chats', busy: 'Busy', onCall: 'On a Call', break: 'On Break' } as const;

export interface DemoAgent {
  readonly name: string;
  readonly email: string;
  readonly cxoneAgentId: number;
  readonly sfUsername: string;
}

export interface DemoWorld {
  readonly cxone: CxoneEmulator;
  readonly salesforce: SalesforceEmulator;
  readonly org: SeededOrg;
  readonly cxoneTenantId: string;
  readonly cxoneApp: { readonly clientId: string; readonly clientSecret: string };
  readonly accessKey: { readonly accessKeyId: string; readonly accessKeySecret: string; readonly userId: string };
  readonly sfApp: { readonly consumerKey: string; readonly consumerSecret: string };
  readonly sfAdmin: { readonly username: string; readonly password: string };
  readonly agents: readonly DemoAgent[];
  /** CXone code id by name. */
  readonly codes: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * What a hub (or any other process) needs to know of a running world to reach and set itself up
 * against it: addresses, credentials, IDs. Plain data, so it can be sent to another process.
 */
export interface WorldAddress extends Pick<DemoWorld, 'org' | 'cxoneTenantId' | 'cxoneApp' | 'accessKey' | 'sfApp' | 'sfAdmin' | 'agents' | 'codes'> {
  readonly cxone: { readonly url: string };
  readonly salesforce: { readonly url: string };
}

export const addressOf = (world: DemoWorld): WorldAddress => ({
  org: world.org,
  cxoneTenantId: world.cxoneTenantId,
  cxoneApp: world.cxoneApp,
  accessKey: world.accessKey,
  sfApp: world.sfApp,
  sfAdmin: world.sfAdmin,
  agents: world.agents,
  codes: world.codes,
  cxone: { url: world.cxone.url },
  salesforce: { url: world.salesforce.url },
});

export interface DemoWorldOptions {
  readonly agents: number;
  readonly cxonePort: number;
  readonly salesforcePort: number;
  /** Every agent logged in to CXone and Available from the start (benchmarks); default: all logged out, as the demo begins. */
  readonly loggedIn?: boolean;
}

/**
 * Starts both emulators and seeds them the same way every time (same names, same IDs), so a
 * second `npm start` finds the hub's data still matching.
 */
export async function startDemoWorld(options: DemoWorldOptions): Promise<DemoWorld> {
  const cxone = await createCxoneEmulator({ port: options.cxonePort });
  let salesforce: SalesforceEmulator | undefined;
  try {
    const { control } = cxone;
    const tenant = control.createTenant({ tenantId: 'demo-tenant', name: 'Demo Contact Center' });
    const cxoneApp = control.createApplication({ clientId: 'presence-sync-demo', clientSecret: 'demo-client-secret', tenantId: tenant.tenantId });
    const team = control.createTeam(tenant.tenantId, { teamName: 'Voice Team' });
    const codes: Record<string, string> = {};
    for (const name of CODE_NAMES) codes[name] = String(control.createCode(tenant.tenantId, { name, teamIds: [team.teamId] }).id);
    const admin = control.createUser(tenant.tenantId, { teamId: team.teamId, firstName: 'Access', lastName: 'Key User', userName: 'access.key.user@demo.example', accessKey: true });
    const people = Array.from({ length: options.agents }, (_, i) => {
      const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
      const name = i < FIRST_NAMES.length ? first : `${first} ${Math.floor(i / FIRST_NAMES.length) + 1}`;
      return { name, email: `${name.toLowerCase().replace(/ /g, '.')}@demo.example` };
    });
    const agents = people.map((p) => {
      const { agent } = control.createUser(tenant.tenantId, { teamId: team.teamId, firstName: p.name, lastName: 'Agent', emailAddress: p.email, userName: p.email });
      if (options.loggedIn) {
        control.login(agent.agentId);
        control.setState(agent.agentId, 'Available');
      }
      return { ...p, cxoneAgentId: agent.agentId, sfUsername: p.email };
    });

    const onlineChannel = 'sfdc_phone';
    salesforce = await createSalesforceEmulator({
      port: options.salesforcePort,
      orgs: [
        {
          id: DEMO_ORG_ID,
          name: 'Demo Service Org',
          myDomain: 'demo-service',
          settings: { allowUsernamePasswordFlows: true },
          channels: [{ developerName: onlineChannel, label: 'Phone' }],
          statuses: [
            { label: STATUS_LABELS.available, channels: [onlineChannel] },
            { label: STATUS_LABELS.busy },
            { label: STATUS_LABELS.onCall },
            { label: STATUS_LABELS.break },
          ],
          profiles: [{ name: 'Contact Center Agent', loginIpRanges: [{ start: '127.0.0.1', end: '127.0.0.1' }], statusAccess: Object.values(STATUS_LABELS).map((l) => l.replace(/ /g, '_')) }],
          permissionSets: [{ name: 'Agent', label: 'Agent' }],
          packageLicenses: [{ namespacePrefix: 'NICE', allowedLicenses: Math.max(500, options.agents) }],
          users: [
            { username: 'admin@demo.example', password: 'demo-admin-password', lastName: 'Admin', email: 'admin@demo.example', profile: 'System Administrator' },
            ...agents.map((a) => ({
              username: a.sfUsername,
              password: 'agent-password',
              firstName: a.name,
              lastName: 'Agent',
              email: a.email,
              profile: 'Contact Center Agent',
              permissionSets: ['Agent'],
              packageLicenses: ['NICE'],
              serviceCloudUser: true,
              lightning: true,
            })),
          ],
          connectedApps: [{ name: 'Presence Sync', consumerKey: 'presence-sync-demo-app', consumerSecret: 'demo-consumer-secret', callbackUrls: ['http://127.0.0.1:8080/oauth/callback'], clientCredentialsUser: 'admin@demo.example' }],
        },
      ],
    });
    const org = salesforce.control.describeOrg(DEMO_ORG_ID);
    const app = org.connectedApps['Presence Sync']!;
    const sf = salesforce;
    return {
      cxone,
      salesforce,
      org,
      cxoneTenantId: tenant.tenantId,
      cxoneApp,
      accessKey: { accessKeyId: admin.accessKey!.accessKeyId, accessKeySecret: admin.accessKey!.accessKeySecret, userId: admin.accessKey!.userId },
      sfApp: app,
      sfAdmin: { username: 'admin@demo.example', password: 'demo-admin-password' },
      agents,
      codes,
      async close() {
        await Promise.allSettled([cxone.close(), sf.close()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([cxone.close(), salesforce?.close()]);
    throw error;
  }
}
