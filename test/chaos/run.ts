/**
 * One chaos run: the platforms (emulators, in this process), hub instances (`presence-sync serve`
 * processes) behind a balancer on SQLite or on a PostgreSQL of the run's own, agents acting on both
 * sides until they have made the changes asked for, and the seeded faults meanwhile. Then the run
 * goes quiet, waits for the two sides to agree (at most one reconciliation interval and a little),
 * writes down the history and hands it to the checker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PresenceRule } from '../../src/domain/index.ts';
import { DEMO_TENANT } from '../e2e/support/e2e-hub.ts';
import { check, disagreement, type Report } from './checker.ts';
import { Balancer } from './harness/balancer.ts';
import { ChaosAgents } from './harness/chaos-agents.ts';
import { startChaosWorld, type ChaosWorld } from './harness/chaos-world.ts';
import { inject, type FaultTargets } from './harness/faults.ts';
import { HubInstances } from './harness/hub-instances.ts';
import { startOwnPostgres, type OwnPostgres } from './harness/own-postgres.ts';
import { auditThroughApi, finalStates, platformChanges, ruleVersion, stateNames, toAuditRecord } from './harness/recorder.ts';
import type { FaultRecord, History, PlatformChange, RuleVersion } from './history.ts';
import { describeSchedule, schedule, type ScheduledFault } from './schedule.ts';

export interface RunOptions {
  readonly seed: number;
  /** Changes the agents make (on both platforms) before the run goes quiet. */
  readonly changes: number;
  readonly instances: number;
  readonly db: 'sqlite' | 'postgres';
  readonly agents: number;
  /** Mean time between one agent's actions. */
  readonly meanGapMs: number;
  /** How many times each fault comes. */
  readonly rounds: number;
  readonly reconcileIntervalMs: number;
  readonly log?: (line: string) => void;
}

export interface RunResult {
  readonly history: History;
  readonly report: Report;
  readonly schedule: readonly ScheduledFault[];
  readonly durationMs: number;
}

/** How the instances run: short enough intervals that a fault's effects show within the run. */
function hubSettings(options: RunOptions): Record<string, string> {
  return {
    LOG_LEVEL: 'warn',
    PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS: '500',
    PRESENCE_SYNC_BRIDGE_GRACE_MS: '2000',
    PRESENCE_SYNC_BRIDGE_HEARTBEAT_MS: '2000',
    PRESENCE_SYNC_SALESFORCE_FEED_INTERVAL_MS: '5000',
    PRESENCE_SYNC_RECONCILE_INTERVAL_MS: String(options.reconcileIntervalMs),
  };
}

/** How far apart the clocks may be: the skew the schedule gives an instance, and a little. */
const clockTolerance = (plan: readonly ScheduledFault[]): number => Math.max(0, ...plan.filter((f) => f.kind === 'clock-skew').map((f) => Math.abs(f.skewMs) + 100));

export async function runChaos(options: RunOptions): Promise<RunResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const plan = schedule({ seed: options.seed, db: options.db, instances: options.instances, rounds: options.rounds, agents: options.agents });
  log(`seed ${options.seed} (replay with --seed ${options.seed}): ${describeSchedule(plan)}`);
  const dir = mkdtempSync(join(tmpdir(), 'psync-chaos-'));
  let postgres: OwnPostgres | undefined;
  let chaos: ChaosWorld | undefined;
  let balancer: Balancer | undefined;
  let hubs: HubInstances | undefined;
  let agents: ChaosAgents | undefined;
  try {
    if (options.db === 'postgres') postgres = await startOwnPostgres();
    chaos = await startChaosWorld({ agents: options.agents, dataDir: join(dir, 'setup'), ...(postgres ? { databaseUrl: postgres.url } : {}) });
    balancer = await Balancer.start();
    hubs = await HubInstances.start({ count: options.instances, env: { ...chaos.hubEnv, ...hubSettings(options) }, dir, balancer });
    agents = new ChaosAgents(chaos.world, { hubUrl: balancer.url, bridgeSecret: chaos.bridgeSecret });
    const world = chaos.world;
    const polls = () => world.cxone.control.requests({ path: '/*/agents/states' }).length;
    for (const deadline = Date.now() + 20_000; polls() === 0; ) {
      if (Date.now() > deadline) throw new Error(`no CXone poll within 20 s:\n${hubs.output(0)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    log(`set up in ${((Date.now() - started) / 1000).toFixed(1)} s; ${options.agents} agents start`);

    const rules: RuleVersion[] = [ruleVersion(chaos.rule, 0)];
    const apiUrl = balancer.url;
    const token = chaos.apiToken;
    let current = chaos.rule;
    const targets: FaultTargets = {
      world,
      hubs,
      ...(postgres ? { postgres } : {}),
      agents,
      async editRule() {
        const edited = swapLunchAndBreak(current, world.codes);
        const saved = await putRule(apiUrl, token, edited);
        current = saved;
        rules.push(ruleVersion(saved, Date.now()));
        return `rule edited to version ${saved.version}: Lunch and Break swap their Salesforce statuses`;
      },
    };
    const running: Promise<FaultRecord>[] = [];
    let next = 0;
    const drive = agents;
    const actions = await agents.drive({
      seed: options.seed,
      meanGapMs: options.meanGapMs,
      tickMs: 100,
      done: () => drive.externalChanges() >= options.changes,
      onTick: () => {
        const made = drive.externalChanges();
        while (next < plan.length && made >= plan[next]!.startsAt * options.changes) {
          const fault = plan[next++]!;
          running.push(inject(fault, targets).catch((error: unknown) => ({ kind: fault.kind, at: Date.now(), until: Date.now(), detail: `FAILED: ${String(error)}` })));
        }
      },
    });
    const faults = await Promise.all(running);
    const quietFrom = Date.now();
    log(`${actions} actions, ${agents.externalChanges()} changes by people in ${((quietFrom - started) / 1000).toFixed(0)} s; ${faults.length} faults done; quiet now`);
    for (const f of faults) if (f.detail.startsWith('FAILED')) log(`  fault ${f.kind} ${f.detail}`);
    for (const c of hubs.crashes) log(`  ${c.instance} exited by itself (${c.exit}) at ${c.at}; its last words:\n${c.output}`);

    const convergedAt = await awaitAgreement(chaos, agents, () => rules.at(-1)!, options.reconcileIntervalMs);
    // A hub behind on CXone's feed has not decided yet, which is not losing: the audit is read once it caught up.
    const caughtUp = await awaitFeedCaughtUp(world, agents.logStart.cxone, FEED_CATCH_UP_MS);
    log(caughtUp === undefined ? `the hub had not caught up with CXone's feed ${FEED_CATCH_UP_MS / 1000} s after quiet` : `the hub caught up with CXone's feed ${((caughtUp - quietFrom) / 1000).toFixed(1)} s after quiet`);
    // The hub's last writes come back through the next polls before the audit is read.
    await new Promise((r) => setTimeout(r, 2_000));
    const audit = (await auditThroughApi(apiUrl, token)).map(toAuditRecord);
    const history: History = {
      seed: options.seed,
      changes: platformChanges(world, agents.logStart),
      audit,
      rules,
      faults,
      crashes: hubs.crashes.map(({ instance, at, exit }) => ({ instance, at, exit })),
      final: finalStates(world, agents),
      quietFrom,
      ...(convergedAt !== undefined ? { convergedAt } : {}),
      reconcileIntervalMs: options.reconcileIntervalMs,
      clockToleranceMs: clockTolerance(plan),
      names: stateNames(world),
    };
    return { history, report: check(history), schedule: plan, durationMs: Date.now() - started };
  } finally {
    agents?.closeAll();
    await hubs?.stopAll().catch(() => undefined);
    await balancer?.close().catch(() => undefined);
    await chaos?.close().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Waits until every agent's two sides agree under the rule and keep agreeing for two seconds, for
 * at most one reconciliation interval and ten seconds; answers when the agreement began.
 */
async function awaitAgreement(chaos: ChaosWorld, agents: ChaosAgents, rule: () => RuleVersion, intervalMs: number): Promise<number | undefined> {
  const world = chaos.world;
  const deadline = Date.now() + intervalMs + 10_000;
  let since: number | undefined;
  while (Date.now() < deadline) {
    const changes = platformChanges(world, agents.logStart);
    const byAgent = new Map<string, PlatformChange[]>();
    for (const c of changes) byAgent.set(c.agent, [...(byAgent.get(c.agent) ?? []), c]);
    const apart = finalStates(world, agents).filter((s) => disagreement(s, rule(), byAgent.get(s.agent) ?? []) !== undefined).length;
    if (apart > 0) since = undefined;
    else since ??= Date.now();
    if (since !== undefined && Date.now() - since >= 2_000) return since;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

/** How long after quiet the run waits for the hub to have read every change of CXone's feed. */
const FEED_CATCH_UP_MS = 5 * 60_000;

/**
 * Waits until some instance polls CXone's feed from a checkpoint at or after the last change CXone
 * recorded (an instance only moves its checkpoint on once ingest took the changes before it);
 * answers when, or undefined after `limitMs`.
 */
async function awaitFeedCaughtUp(world: ChaosWorld['world'], afterSeq: number, limitMs: number): Promise<number | undefined> {
  const last = world.cxone.control.changes({ tenantId: world.cxoneTenantId, afterSeq }).at(-1)?.at ?? 0;
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const polls = world.cxone.control.requests({ path: '/*/agents/states' }).filter((r) => r.status === 200);
    const from = polls.map((r) => Date.parse(new URLSearchParams(r.query).get('updatedSince') ?? '')).filter((t) => t >= last);
    if (from.length > 0) return Date.now();
    await new Promise((r) => setTimeout(r, 500));
  }
  return undefined;
}

/** The rule with the Salesforce statuses of Lunch and Break swapped, both ways: a valid edit that changes what half the agents should show. */
function swapLunchAndBreak(rule: PresenceRule, codes: Readonly<Record<string, string>>): PresenceRule {
  const swap = (codeId: string | null) => (codeId === codes.Lunch ? codes.Break! : codeId === codes.Break ? codes.Lunch! : codeId);
  return {
    ...rule,
    publisher: rule.publisher.map((row) => (row.acd.kind === 'Unavailable' ? { ...row, acd: { ...row.acd, codeId: swap(row.acd.codeId) } } : row)),
    subscriber: rule.subscriber.map((row) => (row.acd.kind === 'Unavailable' ? { ...row, acd: { ...row.acd, codeId: swap(row.acd.codeId) } } : row)),
  };
}

/** Saves the rule through the admin API, trying again while no instance answers (one may be restarting). */
async function putRule(apiUrl: string, token: string, rule: PresenceRule): Promise<PresenceRule> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    let response: Response | undefined;
    try {
      response = await fetch(`${apiUrl}/api/v1/tenants/${DEMO_TENANT}/rules/${rule.id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: rule.name, skipUnavailableCodeValidation: rule.skipUnavailableCodeValidation, publisher: rule.publisher, subscriber: rule.subscriber }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (response && response.status < 500) {
      const body = (await response.json()) as { rule?: PresenceRule } & PresenceRule;
      if (!response.ok) throw new Error(`the rule edit answered ${response.status}: ${JSON.stringify(body)}`);
      return body.rule ?? body;
    }
    if (Date.now() > deadline) throw new Error(`the rule edit answered ${response?.status ?? 'nothing'} for a minute`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
