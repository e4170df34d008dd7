/**
 * Issue #14: after a restart, one applied write appeared as two "write" decisions in the audit
 * (one from CXone's feed, one when the console reconnected) and no dispatch entry said which of
 * them reached Salesforce. Now the change has exactly one write decision, the reconnecting
 * console's hello decides no second one (it only makes the pending write due), and a dispatch
 * entry names the intent generation Salesforce acknowledged and the change whose decision asked for it.
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

const dataDir = mkdtempSync(join(tmpdir(), 'psync-restart-one-outcome-'));
let world: DemoWorld | undefined;
let hub: Hub | undefined;
let e2e: E2e<HubHandle> | undefined;

afterAll(async () => {
  await e2e?.close();
  await hub?.stop().catch(() => undefined);
  await world?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('after a restart, a CXone change reaching a reconnecting console is one write decision and one acknowledged dispatch', { timeout: 60_000 }, async () => {
  world = await startDemoWorld({ agents: 1, cxonePort: 0, salesforcePort: 0 });
  const seeded = await startE2e({ agents: 1, world, dataDir });
  await seeded.hub.stop();
  const port = await freePort();
  // A grace period long enough that CXone's feed decides before the console is given up on.
  const start = () => startHub({ config: { ...hubConfig(dataDir, { PRESENCE_SYNC_INSTANCE_ID: 'hub-one', PRESENCE_SYNC_BRIDGE_GRACE_MS: '30000' }), port }, logger: createLogger('silent') });
  hub = await start();
  const handle: { url: string; store: HubHandle['store']; stop: () => Promise<void> } = { url: hub.url, store: hub.store, stop: async () => undefined };
  e2e = new E2e<HubHandle>(world, handle, seeded.config, seeded.bridgeSecret, false, undefined);
  const agent = world.agents[0] as DemoAgent;
  const agentId = String(agent.cxoneAgentId);
  const browser = e2e.openConsole(agent);
  e2e.cx.login(agent.cxoneAgentId);
  e2e.cx.setState(agent.cxoneAgentId, 'Available');
  await until(() => e2e!.sfStatus(agent) === 'Available_for_Chats', { what: 'the console showing Available for Chats' });

  await hub.stop();
  browser.dropNetwork(); // the console cannot reconnect until the feed has decided
  e2e.cx.setState(agent.cxoneAgentId, 'Unavailable', Number(world.codes.Lunch));
  const since = Date.now();
  hub = await start();
  handle.store = hub.store;
  const feedWrite = await until(async () => (await e2e!.decisions(agent)).find((d) => d.at >= since && d.outcome === 'write' && (d.details.event as { origin: string }).origin === 'cxone_feed'), {
    timeoutMs: 15_000,
    what: 'the feed deciding to write Busy',
  });
  browser.restoreNetwork();
  await until(() => e2e!.sfStatus(agent) === 'Busy', { timeoutMs: 15_000, what: () => `the reconnected console showing Busy (is ${e2e!.sfStatus(agent)})` });
  await until(async () => (await e2e!.audit(agentId)).some((e) => e.kind === 'dispatch' && e.at >= since), { what: 'the acknowledged dispatch in the audit' });

  const after = (await e2e.audit(agentId)).filter((e) => e.at >= since);
  const writes = after.filter((e) => e.kind === 'decision' && e.outcome === 'write');
  expect(writes.map((w) => w.id)).toEqual([feedWrite.id]);
  const hello = after.find((e) => e.kind === 'decision' && (e.details.event as { origin: string }).origin === 'console_connected');
  expect(hello).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
  expect(hello!.explanation).toMatch(/already setting in Salesforce/);

  const dedup = feedWrite.details.dedup as { source: string; key: string };
  const intent = feedWrite.details.intent as { upsert: { generation: number } };
  const dispatches = after.filter((e) => e.kind === 'dispatch');
  expect(dispatches).toHaveLength(1);
  expect(dispatches[0]).toMatchObject({
    outcome: 'applied',
    reason: 'completed',
    details: { target: 'salesforce', generation: intent.upsert.generation, decision: `${dedup.source}:${dedup.key}` },
  });
  expect(dispatches[0]!.explanation).toMatch(/^Salesforce acknowledged the hub's write of status:/);
  expect(DEMO_TENANT).toBe(dispatches[0]!.tenantId);
});
