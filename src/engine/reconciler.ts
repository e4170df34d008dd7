import { resolveRule, type DecisionReason, type PresenceEvent } from '../domain/index.ts';
import type { AgentLinkRepository, CxoneDirectoryRepository, Mailbox, PresenceRuleRepository, SyncStateRepository, TenantRepository } from '../store/ports.ts';
import { divergence } from './divergence.ts';
import type { IngestService } from './ingest-service.ts';
import { EngineMetrics } from './metrics.ts';
import { systemClock, type AgentRef, type Clock } from './ports.ts';

/** What a reconciliation pass reads from the store. */
export interface ReconcileStore {
  readonly tenants: Pick<TenantRepository, 'list'>;
  readonly links: Pick<AgentLinkRepository, 'list'>;
  readonly cxone: Pick<CxoneDirectoryRepository, 'user'>;
  readonly rules: Pick<PresenceRuleRepository, 'forAgent'>;
  readonly syncState: Pick<SyncStateRepository, 'observed' | 'history'>;
  readonly mailbox: Pick<Mailbox, 'get'>;
}

export interface Unhealed extends AgentRef {
  readonly reason: string;
  readonly explanation: string;
}

export interface ReconcileReport {
  readonly startedAt: number;
  readonly checked: number;
  readonly diverged: readonly AgentRef[];
  /** Diverged agents for which a healing write was decided (applied by the dispatcher). */
  readonly healing: readonly AgentRef[];
  readonly unhealed: readonly Unhealed[];
}

export interface ReconcilerOptions {
  readonly store: ReconcileStore;
  readonly ingest: Pick<IngestService, 'ingest'>;
  readonly clock?: Clock;
  readonly metrics?: EngineMetrics;
  /** Between passes (default 5 min). */
  readonly intervalMs?: number;
  readonly onReport?: (report: ReconcileReport) => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * Verdicts of `decide` on a re-asserted side that mean the agent is where the rule wants it after
 * all: both sides agree once what the hub is setting lands (a state queued for the end of a
 * contact), or the rule asks nothing of the other side (a previous state the hub never set).
 */
const SETTLED: ReadonlySet<DecisionReason> = new Set(['already_in_sync', 'previous_state_unknown', 'no_publisher_row', 'no_subscriber_row', 'salesforce_console_closed']);

/**
 * The periodic reconciliation pass: for every linked agent of every tenant with presence sync on,
 * compares both sides' observed states with what the rules say. An agent that is out of sync and
 * has nothing in flight is healed through the normal ingest path: its newest side is re-asserted
 * with origin `reconcile`, so the decision is audited like any other and the dispatcher applies it.
 */
export class Reconciler {
  private readonly clock: Clock;
  readonly metrics: EngineMetrics;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pass: Promise<unknown> | undefined;
  private running = false;

  constructor(private readonly options: ReconcilerOptions) {
    this.clock = options.clock ?? systemClock;
    this.metrics = options.metrics ?? new EngineMetrics();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.pass = this.runPass()
        .then((report) => this.options.onReport?.(report))
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => this.schedule());
    }, this.options.intervalMs ?? 300_000);
    this.timer.unref?.();
  }

  async runPass(): Promise<ReconcileReport> {
    const { store } = this.options;
    const startedAt = this.clock.now();
    let checked = 0;
    const diverged: AgentRef[] = [];
    const healing: AgentRef[] = [];
    const unhealed: Unhealed[] = [];
    for (const tenant of await store.tenants.list()) {
      if (!tenant.switches.presenceSync || !tenant.switches.salesforceAdapter) continue;
      const before = { diverged: diverged.length, unhealed: unhealed.length };
      for (const link of await store.links.list(tenant.id)) {
        checked++;
        const agent = { tenantId: tenant.id, agentId: link.acdUserId };
        const outcome = await this.check(agent);
        if (outcome === 'in_sync') continue;
        diverged.push(agent);
        if (outcome === 'healing') healing.push(agent);
        else unhealed.push(outcome);
      }
      this.metrics.agentsDiverged.set(diverged.length - before.diverged, { tenant: tenant.id });
      this.metrics.reconcileUnhealed.set(unhealed.length - before.unhealed, { tenant: tenant.id });
    }
    return { startedAt, checked, diverged, healing, unhealed };
  }

  private async check(agent: AgentRef): Promise<'in_sync' | 'healing' | Unhealed> {
    const { store } = this.options;
    const { tenantId, agentId } = agent;
    const [cx, sf] = await Promise.all([store.mailbox.get({ tenantId, agentId, target: 'cxone' }), store.mailbox.get({ tenantId, agentId, target: 'salesforce' })]);
    // A change in flight is not a divergence yet; the next pass looks again.
    if (cx?.status === 'pending' || sf?.status === 'pending') return 'in_sync';
    const user = await store.cxone.user(tenantId, agentId);
    const resolution = resolveRule(await store.rules.forAgent(tenantId, agentId, user?.teamId ?? null), { userId: agentId, teamId: user?.teamId ?? null });
    if (!resolution) return 'in_sync';
    const observed = await store.syncState.observed(tenantId, agentId);
    const found = divergence(resolution.rule, observed.cxone, observed.salesforce, await store.syncState.history(tenantId, agentId));
    if (found.kind !== 'diverged') return 'in_sync';
    const held = found.reassert === 'cxone' ? observed.cxone! : observed.salesforce!;
    const event: PresenceEvent = {
      agentId,
      observation: found.reassert === 'cxone' ? { side: 'cxone', state: observed.cxone!.value } : { side: 'salesforce', presence: observed.salesforce!.value },
      // Just after the held observation: newer than what it re-asserts, older than any real change after it.
      at: held.at + 1,
      origin: 'reconcile',
    };
    // The key names the held observation, not the pass: two instances (or passes) re-asserting the
    // same observation ingest it once. A heal moves the observation on, so the next pass has a new key.
    const result = await this.options.ingest.ingest({ tenantId, event, source: 'reconcile', dedupKey: `${agentId}:${found.reassert}:${held.at}` });
    if (result.status === 'duplicate') return 'in_sync';
    if (result.decision.outcome === 'write') return 'healing';
    const { reason, explanation } = result.decision;
    if (SETTLED.has(reason)) return 'in_sync';
    return { ...agent, reason, explanation };
  }
}
