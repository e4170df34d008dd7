import { createHash } from 'node:crypto';
import { ECHO_WINDOW_MS, type Side } from '../domain/index.ts';
import type { ClaimedIntent, ClaimOptions } from '../store/ports.ts';
import type { LatencyTracker } from './latency-tracker.ts';
import { EngineMetrics } from './metrics.ts';
import { systemClock, type Clock, type ConsoleHolder, type CxoneStateWriter, type EngineStore, type SalesforceStatusWriter } from './ports.ts';
import { consoleServeKey } from './serve-key.ts';
import { certainlyNotApplied, classify, fromCxone, fromSetStatus, type WriteOutcome } from './write-outcome.ts';

export interface DispatcherOptions {
  readonly store: Pick<EngineStore, 'mailbox' | 'syncState' | 'audit'>;
  readonly cxone: CxoneStateWriter;
  readonly salesforce: SalesforceStatusWriter;
  /** The consoles this instance holds; without it, Salesforce intents are claimed like any (one hub instance). */
  readonly consoles?: ConsoleHolder;
  /** This instance's id: the lease owner. */
  readonly owner: string;
  readonly clock?: Clock;
  readonly metrics?: EngineMetrics;
  readonly latency?: LatencyTracker;
  /** Default 30 s. */
  readonly leaseMs?: number;
  /** Longest a single write may take (default 10 s); it is aborted earlier if the lease would end first. */
  readonly writeTimeoutMs?: number;
  /** A write is abandoned this long before its lease ends (default 2 s), so no write lands after the lease. */
  readonly leaseMarginMs?: number;
  /** Writes in flight at once (default 16). */
  readonly concurrency?: number;
  /** How often to look for due intents when nothing woke the dispatcher (default 250 ms). */
  readonly pollIntervalMs?: number;
  readonly echoWindowMs?: number;
  /** Reports unexpected errors (a store call that failed); the loop keeps going. */
  readonly onError?: (error: unknown) => void;
}

/** Serve keys per claim, so that the SQL `in (...)` list stays small. */
const SERVE_KEY_CHUNK = 500;

/**
 * Takes due intents from the mailbox under a lease and applies them: expected echo first, then the
 * write with an abort before the lease ends, then complete (fenced) or fail (the mailbox retries
 * with backoff or dead-letters; dead letters are audited here).
 */
export class Dispatcher {
  private readonly clock: Clock;
  readonly metrics: EngineMetrics;
  private readonly leaseMs: number;
  private readonly writeTimeoutMs: number;
  private readonly leaseMarginMs: number;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly echoWindowMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  private running = false;
  private stopping = false;
  private loopDone: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private salesforceFirst = false;

  constructor(private readonly options: DispatcherOptions) {
    this.clock = options.clock ?? systemClock;
    this.metrics = options.metrics ?? new EngineMetrics();
    this.leaseMs = options.leaseMs ?? 30_000;
    this.leaseMarginMs = options.leaseMarginMs ?? 2_000;
    this.writeTimeoutMs = Math.min(options.writeTimeoutMs ?? 10_000, this.leaseMs - this.leaseMarginMs);
    this.concurrency = Math.max(1, options.concurrency ?? 16);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.echoWindowMs = options.echoWindowMs ?? ECHO_WINDOW_MS;
    if (this.writeTimeoutMs <= 0) throw new RangeError('PSYNC_ENGINE_CONFIG: the lease must be longer than its margin; raise leaseMs or lower leaseMarginMs.');
  }

  get active(): number {
    return this.inFlight.size;
  }

  /** Starts the loop: claims whenever a slot is free and something is due. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loopDone = this.loop();
  }

  /** Something may be due now (an ingest wrote an intent, a console connected). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Claims once (up to the free slots), applies what it claimed and waits for those writes.
   * Returns how many intents it handled. For tests and for callers that drive their own loop.
   */
  async runOnce(): Promise<number> {
    const claimed = await this.claim(this.concurrency - this.inFlight.size);
    await Promise.all(claimed.map((intent) => this.track(intent)));
    return claimed.length;
  }

  /**
   * Stops claiming and resolves when idle. In-flight writes finish (they are bounded by the write
   * timeout); with `abandon`, they are aborted instead and their leases released without counting
   * an attempt, so the next instance repeats the same generation. Either way this instance's
   * leases are released before it resolves.
   */
  async stop(options: { readonly abandon?: boolean } = {}): Promise<void> {
    this.running = false;
    this.stopping = true;
    if (options.abandon) for (const controller of this.controllers) controller.abort();
    this.wake();
    await this.loopDone;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.options.store.mailbox.releaseLeases(this.options.owner);
  }

  private async loop(): Promise<void> {
    // Leases this owner left behind when it was killed: its work is ours again at once, not after the lease lapses.
    await this.options.store.mailbox.releaseLeases(this.options.owner).catch((error: unknown) => this.options.onError?.(error));
    while (this.running) {
      const free = this.concurrency - this.inFlight.size;
      let claimed: readonly ClaimedIntent[] = [];
      if (free > 0) {
        try {
          claimed = await this.claim(free);
        } catch (error) {
          this.options.onError?.(error);
        }
      }
      for (const intent of claimed) void this.track(intent);
      if (claimed.length === 0 || claimed.length >= free) await this.idle();
    }
  }

  /** Waits for a wake-up, a finished write or the poll interval. */
  private idle(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      timer.unref?.();
      if (this.inFlight.size > 0) void Promise.race([...this.inFlight]).then(done, done);
      this.wakeUp = done;
    });
  }

  private async claim(slots: number): Promise<readonly ClaimedIntent[]> {
    if (slots <= 0 || this.stopping) return [];
    const { mailbox } = this.options.store;
    const base = { owner: this.options.owner, leaseMs: this.leaseMs };
    const consoles = this.options.consoles;
    if (!consoles) return mailbox.claim({ ...base, limit: slots });
    const claimSalesforce = async (limit: number): Promise<ClaimedIntent[]> => {
      const keys = consoles.heldAgents().map((a) => consoleServeKey(a.tenantId, a.agentId));
      const out: ClaimedIntent[] = [];
      for (let i = 0; i < keys.length && out.length < limit; i += SERVE_KEY_CHUNK) {
        const options: ClaimOptions = { ...base, limit: limit - out.length, target: 'salesforce', serveKeys: keys.slice(i, i + SERVE_KEY_CHUNK) };
        out.push(...(await mailbox.claim(options)));
      }
      return out;
    };
    const claimCxone = async (limit: number) => [...(await mailbox.claim({ ...base, limit, target: 'cxone' }))];
    // Alternate which side goes first, so that a busy side cannot starve the other.
    this.salesforceFirst = !this.salesforceFirst;
    const first = this.salesforceFirst ? claimSalesforce : claimCxone;
    const second = this.salesforceFirst ? claimCxone : claimSalesforce;
    const a = await first(slots);
    const b = a.length < slots ? await second(slots - a.length) : [];
    return [...a, ...b];
  }

  private track(intent: ClaimedIntent): Promise<void> {
    const work = this.apply(intent)
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.inFlight.delete(work);
        this.metrics.inFlight.set(this.inFlight.size);
      });
    this.inFlight.add(work);
    this.metrics.inFlight.set(this.inFlight.size);
    return work;
  }

  private async apply(intent: ClaimedIntent): Promise<void> {
    const { tenantId, agentId, target, generation } = intent;
    const side: Side = target;
    const now = this.clock.now();
    const budget = Math.min(this.writeTimeoutMs, intent.leaseUntil - this.leaseMarginMs - now);
    const intentId = intentIdOf(tenantId, agentId, side, generation);
    let outcome: WriteOutcome;
    if (budget <= 0) {
      outcome = { kind: 'aborted' };
    } else {
      // The echo is recorded before the write: its observation may arrive before the write returns.
      await this.options.store.syncState.expectEcho(tenantId, agentId, { side, stateKey: intent.desired.stateKey, expiresAt: now + this.echoWindowMs, commandId: intentId, recordedAt: now });
      outcome = await this.write(intent, intentId, budget);
      if (certainlyNotApplied(outcome)) await this.options.store.syncState.forgetEcho(tenantId, agentId, { side, stateKey: intent.desired.stateKey, commandId: intentId });
    }
    if (outcome.kind === 'aborted' && this.stopping) return; // released by stop(), no attempt counted
    await this.settle(intent, outcome);
  }

  private async write(intent: ClaimedIntent, intentId: string, budget: number): Promise<WriteOutcome> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), budget);
    timer.unref?.();
    const { tenantId, agentId, desired, generation } = intent;
    const received = this.options.latency?.take(tenantId, agentId, intent.target, generation);
    if (received !== undefined) this.metrics.hubAddedLatency.observe(Math.max(0, this.clock.now() - received) / 1000, { side: intent.target });
    try {
      if (desired.side === 'cxone') {
        this.metrics.upstreamCalls.inc({ api: 'cxone_set_state' });
        const result = await this.options.cxone.setState({ tenantId, agentId, state: desired.state, whenContactEnds: desired.whenContactEnds, signal: controller.signal });
        return controller.signal.aborted && !result.ok ? { kind: 'aborted' } : fromCxone(result);
      }
      this.metrics.upstreamCalls.inc({ api: 'bridge_set_status' });
      const result = await this.options.salesforce.sendSetStatus({ tenantId, agentId, presence: desired.presence, intentId, timeoutMs: budget, signal: controller.signal });
      return controller.signal.aborted && result.kind !== 'applied' ? { kind: 'aborted' } : fromSetStatus(result);
    } catch (error) {
      if (controller.signal.aborted) return { kind: 'aborted' };
      const message = error instanceof Error ? error.message : String(error);
      return { kind: 'failed', failure: { kind: 'retryable', code: 'PSYNC_SYNC_WRITER_ERROR', message: `The writer failed unexpectedly: ${message}` } };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }

  private async settle(intent: ClaimedIntent, outcome: WriteOutcome): Promise<void> {
    const { mailbox, audit } = this.options.store;
    const side = intent.target;
    const disposition = classify(outcome);
    if (disposition.action === 'complete') {
      const done = await mailbox.complete(intent);
      if (done === 'lost_lease') {
        this.metrics.writes.inc({ side, result: 'lost_lease' });
        return;
      }
      this.metrics.writes.inc({ side, result: 'applied' });
      const now = this.clock.now();
      if (now >= intent.sourceAt) this.metrics.endToEndLatency.observe((now - intent.sourceAt) / 1000, { side });
      return;
    }
    const failed = await mailbox.fail(intent, disposition.failure);
    switch (failed.outcome) {
      case 'retry':
        this.metrics.writes.inc({ side, result: 'retry' });
        this.metrics.retries.inc({ side });
        return;
      case 'dead':
        this.metrics.writes.inc({ side, result: 'dead' });
        this.metrics.deadLetters.inc({ side });
        await audit.append({
          tenantId: intent.tenantId,
          agentId: intent.agentId,
          kind: 'dispatch',
          outcome: 'dead',
          reason: disposition.code,
          explanation: `The hub gave up setting ${side === 'cxone' ? 'CXone' : 'Salesforce'} to ${intent.desired.stateKey}: ${failed.reason}`,
          details: { target: side, generation: intent.generation, stateKey: intent.desired.stateKey, sourceAt: intent.sourceAt, attempts: intent.attempts + 1 },
        });
        return;
      default:
        // lost_lease, newer_pending, superseded: someone else or a newer generation takes it from here.
        this.metrics.writes.inc({ side, result: failed.outcome });
    }
  }
}

/** The id a console sees for an intent generation: stable across retries, [A-Za-z0-9_-]{1,64}. */
export function intentIdOf(tenantId: string, agentId: string, side: Side, generation: number): string {
  const digest = createHash('sha256').update(`${tenantId}\u0000${agentId}\u0000${side}`).digest('base64url').slice(0, 22);
  return `${side === 'cxone' ? 'c' : 's'}${digest}-${generation}`;
}
