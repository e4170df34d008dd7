import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCxoneEmulator, type CxoneEmulator, type SeedResult, type StateChange } from '../../emulators/cxone/index.ts';
import { acdStateKey } from '../../src/domain/index.ts';
import { acdStateOfRow, createCxoneConnector, type Clock, type CxoneConnector, type CxoneStatePoller } from '../../src/connectors/cxone/index.ts';
import { MemoryFeedStore } from '../../src/connectors/cxone/test-support/feed-store.ts';
import { cxoneSettingsOf } from './support/cxone-settings.ts';

/** The state source against the emulator: every change once, across faults and restarts. */

const FEED = '/inContactAPI/services/*/agents/states';

let emulator: CxoneEmulator;
let seed: SeedResult;
let connector: CxoneConnector;
let emulatorTime: number;
const pollers: CxoneStatePoller[] = [];

beforeEach(async () => {
  emulatorTime = Date.UTC(2026, 0, 5, 9);
  emulator = await createCxoneEmulator({ now: () => (emulatorTime += 1) });
  seed = emulator.control.seed({ agents: 30, teams: 2 });
  const settings = cxoneSettingsOf(emulator, seed);
  // Waits are skipped (the clock moves instead), so backoffs cost no test time.
  let skipped = 0;
  const clock: Clock = { now: () => Date.now() + skipped, sleep: async (ms) => void (skipped += ms) };
  connector = createCxoneConnector({ connections: { get: async () => settings }, clock });
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
  await emulator.close();
});

function poller(store: MemoryFeedStore, options: { onFailure?: () => void } = {}): CxoneStatePoller {
  const p = connector.statePoller('acme', { checkpoints: store, sink: store.sink, ...options });
  pollers.push(p);
  return p;
}

/** The dedup key the connector must produce for an emulator change record. */
function keyOf(change: StateChange): string {
  const state = acdStateOfRow({ stateName: change.to.name, stateId: null, outStateId: String(change.to.outStateId), outStateName: change.to.outStateName });
  if (!state) throw new Error(`unmapped ${change.to.name}`);
  return `${change.agentId}/${acdStateKey(state)}/${change.at}`;
}

/** Some agent activity: breaks with codes, contacts, logouts and logins. */
function activity(round: number): void {
  const [lunch, brk] = [seed.codes.find((c) => c.name === 'Lunch')!, seed.codes.find((c) => c.name === 'Break')!];
  for (let i = 0; i < 10; i++) {
    const agent = seed.agentIds[(round * 7 + i) % seed.agentIds.length]!;
    const view = emulator.control.agent(agent);
    if (view.state === 'LoggedOut') emulator.control.login(agent);
    else if (view.contactId !== null) emulator.control.endContact(agent);
    else if (i % 4 === 0) emulator.control.startContact(agent);
    else if (i % 4 === 1) emulator.control.setState(agent, 'Unavailable', (round % 2 ? lunch : brk).id);
    else if (i % 4 === 2) emulator.control.setState(agent, view.state === 'Available' ? 'Unavailable' : 'Available');
    else emulator.control.logout(agent);
  }
}

const changesSince = (seq: number) => emulator.control.changes({ tenantId: seed.tenant.tenantId, afterSeq: seq });
const lastSeq = () => changesSince(0).at(-1)?.seq ?? 0;

describe('CXone state source against the emulator', () => {
  it("starts with every agent's state, then delivers each change once, in order per agent", async () => {
    const store = new MemoryFeedStore();
    const p = poller(store);
    expect(await p.pollOnce()).toMatchObject({ ok: true, value: { events: seed.agentIds.length + 1 } });
    const mark = lastSeq();
    for (let round = 0; round < 5; round++) {
      activity(round);
      activity(round + 100); // several changes of one agent between two polls
      expect((await p.pollOnce()).ok).toBe(true);
    }
    const expected = changesSince(mark).map(keyOf);
    const delivered = store.applied.slice(seed.agentIds.length + 1).map((e) => e.dedupKey);
    expect(delivered).toEqual(expected);
    expect(store.duplicates).toBe(0);
    expect(store.applied.every((e) => e.origin === 'cxone_feed' && e.observation.side === 'cxone')).toBe(true);
  });

  it('rows of one answer in reverse time order still reach the sink oldest first', async () => {
    const store = new MemoryFeedStore();
    const p = poller(store);
    await p.pollOnce();
    const mark = lastSeq();
    activity(1);
    activity(2);
    emulator.control.addFault({ path: FEED, action: { type: 'reorderRows' } });
    await p.pollOnce();
    expect(store.applied.slice(seed.agentIds.length + 1).map((e) => e.dedupKey)).toEqual(changesSince(mark).map(keyOf));
  });

  it('a restart in the middle of polling (a crashed ingest, a new poller from the stored checkpoint) loses nothing and applies nothing twice', async () => {
    const store = new MemoryFeedStore();
    const first = poller(store);
    await first.pollOnce();
    const mark = lastSeq();
    activity(1);
    await first.pollOnce();
    activity(2);
    store.failNext = true; // the process dies inside the ingest transaction
    expect(await first.pollOnce()).toMatchObject({ ok: false, failure: { code: 'PSYNC_CXONE_INGEST_FAILED' } });
    activity(3);
    const second = poller(store); // a new process, same store
    for (let i = 0; i < 3; i++) {
      expect((await second.pollOnce()).ok).toBe(true);
      activity(4 + i);
    }
    await second.pollOnce();
    expect(store.applied.slice(seed.agentIds.length + 1).map((e) => e.dedupKey)).toEqual(changesSince(mark).map(keyOf));
    expect(store.duplicates).toBe(0);
  });

  it('a restart while a poll is in flight: stop() lets it finish, and the successor goes on from its checkpoint', async () => {
    const store = new MemoryFeedStore();
    const first = poller(store);
    await first.pollOnce();
    const mark = lastSeq();
    activity(1);
    emulator.control.addFault({ path: FEED, action: { type: 'latency', ms: 100 } });
    first.start();
    await new Promise((resolve) => setTimeout(resolve, 20)); // the slow poll is in flight
    await first.stop();
    activity(2);
    const second = poller(store);
    await second.pollOnce();
    expect(store.applied.slice(seed.agentIds.length + 1).map((e) => e.dedupKey)).toEqual(changesSince(mark).map(keyOf));
  });

  it('repeated and late rows, 429 and 503 on the feed: every change exactly once after dedup', async () => {
    const store = new MemoryFeedStore();
    const failures: string[] = [];
    const p = connector.statePoller('acme', { checkpoints: store, sink: store.sink, onFailure: (f) => failures.push(f.kind) });
    await p.pollOnce();
    const mark = lastSeq();
    const faults = [
      { type: 'duplicateRows', where: 'same' },
      { type: 'lateRows' },
      { type: 'duplicateRows', where: 'next' },
      { type: 'status', status: 429, retryAfterSeconds: 1 },
      { type: 'status', status: 503 },
      { type: 'lateRows' },
      { type: 'reorderRows' },
    ] as const;
    for (const [round, action] of faults.entries()) {
      activity(round);
      emulator.control.addFault({ path: FEED, action });
      await p.pollOnce();
    }
    await p.pollOnce();
    await p.pollOnce();
    const expected = changesSince(mark).map(keyOf);
    const delivered = store.applied.slice(seed.agentIds.length + 1).map((e) => e.dedupKey);
    expect([...delivered].sort()).toEqual([...expected].sort());
    expect(store.duplicates).toBeGreaterThan(0);
  });

  it('the background loop backs off through feed failures and catches up', async () => {
    const store = new MemoryFeedStore();
    const failures: string[] = [];
    const p = connector.statePoller('acme', { checkpoints: store, sink: store.sink, intervalMs: 5, onFailure: (f) => failures.push(f.kind) });
    await p.pollOnce();
    const mark = lastSeq();
    emulator.control.addFault({ path: FEED, times: 2, action: { type: 'status', status: 503 } });
    emulator.control.addFault({ path: FEED, after: 2, action: { type: 'status', status: 429, retryAfterSeconds: 1 } });
    activity(1);
    pollers.push(p);
    p.start();
    for (let i = 0; i < 1000 && store.applied.length < seed.agentIds.length + 1 + changesSince(mark).length; i++) await new Promise((r) => setTimeout(r, 10));
    await p.stop();
    expect(failures).toEqual(['retryable', 'retryable', 'rate_limited']);
    expect(store.applied.slice(seed.agentIds.length + 1).map((e) => e.dedupKey)).toEqual(changesSince(mark).map(keyOf));
  });

  it('reads a delta of more than one page (2,500 changes between two polls) to the end', async () => {
    const store = new MemoryFeedStore();
    const p = poller(store);
    await p.pollOnce();
    const mark = lastSeq();
    for (let i = 0; i < 2_500; i++) {
      const agent = seed.agentIds[i % seed.agentIds.length]!;
      emulator.control.setState(agent, emulator.control.agent(agent).state === 'Available' ? 'Unavailable' : 'Available');
    }
    expect(await p.pollOnce()).toMatchObject({ ok: true, value: { events: 2_500 } });
    expect(store.applied.slice(seed.agentIds.length + 1).map((e) => e.dedupKey)).toEqual(changesSince(mark).map(keyOf));
  });

  it('works the same when the feed gives only the latest row per agent, or answers 204 when empty', async () => {
    emulator.control.setBehaviour({ statesFeed: 'latest-per-agent', emptyResultStatus: 204 });
    const store = new MemoryFeedStore();
    const p = poller(store);
    await p.pollOnce();
    const checkpoint = store.checkpoint;
    expect(await p.pollOnce()).toMatchObject({ ok: true, value: { events: 0, checkpoint } }); // 204: the checkpoint stays
    const agent = seed.agentIds[3]!;
    emulator.control.setState(agent, 'Unavailable');
    emulator.control.setState(agent, 'Available');
    await p.pollOnce();
    const latest = changesSince(0).filter((c) => c.agentId === agent).at(-1)!;
    expect(store.applied.at(-1)?.dedupKey).toBe(keyOf(latest));
  });
});
