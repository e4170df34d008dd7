/**
 * Sync engine throughput and hub-added latency on SQLite, in process, both sides busy, beside a
 * forwarder that moves each change straight to the other side's writer (no store, no rules, no
 * audit) measured in the same run. Writers are in-memory and answer at once, so the figures are
 * the hub's own cost. Run: `npx tsx bench/engine.bench.ts [--quick]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AVAILABLE, status, unavailable, type AcdState, type PresenceEvent, type SalesforcePresence } from '../src/domain/index.ts';
import { createSyncEngine, type CxoneStateWriter, type SalesforceStatusWriter } from '../src/engine/index.ts';
import { createStore, migrateToLatest, openDatabase } from '../src/store/index.ts';
import { fakeCipher } from '../src/store/test-support/fakes.ts';
import { AVAILABLE_FOR_CHATS, BUSY, LUNCH, RULE } from '../src/store/test-support/fixtures.ts';
import { round, type BenchResult } from './support/result.ts';

const quick = process.argv.includes('--quick');
const AGENTS = quick ? 200 : 1_000;
const CHANGES = quick ? 1_000 : 5_000;
const PACED_RATE = 100;
/** Changes in flight at once in the saturated phase, as a poll page or a shift start's consoles hand them over. */
const WINDOW = 256;
const CX: AcdState[] = [AVAILABLE, unavailable(LUNCH)];
const SF: SalesforcePresence[] = [status(AVAILABLE_FOR_CHATS.id), status(BUSY.id)];

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** The i-th change: a random agent, alternately on CXone and Salesforce, alternating states. */
function change(i: number, at: number): PresenceEvent {
  const agentId = `a${(i * 7919) % AGENTS}`;
  const flip = Math.floor(i / AGENTS) % 2;
  return i % 2 === 0
    ? { agentId, at, origin: 'cxone_feed', observation: { side: 'cxone', state: CX[flip]! } }
    : { agentId, at, origin: 'console_manual', observation: { side: 'salesforce', presence: SF[flip]! } };
}

async function forwarder(): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const sent = new Map<string, number>();
  const cxone: CxoneStateWriter = { setState: async (r) => (latencies.push(performance.now() - sent.get(r.agentId)!), { ok: true }) };
  const salesforce: SalesforceStatusWriter = { sendSetStatus: async (r) => (latencies.push(performance.now() - sent.get(r.agentId)!), { kind: 'applied', commandId: 'c', presence: r.presence }) };
  const signal = new AbortController().signal;
  const started = performance.now();
  for (let i = 0; i < CHANGES; i++) {
    const e = change(i, Date.now());
    sent.set(e.agentId, performance.now());
    if (e.observation.side === 'cxone') await salesforce.sendSetStatus({ tenantId: 't1', agentId: e.agentId, presence: SF[CX.indexOf(e.observation.state)] ?? SF[0]!, intentId: 'i', timeoutMs: 1_000, signal });
    else await cxone.setState({ tenantId: 't1', agentId: e.agentId, state: AVAILABLE, whenContactEnds: false, signal });
  }
  return { perSecond: Math.round(CHANGES / ((performance.now() - started) / 1000)), p50: pct(latencies, 50), p99: pct(latencies, 99) };
}

/** `rate`: changes per second offered (paced, each awaited); undefined = as fast as ingest takes them, up to WINDOW at once. */
async function engine(rate?: number, changes = CHANGES) {
  const dir = mkdtempSync(join(tmpdir(), 'psync-bench-engine-'));
  const database = await openDatabase({ url: join(dir, 'hub.db') });
  await migrateToLatest(database);
  const store = createStore(database, { cipher: fakeCipher });
  const ids = Array.from({ length: AGENTS }, (_, i) => `a${i}`);
  await store.tenants.upsert({ id: 't1', name: 'Bench' });
  await store.tenants.setSwitches('t1', { salesforceAdapter: true, presenceSync: true });
  await store.cxone.replaceSnapshot('t1', {
    users: ids.map((id) => ({ id, firstName: id, lastName: 'A', email: null, username: null, federationId: null, teamId: 'team-1', active: true })),
    teams: [{ id: 'team-1', name: 'Voice', active: true }],
    codes: [{ ...LUNCH, active: true }],
    teamCodes: [{ teamId: 'team-1', codeId: LUNCH.id }],
  });
  const sfId = (i: number) => `005xx${String(i).padStart(10, '0')}AAA`;
  await store.salesforce.replaceSnapshot('t1', {
    users: ids.map((id, i) => ({ id: sfId(i), username: id, email: null, federationId: null, name: id, profileId: null, permissionSetIds: [], active: true })),
    statuses: [AVAILABLE_FOR_CHATS, BUSY],
  });
  for (const [i, id] of ids.entries()) await store.links.set('t1', { acdUserId: id, sfUserId: sfId(i), matchedBy: 'email' });
  await store.rules.save('t1', RULE);
  await store.rules.assign('t1', RULE.id, { teamIds: ['team-1'], userIds: [] });

  const ingestedAt = new Map<string, number>();
  const latencies: number[] = [];
  let calls = 0;
  const issued = (agentId: string) => {
    calls++;
    const t = ingestedAt.get(agentId);
    if (t !== undefined) latencies.push(performance.now() - t);
  };
  const cxone: CxoneStateWriter = { setState: async (r) => (issued(r.agentId), { ok: true }) };
  const salesforce: SalesforceStatusWriter = { sendSetStatus: async (r) => (issued(r.agentId), { kind: 'applied', commandId: 'c', presence: r.presence }) };
  const sync = createSyncEngine({ store, cxone, salesforce, instanceId: 'bench', reconcile: false, dispatch: { concurrency: 32, pollIntervalMs: 5 } });
  sync.start();
  const started = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < changes; i++) {
    if (rate !== undefined) {
      const due = started + (i * 1000) / rate;
      while (performance.now() < due) await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    }
    const e = change(i, Date.now());
    ingestedAt.set(e.agentId, performance.now());
    const done: Promise<unknown> = sync.ingest({ tenantId: 't1', source: e.observation.side, dedupKey: `e${i}`, event: e }).finally(() => inFlight.delete(done));
    inFlight.add(done);
    if (rate !== undefined || inFlight.size >= WINDOW) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  for (let i = 0; i < 2_000 && (await store.mailbox.list('t1', { status: 'pending' })).length > 0; i++) await new Promise((r) => setTimeout(r, 5));
  const elapsed = (performance.now() - started) / 1000;
  await sync.stop();
  const applied = sync.metrics.writes.value({ side: 'cxone', result: 'applied' }) + sync.metrics.writes.value({ side: 'salesforce', result: 'applied' });
  const rss = process.memoryUsage().rss;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { perSecond: Math.round(changes / elapsed), p50: pct(latencies, 50), p99: pct(latencies, 99), callsPerApplied: calls / Math.max(1, applied), applied, rss };
}

/** For `bench/run.ts` (which passes `--quick` on the command line, read above). */
export async function run(): Promise<BenchResult[]> {
  const base = await forwarder();
  const hub = await engine();
  const paced = await engine(PACED_RATE, PACED_RATE * (quick ? 2 : 5));
  const what = `engine in process, SQLite, ${AGENTS} agents, in-memory writers`;
  const same = 'ms (in-process forwarder, same run)';
  return [
    { name: `${what}: changes/s`, value: hub.perSecond, unit: 'changes/s', baseline: base.perSecond, baselineUnit: 'changes/s (in-process forwarder, same run)' },
    { name: `${what}: hub-added p50, saturated`, value: round(hub.p50), unit: 'ms', baseline: round(base.p50), baselineUnit: same },
    { name: `${what}: hub-added p99, saturated`, value: round(hub.p99), unit: 'ms', baseline: round(base.p99), baselineUnit: same },
    { name: `${what}: hub-added p50 at ${PACED_RATE} changes/s`, value: round(paced.p50), unit: 'ms', baseline: round(base.p50), baselineUnit: same },
    { name: `${what}: hub-added p99 at ${PACED_RATE} changes/s`, value: round(paced.p99), unit: 'ms', baseline: round(base.p99), baselineUnit: same },
    { name: `${what}: upstream calls per applied change`, value: round(hub.callsPerApplied), unit: 'calls', baseline: 1, baselineUnit: 'call (one write per change)' },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const base = await forwarder();
  const hub = await engine();
  const paced = await engine(PACED_RATE, PACED_RATE * (quick ? 2 : 5));
  console.log(`sync engine, SQLite, ${AGENTS} agents, ${CHANGES} changes alternating sides (in-memory writers)`);
  console.log(`  changes/s          engine ${hub.perSecond}   forwarder ${base.perSecond}   ratio ${(hub.perSecond / base.perSecond).toFixed(4)}`);
  console.log(`  hub-added p50 (ms) engine ${hub.p50.toFixed(3)}   forwarder ${base.p50.toFixed(4)}`);
  console.log(`  hub-added p99 (ms) engine ${hub.p99.toFixed(3)}   forwarder ${base.p99.toFixed(4)}`);
  console.log(`  upstream calls per applied change: ${hub.callsPerApplied.toFixed(3)} (${hub.applied} applied)`);
  console.log(`  resident memory after the run: ${(hub.rss / 1024 / 1024).toFixed(1)} MiB`);
  console.log(`  paced at ${PACED_RATE} changes/s: hub-added p50 ${paced.p50.toFixed(3)} ms, p99 ${paced.p99.toFixed(3)} ms`);
}
