/**
 * kill -9 mid-stream: the hub runs in a child process (SQLite in a temp data dir) against both
 * emulators in this process; 300 agents change state on both sides; the hub is killed with
 * SIGKILL, restarted on the same data dir and port while the agents go on, then stopped
 * gracefully (no lease may stay held) and started once more (in process) for one reconciliation
 * pass. Then: convergence, no dead letters, every CXone change accounted for in the audit, per-agent
 * order, and no ping-pong (a flip that resolves a conflict the hub learnt of late is none).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startDemoWorld, type DemoWorld } from '../../demo/demo-world.ts';
import { createLogger } from '../../src/hub/logger.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { startHub, type Hub } from '../../src/hub/hub.ts';
import { driveAgents } from './support/agent-driver.ts';
import { cxKeyOf, disagreements, hubWrites, outOfOrder, pingPongs, story, unaccounted, type Disagreement } from './support/checks.ts';
import { DEMO_TENANT, E2e, FAST_ENV, hubConfig, startE2e, until, type HubHandle } from './support/e2e-hub.ts';
import { freePort, startHubChild, type HubChild } from './support/hub-child.ts';

const AGENTS = 300;
let world: DemoWorld | undefined;
let e2e: E2e<HubHandle> | undefined;
const children: HubChild[] = [];
let finalHub: Hub | undefined;
const stores: Store[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'psync-crash-'));

afterAll(async () => {
  for (const child of children) child.kill9();
  await e2e?.close();
  await finalHub?.stop().catch(() => undefined);
  for (const store of stores) await store.close().catch(() => undefined);
  await world?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('kill -9 mid-stream, restart on the same data: graceful stop releases every lease, the system converges, nothing is lost, nothing goes dead or flips back', { timeout: 120_000 }, async () => {
  world = await startDemoWorld({ agents: AGENTS, cxonePort: 0, salesforcePort: 0 });
  // The administrator's set-up, in process, into the data dir the hub processes use.
  const seeded = await startE2e({ agents: AGENTS, world, dataDir });
  const { bridgeSecret, config } = seeded;
  await seeded.hub.stop();

  const port = await freePort();
  // A stable instance id, as a restarted host or pod has: the restarted hub takes its poller lease back at once.
  const env = { ...FAST_ENV, PRESENCE_SYNC_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PRESENCE_SYNC_INSTANCE_ID: 'hub-crash' };
  const spawnHub = () => {
    const child = startHubChild(env);
    children.push(child);
    return child;
  };
  const first = spawnHub();
  const url = await first.ready;
  // The consoles talk to whichever hub listens on the port; the store is read at the end.
  const handle = { url, store: undefined as unknown as HubHandle['store'], stop: async () => undefined };
  e2e = new E2e<HubHandle>(world, handle, config, bridgeSecret, false, undefined);
  const statesPolls = () => world!.cxone.control.requests().filter((r) => r.path.includes('/agents/states')).length;
  await until(() => statesPolls() > 0, { timeoutMs: 10_000, what: 'the first CXone poll' });
  const firstSeq = world.cxone.control.changes().at(-1)?.seq ?? 0;

  let second: HubChild | undefined;
  let killedAt = 0;
  const actions = await driveAgents(e2e, world.agents, {
    seed: 42,
    ticks: 50,
    tickMs: 100,
    meanGapMs: 1_500,
    onTick(tick) {
      if (tick === 20) {
        first.kill9();
        killedAt = Date.now();
      }
      if (tick === 26) second = spawnHub();
    },
  });
  expect(actions).toBeGreaterThan(500);
  await second!.ready;

  // Quiet: the restarted hub catches up (read through a second connection to its SQLite file).
  const reader = await openStore({ url: (config.database as { file: string }).file }, { cipher: config.masterKey!.keyRing });
  stores.push(reader);
  handle.store = reader;
  const consoleOpen = (agentId: string) => e2e!.consoleOpen(world!.agents.find((a) => String(a.cxoneAgentId) === agentId)!);
  // A Salesforce write for an agent whose console closed while the hub was down waits until a console opens again.
  const pendingIn = async (store: Store) => (await store.mailbox.list(DEMO_TENANT, { status: 'pending' })).filter((i) => i.target === 'cxone' || consoleOpen(i.agentId));
  const describePending = async (store: Store) => {
    const left = await pendingIn(store);
    return `no pending writes; ${left.length} left: ${left.slice(0, 8).map((i) => `${i.agentId}→${i.target} attempts ${i.attempts} lease ${i.leaseOwner} ${i.lastError ?? ''}`).join('; ')}`;
  };
  const pollsBefore = statesPolls();
  await until(() => statesPolls() > pollsBefore + 4, { timeoutMs: 15_000, what: () => `the restarted hub polling; it said:\n${second!.output().slice(-2_000)}` });
  // Writes the killed hub had claimed wait for their lease (30 s) to lapse: the restarted hub, even under the same instance id, does not take them back sooner.
  await until(async () => (await pendingIn(reader)).length === 0, { timeoutMs: 40_000, intervalMs: 200, what: () => describePending(reader) });

  // Graceful shutdown lets go of every lease; a last hub (another instance id) runs one reconciliation pass.
  await second!.stop();
  const leased = (await reader.mailbox.list(DEMO_TENANT)).filter((i) => i.leaseOwner !== null);
  expect(leased.map((i) => `${i.agentId}→${i.target} ${i.status} ${i.leaseOwner}`)).toEqual([]);
  finalHub = await startHub({ config: { ...hubConfig(dataDir, { PRESENCE_SYNC_INSTANCE_ID: 'hub-final' }), port }, logger: createLogger('silent') });
  handle.store = finalHub.store;
  const store = finalHub.store;
  const pending = async () => (await pendingIn(store)).length;
  await until(async () => (await pending()) === 0, { timeoutMs: 15_000, what: () => describePending(store) });
  const report = await finalHub.engine.reconcile();
  let passes = 1;
  let lastPass = Date.now();
  const rule = (await store.rules.get(DEMO_TENANT, 'voice-agents'))!;
  let apart: Disagreement[] = [];
  await until(async () => {
    apart = await disagreements(e2e!, store, world!.agents, rule);
    if (apart.length === 0) return (await pending()) === 0;
    // The periodic reconciliation, on a short interval (the hub's is 5 minutes).
    if (Date.now() - lastPass > 3_000 && passes < 4) {
      passes++;
      lastPass = Date.now();
      await finalHub!.engine.reconcile();
    }
    return false;
  }, {
    timeoutMs: 15_000,
    intervalMs: 200,
    what: async () => `convergence; still apart: ${apart.map((d) => d.text).join('; ')}\n${(await Promise.all(apart.slice(0, 2).map((d) => story(e2e!, d.agent)))).join('\n')}`,
  });

  // The last writes' own changes come back through the next CXone polls: every change is then in the audit.
  const changes = world.cxone.control.changes({ tenantId: world.cxoneTenantId, afterSeq: firstSeq });
  expect(changes.length).toBeGreaterThan(300);
  let audit = await e2e.audit();
  const lostNow = async () => unaccounted(changes, (audit = await e2e!.audit()));
  await until(async () => (await lostNow()).length === 0, {
    timeoutMs: 10_000,
    what: async () => `every CXone change in the audit; missing: ${(await lostNow()).map((c) => `${c.agentId} ${cxKeyOf(c.from)}→${cxKeyOf(c.to)} ${c.cause} at kill${c.at - killedAt >= 0 ? '+' : ''}${c.at - killedAt}ms`).join(' | ')}`,
  });
  expect(outOfOrder(audit)).toEqual([]);
  const flips = pingPongs(e2e, world.agents, audit);
  if (flips.length > 0) console.log((await Promise.all(world.agents.filter((a) => flips.some((f) => f.startsWith(`${a.name} on`))).map((a) => story(e2e!, a, audit)))).join('\n'));
  expect(flips).toEqual([]);
  expect(await store.mailbox.list(DEMO_TENANT, { status: 'dead' })).toEqual([]);
  const writes = hubWrites(e2e, world.agents);
  console.log(`CRASH actions=${actions} cxChanges=${changes.length} audit=${audit.length} hubWrites=${JSON.stringify(writes)} reconciled=${report.diverged.length} passes=${passes}`);
});
