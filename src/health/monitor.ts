import type { HealthTransition, Store } from '../store/index.ts';
import { runChecks } from './checks/index.ts';
import type { HealthThresholds } from './facts.ts';
import { CONDITION, gatherFacts } from './gather.ts';
import type { UpstreamSignals } from './signals.ts';

export interface HealthLogger {
  info(object: Record<string, unknown>, message?: string): void;
  warn(object: Record<string, unknown>, message?: string): void;
}

export interface HealthMonitorOptions {
  readonly store: Store;
  readonly signals: UpstreamSignals;
  readonly thresholds: HealthThresholds;
  readonly instanceId: string;
  /** Between two evaluations of every tenant. */
  readonly intervalMs: number;
  /** An open problem not found again clears once it was last seen this long ago; default two intervals. */
  readonly clearAfterMs?: number;
  /** Tenants whose sources run on this instance: their checks run here, where their upstream calls are seen. */
  readonly ownedTenants: () => readonly string[];
  /** Problems opened or cleared by this instance (the alert sender is woken with them). */
  readonly onTransitions?: (tenantId: string, transitions: readonly HealthTransition[]) => void;
  readonly logger: HealthLogger;
  readonly now?: () => number;
}

/** A reconciliation pass's verdict, as the monitor needs it. */
export interface ReconcileOutcome {
  readonly diverged: readonly { readonly tenantId: string; readonly agentId: string }[];
}

/**
 * The hub's continuous health checks: every interval, each tenant whose sources run on this
 * instance is looked at, its findings stored as open problems (and problems no longer found
 * cleared), and each change handed to the alerts. A tenant whose Presence Sync is off has its
 * problems cleared by whichever instance gets there first.
 */
export class HealthMonitor {
  readonly #options: HealthMonitorOptions;
  readonly #now: () => number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | undefined;

  constructor(options: HealthMonitorOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.#running ??= this.runOnce().finally(() => (this.#running = undefined));
    }, this.#options.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One pass over every tenant; a tenant that fails is logged and the others still run. */
  async runOnce(): Promise<void> {
    const owned = new Set(this.#options.ownedTenants());
    for (const tenant of await this.#options.store.tenants.list()) {
      const syncOn = tenant.switches.presenceSync && tenant.switches.salesforceAdapter;
      if (syncOn && !owned.has(tenant.id)) continue;
      try {
        await this.evaluate(tenant.id);
      } catch (error) {
        this.#options.logger.warn({ tenantId: tenant.id, err: error instanceof Error ? error.message : String(error) }, 'the health checks of the tenant failed; they run again');
      }
    }
  }

  /** Checks one tenant now and stores the outcome; returns the problems it opened or cleared. */
  async evaluate(tenantId: string): Promise<readonly HealthTransition[]> {
    const { store, signals, thresholds, instanceId } = this.#options;
    const now = this.#now();
    const findings = runChecks(await gatherFacts(store, tenantId, signals.of(tenantId), now), thresholds);
    const transitions = await store.health.apply(tenantId, findings, { now, clearAfterMs: this.#options.clearAfterMs ?? 2 * this.#options.intervalMs, instanceId });
    for (const t of transitions) {
      this.#options.logger.info({ tenantId, code: t.problem.code, severity: t.problem.severity }, t.kind === 'opened' ? 'health problem opened' : 'health problem cleared');
    }
    if (transitions.length > 0) this.#options.onTransitions?.(tenantId, transitions);
    return transitions;
  }

  /** Keeps, per agent, since when reconciliation has found it out of sync (for the sustained-divergence check). */
  async recordReconciliation(outcome: ReconcileOutcome): Promise<void> {
    const now = this.#now();
    const byTenant = new Map<string, string[]>();
    for (const tenant of await this.#options.store.tenants.list()) if (tenant.switches.presenceSync && tenant.switches.salesforceAdapter) byTenant.set(tenant.id, []);
    for (const agent of outcome.diverged) byTenant.get(agent.tenantId)?.push(agent.agentId);
    for (const [tenantId, agents] of byTenant) await this.#options.store.health.setConditions(tenantId, CONDITION.diverged, agents, now);
  }
}
