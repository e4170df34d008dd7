/**
 * A console closed while the hub was down (killed, or stopped for an upgrade) never sends the hub a
 * goodbye. The restarted hub gives every console it held the grace period to reconnect; those that
 * do not count as Offline, exactly as if they had closed while it ran. Consoles that reconnect are
 * left alone, and the CXone change made meanwhile reaches the closed console when it opens again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startDemoWorld, type DemoAgent, type DemoWorld } from '../../demo/demo-world.ts';
import { createLogger } from '../../src/hub/logger.ts';
import { startHub, type Hub } from '../../src/hub/hub.ts';
import { DEMO_TENANT, E2e, hubConfig, startE2e, until, type HubHandle } from './support/e2e-hub.ts';
import { freePort } from './support/hub-child.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'psync-closed-while-down-'));
let world: DemoWorld | undefined;
let hub: Hub | undefined;
let e2e: E2e<HubHandle> | undefined;

afterAll(async () => {
  await e2e?.close();
  await hub?.stop().catch(() => undefined);
  await world?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('marks Offline the consoles that closed while the hub was down, and only those', { timeout: 60_000 }, async () => {
  world = await startDemoWorld({ agents: 2, cxonePort: 0, salesforcePort: 0 });
  const seeded = await startE2e({ agents: 2, world, dataDir });
  await seeded.hub.stop();
  const port = await freePort();
  // The same instance id across the restart, as a restarted host or pod has.
  const start = () => startHub({ config: { ...hubConfig(dataDir, { PRESENCE_SYNC_INSTANCE_ID: 'hub-one', PRESENCE_SYNC_BRIDGE_GRACE_MS: '1000' }), port }, logger: createLogger('silent') });
  hub = await start();
  const handle: { url: string; store: HubHandle['store']; stop: () => Promise<void> } = { url: hub.url, store: hub.store, stop: async () => undefined };
  e2e = new E2e<HubHandle>(world, handle, seeded.config, seeded.bridgeSecret, false, undefined);

  const [leaves, stays] = world.agents as [DemoAgent, DemoAgent];
  for (const a of [leaves, stays]) {
    e2e.openConsole(a);
    e2e.cx.login(a.cxoneAgentId);
    e2e.cx.setState(a.cxoneAgentId, 'Available');
  }
  await until(() => e2e!.sfStatus(leaves) === 'Available_for_Chats' && e2e!.sfStatus(stays) === 'Available_for_Chats', { what: 'both consoles showing Available for Chats' });
  const salesforceOf = async (a: DemoAgent) => (await handle.store.syncState.observed(DEMO_TENANT, String(a.cxoneAgentId))).salesforce;

  await hub.stop();
  e2e.closeConsole(leaves); // while the hub is down: no goodbye reaches it
  e2e.cx.setState(leaves.cxoneAgentId, 'Unavailable', Number(world.codes.Lunch));
  hub = await start();
  handle.store = hub.store;

  await until(async () => (await salesforceOf(leaves))?.origin === 'console_closed', {
    timeoutMs: 15_000,
    what: async () => `the closed console counted as Offline; the hub holds ${JSON.stringify(await salesforceOf(leaves))}`,
  });
  expect((await salesforceOf(leaves))?.value).toEqual({ kind: 'Offline' });
  expect((await e2e.decisions(leaves)).some((d) => d.explanation.includes('Offline') && d.reason === 'no_subscriber_row')).toBe(true);

  // The console that reconnected is not closed, not even after another sweep.
  await until(() => hub!.bridge.hasConsole(`${DEMO_TENANT}/${stays.cxoneAgentId}`), { what: 'the open console reconnecting' });
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect((await salesforceOf(stays))?.origin).not.toBe('console_closed');
  expect(e2e.sfStatus(stays)).toBe('Available_for_Chats');

  // Opening the closed console again brings it CXone's change made meanwhile.
  e2e.openConsole(leaves);
  await until(() => e2e!.sfStatus(leaves) === 'Busy', { what: () => `the reopened console showing Busy (is ${e2e!.sfStatus(leaves)})` });
});
