import { createCxoneEmulator, type CxoneEmulator } from '../../emulators/cxone/index.ts';
import { createSalesforceEmulator, type SalesforceEmulator } from '../../emulators/salesforce/index.ts';
import { CODE_NAMES, DEMO_ORG_ID, STATUS_LABELS, type DemoAgent, type DemoWorld } from '../../demo/demo-world.ts';
import { PREREQUISITES } from '../../demo/seed-hub.ts';

/**
 * The demo's world (same org, team, codes, statuses, prerequisites and rule catalogue, so the
 * demo's `seedHub` sets the hub up) at benchmark scale: `agents` people, each logged in to CXone and Available,
 * with an Omni-Channel licence. Ports are ephemeral.
 */
export async function startBenchWorld(agents: number): Promise<DemoWorld> {
  const cxone: CxoneEmulator = await createCxoneEmulator({ port: 0 });
  let salesforce: SalesforceEmulator | undefined;
  try {
    const { control } = cxone;
    const tenant = control.createTenant({ tenantId: 'bench-tenant', name: 'Bench Contact Center' });
    const cxoneApp = control.createApplication({ clientId: 'presence-sync-bench', clientSecret: 'bench-client-secret', tenantId: tenant.tenantId });
    const team = control.createTeam(tenant.tenantId, { teamName: 'Voice Team' });
    const codes: Record<string, string> = {};
    for (const name of CODE_NAMES) codes[name] = String(control.createCode(tenant.tenantId, { name, teamIds: [team.teamId] }).id);
    const admin = control.createUser(tenant.tenantId, { teamId: team.teamId, firstName: 'Access', lastName: 'Key User', userName: 'access.key.user@bench.example', accessKey: true });
    const people: DemoAgent[] = [];
    for (let i = 0; i < agents; i++) {
      const email = `agent${i}@bench.example`;
      const { agent } = control.createUser(tenant.tenantId, { teamId: team.teamId, firstName: `Agent${i}`, lastName: 'Bench', emailAddress: email, userName: email });
      control.login(agent.agentId);
      control.setState(agent.agentId, 'Available');
      people.push({ name: `Agent${i}`, email, cxoneAgentId: agent.agentId, sfUsername: email });
    }

    const channel = 'sfdc_phone';
    salesforce = await createSalesforceEmulator({
      port: 0,
      orgs: [
        {
          id: DEMO_ORG_ID,
          name: 'Bench Service Org',
          myDomain: 'bench-service',
          settings: { allowUsernamePasswordFlows: true },
          channels: [{ developerName: channel, label: 'Phone' }],
          statuses: [{ label: STATUS_LABELS.available, channels: [channel] }, { label: STATUS_LABELS.busy }, { label: STATUS_LABELS.onCall }, { label: STATUS_LABELS.break }],
          profiles: [{ name: 'Contact Center Agent', statusAccess: Object.values(STATUS_LABELS).map((l) => l.replace(/ /g, '_')) }],
          permissionSets: [{ name: PREREQUISITES.agentPermissionSetName, label: 'Agent' }],
          packageLicenses: [{ namespacePrefix: PREREQUISITES.packageNamespace, allowedLicenses: agents }],
          users: [
            { username: 'admin@bench.example', password: 'bench-admin-password', lastName: 'Admin', email: 'admin@bench.example', profile: 'System Administrator' },
            ...people.map((p) => ({
              username: p.sfUsername,
              password: 'agent-password',
              firstName: p.name,
              lastName: 'Bench',
              email: p.email,
              profile: 'Contact Center Agent',
              permissionSets: [PREREQUISITES.agentPermissionSetName],
              packageLicenses: [PREREQUISITES.packageNamespace],
              serviceCloudUser: true,
              lightning: true,
            })),
          ],
          connectedApps: [{ name: 'Presence Sync', consumerKey: 'presence-sync-bench-app', consumerSecret: 'bench-consumer-secret', callbackUrls: ['http://127.0.0.1/oauth/callback'], clientCredentialsUser: 'admin@bench.example' }],
        },
      ],
    });
    const org = salesforce.control.describeOrg(DEMO_ORG_ID);
    const sf = salesforce;
    return {
      cxone,
      salesforce,
      org,
      cxoneTenantId: tenant.tenantId,
      cxoneApp,
      accessKey: { accessKeyId: admin.accessKey!.accessKeyId, accessKeySecret: admin.accessKey!.accessKeySecret, userId: admin.accessKey!.userId },
      sfApp: org.connectedApps['Presence Sync']!,
      sfAdmin: { username: 'admin@bench.example', password: 'bench-admin-password' },
      agents: people,
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
