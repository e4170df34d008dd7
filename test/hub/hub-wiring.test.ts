import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ConsoleFleet } from '../../emulators/salesforce/console/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startHub, type Hub } from '../../src/hub/hub.ts';
import { startDemoWorld, STATUS_LABELS, type DemoWorld } from '../../demo/demo-world.ts';
import { DEMO_TENANT, seedHub } from '../../demo/seed-hub.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('one hub wired to both emulators', () => {
  let dir: string;
  let world: DemoWorld;
  let hub: Hub;
  let fleet: ConsoleFleet;
  let bridgeSecret: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'psync-hub-'));
    world = await startDemoWorld({ agents: 3, cxonePort: 0, salesforcePort: 0 });
    const config = loadConfig({ env: { PORT: '1', PRESENCE_SYNC_DATA_DIR: dir, PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS: '250' }, mode: 'demo' });
    hub = await startHub({ config: { ...config, port: 0 }, logger: silent, deferSources: true });
    ({ bridgeSecret } = await seedHub(hub, world));
    fleet = new ConsoleFleet({ control: world.salesforce.control, hubUrl: `${hub.url.replace(/^http/, 'ws')}/bridge`, bridgeSecrets: { [world.org.id]: bridgeSecret }, WebSocket: WebSocket as never });
  });

  afterAll(async () => {
    fleet?.closeAll();
    await hub?.stop();
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decrypts each tenant connection and reports the tenant as syncing', async () => {
    const cxone = await hub.connections.cxone(DEMO_TENANT);
    expect(cxone).toMatchObject({ clientId: world.cxoneApp.clientId, accessKeyId: world.accessKey.accessKeyId, issuer: world.cxone.url });
    expect(await hub.connections.tenantOfOrg(world.org.id15)).toBe(DEMO_TENANT);
    expect(await hub.connections.bridgeSecret(world.org.id)).toBe(bridgeSecret);
    const ready = await (await fetch(`${hub.url}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ready', checks: { tenantsSyncing: 1 } });
  });

  it('links every agent by e-mail and routes a console to its tenant and agent', async () => {
    expect((await hub.store.links.list(DEMO_TENANT)).map((l) => l.matchedBy)).toEqual(['email', 'email', 'email']);
    const agent = world.agents[0]!;
    world.cxone.control.login(agent.cxoneAgentId);
    world.cxone.control.setState(agent.cxoneAgentId, 'Available');
    fleet.open(world.org.id, agent.sfUsername);
    const available = world.org.statuses[STATUS_LABELS.available.replace(/ /g, '_')]!;
    const userId = world.org.users[agent.sfUsername]!;
    await until('the console to show the mapped status', () => {
      const open = world.salesforce.control.records(world.org.id, 'UserServicePresence').filter((r) => r.UserId === userId && r.IsCurrentState === true);
      return open.some((r) => r.ServicePresenceStatusId === available) || undefined;
    });
    expect(hub.bridge.activeConsoles().map((c) => c.agentId)).toEqual([`${DEMO_TENANT}/${agent.cxoneAgentId}`]);
  });

  it('stops a tenant\'s sources when Presence Sync is switched off, and starts them again', async () => {
    await hub.store.tenants.setSwitches(DEMO_TENANT, { presenceSync: false });
    await hub.refreshTenants();
    expect((await (await fetch(`${hub.url}/readyz`)).json()).checks.tenantsSyncing).toBe(0);
    await hub.store.tenants.setSwitches(DEMO_TENANT, { presenceSync: true });
    await hub.refreshTenants();
    expect((await (await fetch(`${hub.url}/readyz`)).json()).checks.tenantsSyncing).toBe(1);
  });
});
