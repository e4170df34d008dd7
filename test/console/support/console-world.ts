/**
 * The hub as the demo runs it (both emulators, the demo's seeded tenant "demo"), with the admin API
 * (the hub's own `withAdminApi`) and the console registered through `extend`, on port 0 with a
 * temporary data directory; plus a second Salesforce org ("Acme") whose admin uses option 2 of the
 * brief: password "xyz", security token "123".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { ConsoleFleet } from '../../../emulators/salesforce/console/index.ts';
import { startDemoWorld, type DemoAgent, type DemoWorld } from '../../../demo/demo-world.ts';
import { PREREQUISITES, seedHub } from '../../../demo/seed-hub.ts';
import { createFirstAdministrator, createSqlPrincipalStore, type PrincipalStore } from '../../../src/api/index.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { registerConsole } from '../../../src/console/plugin.ts';
import { withAdminApi } from '../../../src/hub/admin-api.ts';
import { startHub, type Hub } from '../../../src/hub/hub.ts';
import { createLogger } from '../../../src/hub/logger.ts';

export const ADMIN = { username: 'console.admin', password: 'a long console password 1' };
export const ACME_ORG = { id: '00D5g000004ACME', name: 'Acme Service Org', admin: 'admin@acme.example', password: 'xyz', token: '123', consumerKey: 'acme-presence-sync', consumerSecret: 'acme-consumer-secret' };

/** The Acme tenant's CXone application and access key in the CXone emulator (set once the world runs). */
export interface AcmeCxone {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly issuer: string;
  readonly tenantId: string;
}
/** A second connected app of the Acme org for the web-server flow, whose callback is the hub's. */
export const ACME_WEB_APP = { consumerKey: 'acme-web-server-app', consumerSecret: 'acme-web-server-secret' };

export interface ConsoleWorld {
  readonly hub: Hub;
  readonly acmeCxone: AcmeCxone;
  readonly world: DemoWorld;
  readonly principals: PrincipalStore;
  /** The demo tenant's CXone id of the second team ("Chat Team"), which has the Lunch code. */
  readonly chatTeamId: number;
  /** Opens the agent's Omni-Channel console (a simulated browser tab) connected to the hub's bridge. */
  openConsole(agent: DemoAgent): void;
  /** The agent closes every browser with their console. */
  closeConsole(agent: DemoAgent): void;
  close(): Promise<void>;
}

export async function startConsoleWorld(options: { agents?: number; env?: Record<string, string> } = {}): Promise<ConsoleWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'psync-console-'));
  const world = await startDemoWorld({ agents: options.agents ?? 6, cxonePort: 0, salesforcePort: 0 });
  let hub: Hub | undefined;
  try {
    world.salesforce.control.seedOrg({
      id: ACME_ORG.id,
      name: ACME_ORG.name,
      myDomain: 'acme-service',
      settings: { allowUsernamePasswordFlows: true },
      users: [{ username: ACME_ORG.admin, password: ACME_ORG.password, securityToken: ACME_ORG.token, lastName: 'Admin', email: ACME_ORG.admin, profile: 'System Administrator' }],
      connectedApps: [{ name: 'Presence Sync', consumerKey: ACME_ORG.consumerKey, consumerSecret: ACME_ORG.consumerSecret, callbackUrls: ['http://127.0.0.1:8080/oauth/callback'] }],
    });
    const cx = world.cxone.control;
    const chatTeam = cx.createTeam(world.cxoneTenantId, { teamName: 'Chat Team' });
    cx.assignCode(world.cxoneTenantId, chatTeam.teamId, Number(world.codes.Lunch));
    // Acme's own CXone tenant, with the application and access key its administrator types in.
    const acmeTenant = cx.createTenant({ tenantId: 'acme-cxone', name: 'Acme CXone' });
    cx.createApplication({ clientId: 'acme-presence-sync', clientSecret: 'acme-cxone-client-secret', tenantId: acmeTenant.tenantId });
    const acmeTeam = cx.createTeam(acmeTenant.tenantId, { teamName: 'Acme Team' });
    const acmeKey = cx.createUser(acmeTenant.tenantId, { teamId: acmeTeam.teamId, firstName: 'Acme', lastName: 'Key User', userName: 'key.user@acme.example', accessKey: true }).accessKey!;
    const acmeCxone: AcmeCxone = { clientId: 'acme-presence-sync', clientSecret: 'acme-cxone-client-secret', accessKeyId: acmeKey.accessKeyId, accessKeySecret: acmeKey.accessKeySecret, issuer: world.cxone.url, tenantId: acmeTenant.tenantId };

    const base = loadConfig({ env: { PRESENCE_SYNC_DATA_DIR: dataDir, LOG_LEVEL: 'error', PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS: '250', PRESENCE_SYNC_BRIDGE_GRACE_MS: '5000', PRESENCE_SYNC_ALLOWED_ENDPOINTS: 'http://127.0.0.1', ...options.env }, mode: 'demo' });
    const config = { ...base, port: 0, host: '127.0.0.1' };
    const logger = createLogger('error');
    const loginHosts = { production: `${world.salesforce.url}/login`, sandbox: `${world.salesforce.url}/test` };
    const api = withAdminApi({ logger, prerequisiteConfig: PREREQUISITES, loginHosts });
    hub = await startHub({
      config,
      logger,
      deferSources: true,
      extend: async (app, parts) => {
        await api.extend?.(app, parts);
        // The hub's own wiring may serve the console already.
        if (!app.hasRoute({ method: 'GET', url: '/' })) await registerConsole(app);
      },
    });
    world.salesforce.control.addConnectedApp(ACME_ORG.id, { name: 'Presence Sync Web', ...ACME_WEB_APP, callbackUrls: [`${hub.url}/api/v1/salesforce/oauth/callback`] });
    const { bridgeSecret } = await seedHub(hub, world);
    const fleet = new ConsoleFleet({ control: world.salesforce.control, hubUrl: `${hub.url.replace(/^http/, 'ws')}/bridge`, bridgeSecrets: { [world.org.id]: bridgeSecret }, WebSocket: WebSocket as never });
    const principals = createSqlPrincipalStore(hub.database);
    await createFirstAdministrator(principals, ADMIN);
    const started = hub;
    return {
      hub: started,
      acmeCxone,
      world,
      principals,
      chatTeamId: chatTeam.teamId,
      openConsole: (agent) => void fleet.open(world.org.id, agent.sfUsername),
      closeConsole: (agent) => {
        for (const browser of fleet.of(world.org.id, agent.sfUsername)) browser.closeBrowser();
      },
      async close() {
        fleet.closeAll();
        await started.stop();
        await world.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await hub?.stop();
    await world.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
