/**
 * The hub end to end (issues 7 and 13): the real hub (`startHub`, set up by the demo's `seedHub`)
 * between the CXone emulator and simulated Omni-Channel consoles on the real bridge, on SQLite and on
 * PostgreSQL when reachable, beside a forwarder that moves each change straight from one side to
 * the other over the same transports with no store, no rules and no audit, measured in the same run.
 * The hub (or the forwarder) runs alone in a process of its own; the emulators, the consoles and the
 * load run in this one, so the load offered is really offered and what is measured is the hub:
 * - sustained changes per second with both sides busy;
 * - hub-added latency (event in → write issued; the engine's histogram at `/metrics`) and end-to-end
 *   latency excluding the poll interval (poll answered / console event sent → write applied), p50/p99,
 *   at an even 1,000 changes per second (with the rate offered and the rate achieved) and at 100;
 * - upstream calls per applied change on each side (CXone: state writes the emulator answered;
 *   Salesforce: set-status commands the consoles received).
 * Run: `npx tsx bench/e2e-throughput.bench.ts [--quick]`.
 */
import { fileURLToPath } from 'node:url';
import { addressOf, startDemoWorld, STATUS_LABELS, type DemoWorld } from '../demo/demo-world.ts';
import { BenchConsoles, type ConsoleAgent } from './support/bench-consoles.ts';
import { forkTs, type ChildHandle, type Message } from './support/child.ts';
import { postgresReachable, startHubUnderTest } from './support/hub-under-test.ts';
import { bucketDelta, counterValue, histogramBuckets, histogramQuantile } from './support/prometheus.ts';
import { benchLine, percentile, round, type BenchOptions, type BenchResult } from './support/result.ts';
import { Traffic, type PhaseFigures, type TrafficAgent } from './support/traffic.ts';

const POLL_INTERVAL_MS = 250;
const HUB_ADDED = 'presence_sync_hub_added_latency_seconds';

interface SystemFigures {
  readonly label: string;
  /** Consoles that connected (agents whose console did not take no part). */
  readonly consoles: number;
  /** Console connections (hello → active) per second while they all connected at once. */
  readonly connectsPerSecond: number;
  readonly saturated: PhaseFigures;
  readonly steady: PhaseFigures;
  readonly hubAdded: HubAdded;
  readonly paced: PhaseFigures;
  readonly pacedHubAdded: HubAdded;
}

interface HubAdded {
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
  readonly how: string;
}

interface Plan {
  /** Linked agents (CXone, Salesforce, links, rule). */
  readonly agents: number;
  /** Of them, agents with an Omni-Channel console open: the ones taking part (at ~100-300 connections/s a hub takes a minute for 10,000). */
  readonly consoles: number;
  readonly saturateSeconds: number;
  readonly steadySeconds: number;
  readonly perSecond: number;
  /** Below the CXone connector's default rate limit (10 requests/s per tenant, polls included). */
  readonly toCxonePerSecond: number;
  /** A rate the hub keeps up with, for its latency below saturation. */
  readonly pacedPerSecond: number;
  readonly drainMs: number;
  /** How long without any write counts as quiet between phases. */
  readonly quietMs: number;
  /** How long the backlog of the 1,000 changes/s phase may take to clear before the paced phase. */
  readonly settleMs: number;
}

/** The system under test, in its own process, as the load sees it. */
interface System {
  readonly label: string;
  readonly bridgeUrl: string;
  readonly bridgeSecret: string;
  /** Something that moves while the system works (the hub's decision count), for "quiet". */
  activity(): Promise<number>;
  /** Hub-added latency since the last call. */
  hubAdded(): Promise<HubAdded>;
  close(): Promise<void>;
}

async function startForwarderProcess(world: DemoWorld): Promise<System> {
  const child: ChildHandle = forkTs(fileURLToPath(new URL('./support/forwarder-process.ts', import.meta.url)), { timeoutMs: 900_000 });
  try {
    const ready = await child.request<Message & { bridgeUrl: string; bridgeSecret: string }>({ type: 'start', world: addressOf(world), cxonePollIntervalMs: POLL_INTERVAL_MS }, 'ready', 120_000);
    return {
      label: 'forwarder',
      bridgeUrl: ready.bridgeUrl,
      bridgeSecret: ready.bridgeSecret,
      activity: async () => 0,
      async hubAdded() {
        const { values } = await child.request<Message & { values: number[] }>({ type: 'takeHubAdded' }, 'hubAdded');
        return { p50: round(percentile(values, 50), 4), p99: round(percentile(values, 99), 4), count: values.length, how: 'exact, performance.now() in the forwarder' };
      },
      close: () => child.stop(),
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

async function startHubProcess(world: DemoWorld, database: 'sqlite' | 'postgres'): Promise<System> {
  const hub = await startHubUnderTest({ world: addressOf(world), database, cxonePollIntervalMs: POLL_INTERVAL_MS });
  let before = histogramBuckets(await hub.metrics(), HUB_ADDED);
  return {
    label: `hub on ${hub.database}`,
    bridgeUrl: `${hub.url.replace(/^http/, 'ws')}/bridge`,
    bridgeSecret: hub.bridgeSecret,
    activity: async () => counterValue(await hub.metrics(), 'presence_sync_decisions_total'),
    async hubAdded() {
      const after = histogramBuckets(await hub.metrics(), HUB_ADDED);
      const delta = bucketDelta(after, before);
      before = after;
      const count = delta.get(Infinity) ?? 0;
      return { p50: round(histogramQuantile(0.5, delta) * 1000, 3), p99: round(histogramQuantile(0.99, delta) * 1000, 3), count, how: `${HUB_ADDED} at /metrics, interpolated in its buckets` };
    },
    close: () => hub.close(),
  };
}

async function measure(kind: 'forwarder' | 'sqlite' | 'postgres', plan: Plan): Promise<SystemFigures> {
  const t0 = performance.now();
  const stage = (what: string) => console.error(`  e2e ${kind}: ${what} at ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const world = await startDemoWorld({ agents: plan.agents, cxonePort: 0, salesforcePort: 0, loggedIn: true });
  let system: System | undefined;
  let consoles: BenchConsoles | undefined;
  let traffic: Traffic | undefined;
  try {
    system = kind === 'forwarder' ? await startForwarderProcess(world) : await startHubProcess(world, kind);
    const statusId = (label: string) => world.org.statuses[label.replace(/ /g, '_')]!;
    const statuses = { available: statusId(STATUS_LABELS.available), busy: statusId(STATUS_LABELS.busy), break: statusId(STATUS_LABELS.break) };
    const taking = world.agents.slice(0, plan.consoles);
    const consoleAgents: ConsoleAgent[] = taking.map((a) => ({ userId: world.org.users[a.sfUsername]!, orgId: world.org.id, bridgeSecret: system!.bridgeSecret, hubUrl: system!.bridgeUrl, status: { statusId: statuses.available } }));
    const trafficAgents: TrafficAgent[] = taking.map((a) => ({ cxoneTenantId: world.cxoneTenantId, cxoneAgentId: a.cxoneAgentId, statuses, codes: { lunch: world.codes.Lunch!, break: world.codes.Break! } }));
    consoles = new BenchConsoles({ agents: consoleAgents, onApplied: (index, status, at) => traffic?.salesforceApplied(index, status, at) });
    traffic = new Traffic(trafficAgents, world.cxone, consoles);
    stage('set up');
    const connecting = performance.now();
    await consoles.connect(300_000);
    const connectsPerSecond = round(consoles.activeCount() / ((performance.now() - connecting) / 1000), 1);
    stage('consoles connected');
    await traffic.quiet(plan.quietMs, 120_000, system.activity);
    stage('initial sync done');
    const saturated = await traffic.saturate({ seconds: plan.saturateSeconds, toCxonePerSecond: plan.toCxonePerSecond, drainMs: plan.drainMs });
    await traffic.quiet(plan.quietMs, plan.drainMs, system.activity);
    await system.hubAdded();
    const steady = await traffic.steady({ perSecond: plan.perSecond, toCxonePerSecond: plan.toCxonePerSecond, seconds: plan.steadySeconds, drainMs: plan.drainMs });
    const steadyHubAdded = await system.hubAdded();
    stage('saturated and steady phases done');
    await traffic.quiet(plan.quietMs, plan.settleMs, system.activity);
    await system.hubAdded();
    const paced = await traffic.steady({ perSecond: plan.pacedPerSecond, toCxonePerSecond: plan.toCxonePerSecond, seconds: plan.steadySeconds, drainMs: plan.drainMs });
    return { label: system.label, consoles: consoles.activeCount(), connectsPerSecond, saturated, steady, hubAdded: steadyHubAdded, paced, pacedHubAdded: await system.hubAdded() };
  } finally {
    traffic?.close();
    consoles?.close();
    await system?.close();
    await world.close();
  }
}

/** Upstream calls per applied change over all three phases (more changes than any one phase has). */
function callsPerApplied(system: SystemFigures) {
  const phases = [system.saturated, system.steady, system.paced];
  const sum = (f: (p: PhaseFigures) => number) => phases.reduce((total, p) => total + f(p), 0);
  const toCxone = sum((p) => p.applied.to_cxone);
  const toSalesforce = sum((p) => p.applied.to_salesforce);
  return {
    cxone: round(sum((p) => p.cxoneCalls) / Math.max(1, toCxone)),
    salesforce: round(sum((p) => p.salesforceCalls) / Math.max(1, toSalesforce)),
    counts: { cxoneCalls: sum((p) => p.cxoneCalls), appliedToCxone: toCxone, salesforceCalls: sum((p) => p.salesforceCalls), appliedToSalesforce: toSalesforce, unexpectedWrites: sum((p) => p.unexpectedWrites) },
  };
}

function results(hub: SystemFigures, base: SystemFigures, plan: Plan): BenchResult[] {
  const hubCalls = callsPerApplied(hub);
  const baseCalls = callsPerApplied(base);
  const on = hub.label.replace('hub on ', '');
  const at = `${plan.perSecond.toLocaleString('en')} changes/s`;
  const forwarder = (what: string) => `${what} (forwarder, same run)`;
  return [
    {
      name: `e2e ${on}: changes/s, both sides busy, ${plan.agents.toLocaleString('en')} linked agents, ${plan.consoles.toLocaleString('en')} with a console`,
      value: hub.saturated.perSecond,
      unit: 'changes/s',
      baseline: base.saturated.perSecond,
      baselineUnit: forwarder('changes/s'),
      details: { hub: { consoles: hub.consoles, ...hub.saturated }, forwarder: { consoles: base.consoles, ...base.saturated } },
    },
    {
      name: `e2e ${on}: console connections per second, ${plan.consoles.toLocaleString('en')} at once`,
      value: hub.connectsPerSecond,
      unit: 'connections/s',
      baseline: base.connectsPerSecond,
      baselineUnit: forwarder('connections/s'),
    },
    {
      name: `e2e ${on}: changes offered per second in the ${at} phase (from another process)`,
      value: hub.steady.offeredPerSecond,
      unit: 'changes/s',
      baseline: base.steady.offeredPerSecond,
      baselineUnit: forwarder('changes/s'),
    },
    {
      name: `e2e ${on}: changes applied per second in the ${at} phase`,
      value: hub.steady.perSecond,
      unit: 'changes/s',
      baseline: base.steady.perSecond,
      baselineUnit: forwarder('changes/s'),
      details: { hub: { offered: hub.steady.offered, applied: hub.steady.applied, drainedSeconds: hub.steady.drainedSeconds, unfinished: hub.steady.unfinished }, forwarder: { offered: base.steady.offered, applied: base.steady.applied, drainedSeconds: base.steady.drainedSeconds, unfinished: base.steady.unfinished } },
    },
    { name: `e2e ${on}: hub-added latency p50 at ${at}`, value: hub.hubAdded.p50, unit: 'ms', baseline: base.hubAdded.p50, baselineUnit: forwarder('ms'), details: { hub: hub.hubAdded, forwarder: base.hubAdded } },
    { name: `e2e ${on}: hub-added latency p99 at ${at}`, value: hub.hubAdded.p99, unit: 'ms', baseline: base.hubAdded.p99, baselineUnit: forwarder('ms') },
    {
      name: `e2e ${on}: hub-added latency p99 at ${plan.pacedPerSecond.toLocaleString('en')} changes/s`,
      value: hub.pacedHubAdded.p99,
      unit: 'ms',
      baseline: base.pacedHubAdded.p99,
      baselineUnit: forwarder('ms'),
      details: { hub: { ...hub.pacedHubAdded, p50: hub.pacedHubAdded.p50, phase: hub.paced }, forwarder: { ...base.pacedHubAdded, phase: base.paced } },
    },
    {
      name: `e2e ${on}: end-to-end latency p50 at ${at}, excluding the poll interval`,
      value: hub.steady.e2eP50,
      unit: 'ms',
      baseline: base.steady.e2eP50,
      baselineUnit: forwarder('ms'),
      details: { hub: hub.steady, forwarder: base.steady },
    },
    { name: `e2e ${on}: end-to-end latency p99 at ${at}, excluding the poll interval`, value: hub.steady.e2eP99, unit: 'ms', baseline: base.steady.e2eP99, baselineUnit: forwarder('ms') },
    {
      name: `e2e ${on}: CXone calls per applied change`,
      value: hubCalls.cxone,
      unit: 'calls',
      baseline: baseCalls.cxone,
      baselineUnit: forwarder('calls'),
      details: { hub: hubCalls.counts, forwarder: baseCalls.counts },
    },
    {
      name: `e2e ${on}: Salesforce (console) calls per applied change`,
      value: hubCalls.salesforce,
      unit: 'calls',
      baseline: baseCalls.salesforce,
      baselineUnit: forwarder('calls'),
    },
  ];
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
  const plan: Plan = quick
    ? { agents: 200, consoles: 200, saturateSeconds: 1.5, steadySeconds: 1, perSecond: 1_000, toCxonePerSecond: 3, pacedPerSecond: 100, drainMs: 1_500, quietMs: 500, settleMs: 8_000 }
    : { agents: 10_000, consoles: 1_500, saturateSeconds: 8, steadySeconds: 6, perSecond: 1_000, toCxonePerSecond: 3, pacedPerSecond: 100, drainMs: 20_000, quietMs: 1_000, settleMs: 45_000 };
  const base = await measure('forwarder', plan);
  const out = results(await measure('sqlite', plan), base, plan);
  if (!quick) {
    const pg = await postgresReachable();
    // The hub's first poll ingests every agent's current state; on PostgreSQL (~100 ingests/s here)
    // 10,000 of them take minutes before anything can be measured, so fewer linked agents there.
    const pgPlan = { ...plan, agents: 2_000 };
    if (pg.ok) out.push(...results(await measure('postgres', pgPlan), base, pgPlan));
    else console.warn(`e2e on PostgreSQL skipped: ${pg.reason}`);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run({ quick: process.argv.includes('--quick') })) {
    console.log(benchLine(r));
  }
  process.exit(0);
}
