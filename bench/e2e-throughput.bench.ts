/**
 * The hub end to end (issue 7): the real hub (`startHub`, set up by the demo's `seedHub`) between
 * the CXone emulator and simulated Omni-Channel consoles on the real bridge, on SQLite and on
 * PostgreSQL when reachable, beside a forwarder that moves each change straight from one side to
 * the other over the same transports with no store, no rules and no audit, measured in the same run:
 * - sustained changes per second with both sides busy;
 * - hub-added latency (event in → write issued; the engine's histogram at `/metrics`) and end-to-end
 *   latency excluding the poll interval (poll answered / console event sent → write applied), p50/p99,
 *   at an even 1,000 changes per second;
 * - upstream calls per applied change on each side (CXone: the emulator's request log; Salesforce:
 *   set-status commands the consoles received).
 * Run: `npx tsx bench/e2e-throughput.bench.ts [--quick]`.
 */
import { fileURLToPath } from 'node:url';
import type { DemoWorld } from '../demo/demo-world.ts';
import { BenchConsoles } from './support/bench-consoles.ts';
import { startBenchWorld } from './support/bench-world.ts';
import { CxoneProbe } from './support/cxone-probe.ts';
import { startForwarder } from './support/forwarder.ts';
import { postgresReachable, startHubUnderTest } from './support/hub-under-test.ts';
import { bucketDelta, counterValue, histogramBuckets, histogramQuantile } from './support/prometheus.ts';
import { percentile, ratioOf, round, type BenchOptions, type BenchResult } from './support/result.ts';
import { Traffic, type PhaseFigures } from './support/traffic.ts';

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
  /** Of them, agents with an Omni-Channel console open: the ones taking part (at ~40 connections/s a hub takes minutes for 10,000). */
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

async function measure(kind: 'forwarder' | 'sqlite' | 'postgres', plan: Plan): Promise<SystemFigures> {
  const t0 = performance.now();
  const stage = (what: string) => console.error(`  e2e ${kind}: ${what} at ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const world: DemoWorld = await startBenchWorld(plan.agents);
  const traffic = new Traffic(world);
  const probe = new CxoneProbe(traffic.cxoneWritten);
  let consoles: BenchConsoles | undefined;
  let close: (() => Promise<void>) | undefined;
  try {
    let bridgeUrl: string;
    let bridgeSecret: string;
    let connected: () => number;
    let hubAdded: () => HubAdded;
    let activity: () => number = () => 0;
    let label: string;
    if (kind === 'forwarder') {
      const forwarder = await startForwarder({ world, fetch: probe.fetch, cxonePollIntervalMs: POLL_INTERVAL_MS });
      close = () => forwarder.close();
      ({ bridgeUrl, bridgeSecret } = forwarder);
      connected = () => forwarder.bridge.activeConsoles().length;
      label = 'forwarder';
      hubAdded = () => {
        const values = forwarder.takeHubAdded();
        return { p50: round(percentile(values, 50), 4), p99: round(percentile(values, 99), 4), count: values.length, how: 'exact, performance.now()' };
      };
    } else {
      const { hub, bridgeSecret: secret, database, close: stop } = await startHubUnderTest({ world, database: kind, fetch: probe.fetch, cxonePollIntervalMs: POLL_INTERVAL_MS });
      close = stop;
      bridgeUrl = `${hub.url.replace(/^http/, 'ws')}/bridge`;
      bridgeSecret = secret;
      connected = () => hub.bridge.activeConsoles().length;
      label = `hub on ${database}`;
      activity = () => counterValue(hub.engine.metrics.render(), 'presence_sync_decisions_total');
      let before = histogramBuckets(hub.engine.metrics.render(), HUB_ADDED);
      hubAdded = () => {
        const after = histogramBuckets(hub.engine.metrics.render(), HUB_ADDED);
        const delta = bucketDelta(after, before);
        before = after;
        const count = delta.get(Infinity) ?? 0;
        return { p50: round(histogramQuantile(0.5, delta) * 1000, 3), p99: round(histogramQuantile(0.99, delta) * 1000, 3), count, how: `${HUB_ADDED} at /metrics, interpolated in its buckets` };
      };
    }
    consoles = new BenchConsoles({
      hubUrl: bridgeUrl,
      orgId: world.org.id,
      bridgeSecret,
      agents: world.agents.slice(0, plan.consoles).map((a) => ({ userId: world.org.users[a.sfUsername]!, status: { statusId: traffic.availableStatusId } })),
      onApplied: traffic.salesforceApplied,
    });
    traffic.attach(consoles, probe);
    stage('set up');
    const connecting = performance.now();
    await consoles.connect(connected, 300_000);
    const connectsPerSecond = round(connected() / ((performance.now() - connecting) / 1000), 1);
    stage('consoles connected');
    await traffic.quiet(plan.quietMs, 120_000, activity);
    stage('initial sync done');
    const saturated = await traffic.saturate({ seconds: plan.saturateSeconds, toCxonePerSecond: plan.toCxonePerSecond, drainMs: plan.drainMs });
    await traffic.quiet(plan.quietMs, plan.drainMs, activity);
    hubAdded();
    const steady = await traffic.steady({ perSecond: plan.perSecond, toCxonePerSecond: plan.toCxonePerSecond, seconds: plan.steadySeconds, drainMs: plan.drainMs });
    const steadyHubAdded = hubAdded();
    stage('saturated and steady phases done');
    await traffic.quiet(plan.quietMs, plan.settleMs, activity);
    hubAdded();
    const paced = await traffic.steady({ perSecond: plan.pacedPerSecond, toCxonePerSecond: plan.toCxonePerSecond, seconds: plan.steadySeconds, drainMs: plan.drainMs });
    return { label, consoles: connected(), connectsPerSecond, saturated, steady, hubAdded: steadyHubAdded, paced, pacedHubAdded: hubAdded() };
  } finally {
    consoles?.close();
    await close?.();
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
    console.log(`bench ${r.name}: ${r.value} ${r.unit} (baseline ${r.baseline} ${r.baselineUnit}, ratio ${ratioOf(r.value, r.baseline)})`);
  }
  process.exit(0);
}
