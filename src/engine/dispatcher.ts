import { createHash } from 'node:crypto';
import { ECHO_WINDOW_MS, type ExpectedEcho, type Side } from '../domain/index.ts';
import type { ClaimedIntent, CompleteOutcome, IntentKey } from '../store/ports.ts';
import { Claimer, type Slots } from './claimer.ts';
import type { LatencyTracker } from './latency-tracker.ts';
import { EngineMetrics } from './metrics.ts';
import { systemClock, type Clock, type ConsoleHolder, type CxoneStateWriter, type EngineStore, type SalesforceStatusWriter } from './ports.ts';
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
  /** CXone writes in flight at once (default 16; the connector's rate limit queues more anyway). */
  readonly concurrency?: number;
  /**
   * Console commands in flight at once (default 256, or `concurrency` when that is given): each
   * goes to another agent's console and waits for its answer, so a few dozen would cap the
   * changes per second at what a few dozen round trips allow.
   */
  readonly salesforceConcurrency?: number;
  /** How often to look for due intents when nothing woke the dispatcher (default 250 ms). */
  readonly pollIntervalMs?: number;
  readonly echoWindowMs?: number;
  /** Reports unexpected errors (a store call that failed); the loop keeps going. */
  readonly onError?: (error: unknown) => void;
}

/** Completions per transaction at most. */
const COMPLETE_BATCH = 200;

/**
 * Takes due intents from the mailbox under a lease, their expected echoes recorded in the same
 * transaction, and applies them: the write with an abort before the lease ends, then complete (fenced) or fail (the mailbox retries
 * with backoff or dead-letters; dead letters are audited here).
 */
export class Dispatcher {
  private readonly clock: Clock;
  readonly metrics: EngineMetrics;
  private readonly leaseMs: number;
  private readonly writeTimeoutMs: number;
  private readonly leaseMarginMs: number;
  private readonly limits: Slots;
  private readonly inFlightBySide: Slots = { cxone: 0, salesforce: 0 };
  private readonly claimer: Claimer;
  private readonly pollIntervalMs: number;
  private readonly echoWindowMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  private running = false;
  private stopping = false;
  private loopDone: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  /** A scan of every due intent is owed (start, an unspecific wake-up, the poll interval passed). */
  private scanOwed = true;
  private lastScanAt = -Infinity;
  private readonly completions: { readonly intent: ClaimedIntent; resolve(outcome: CompleteOutcome): void; reject(error: unknown): void }[] = [];
  private completing = false;

  constructor(private readonly options: DispatcherOptions) {
    this.clock = options.clock ?? systemClock;
    this.metrics = options.metrics ?? new EngineMetrics();
    this.leaseMs = options.leaseMs ?? 30_000;
    this.leaseMarginMs = options.leaseMarginMs ?? 2_000;
    this.writeTimeoutMs = Math.min(options.writeTimeoutMs ?? 10_000, this.leaseMs - this.leaseMarginMs);
    this.limits = { cxone: Math.max(1, options.concurrency ?? 16), salesforce: Math.max(1, options.salesforceConcurrency ?? options.concurrency ?? 256) };
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.echoWindowMs = options.echoWindowMs ?? ECHO_WINDOW_MS;
    this.claimer = new Claimer({
      mailbox: options.store.mailbox,
      owner: options.owner,
      leaseMs: this.leaseMs,
      expectEcho: (intent) => this.echoOf(intent, this.clock.now()),
      ...(options.consoles ? { consoles: options.consoles } : {}),
    });
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

  /**
   * Something may be due now. With `key` (an ingest wrote that intent) the next claim looks that
   * intent up by key; without (a console connected, a caller does not know what), it scans every
   * due intent. Scans also run every poll interval, for retries, leases that lapsed and intents
   * other instances wrote.
   */
  wake(key?: IntentKey): void {
    if (key) this.claimer.hint(key);
    else this.scanOwed = true;
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Claims once (up to the free slots), applies what it claimed and waits for those writes.
   * Returns how many intents it handled. For tests and for callers that drive their own loop.
   */
  async runOnce(): Promise<number> {
    this.claimer.forgetHints();
    const claimed = this.stopping ? [] : await this.claimer.scan(this.freeSlots());
    await this.launch(claimed);
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
      const free = this.freeSlots();
      let claimed: readonly ClaimedIntent[] = [];
      if (free.cxone > 0 || free.salesforce > 0) {
        try {
          claimed = await this.claimDue(free);
        } catch (error) {
          this.options.onError?.(error);
        }
      }
      void this.launch(claimed);
      const left = this.freeSlots();
      if (claimed.length === 0 || (left.cxone <= 0 && left.salesforce <= 0)) await this.idle();
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
      const timer = setTimeout(() => {
        this.scanOwed = true;
        done();
      }, this.pollIntervalMs);
      timer.unref?.();
      if (this.inFlight.size > 0) void Promise.race([...this.inFlight]).then(done, done);
      this.wakeUp = done;
    });
  }

  /**
   * A scan when one is owed, else the hinted intents by key. Under load the hints keep the loop
   * busy, so the scan is also owed once the poll interval has passed since the last one.
   */
  private async claimDue(free: Slots): Promise<readonly ClaimedIntent[]> {
    if (this.stopping) return [];
    const now = this.clock.now();
    if (this.scanOwed || now - this.lastScanAt >= this.pollIntervalMs || now < this.lastScanAt) {
      this.scanOwed = false;
      this.lastScanAt = now;
      return this.claimer.scan(free);
    }
    return this.claimer.hinted ? this.claimer.claimHinted(free) : [];
  }

  private freeSlots(): Slots {
    return { cxone: this.limits.cxone - this.inFlightBySide.cxone, salesforce: this.limits.salesforce - this.inFlightBySide.salesforce };
  }

  /** Applies each claimed write (their expected echoes were recorded in the claim's transaction). */
  private launch(claimed: readonly ClaimedIntent[]): Promise<void[]> {
    return Promise.all(claimed.map((intent) => this.track(intent)));
  }

  private budgetOf(intent: ClaimedIntent, now: number): number {
    return Math.min(this.writeTimeoutMs, intent.leaseUntil - this.leaseMarginMs - now);
  }

  private echoOf(intent: ClaimedIntent, now: number): ExpectedEcho {
    const commandId = intentIdOf(intent.tenantId, intent.agentId, intent.target, intent.generation);
    return { side: intent.target, stateKey: intent.desired.stateKey, expiresAt: now + this.echoWindowMs, commandId, recordedAt: now };
  }

  private track(intent: ClaimedIntent): Promise<void> {
    this.inFlightBySide[intent.target]++;
    const work = this.apply(intent)
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.inFlightBySide[intent.target]--;
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
    const intentId = intentIdOf(tenantId, agentId, side, generation);
    const forget = () => this.options.store.syncState.forgetEcho(tenantId, agentId, { side, stateKey: intent.desired.stateKey, commandId: intentId });
    let outcome: WriteOutcome;
    const budget = this.budgetOf(intent, this.clock.now());
    if (budget <= 0) {
      // The lease left no time to write: the echo recorded with the claim is taken back.
      await forget();
      outcome = { kind: 'aborted' };
    } else {
      outcome = await this.write(intent, intentId, budget);
      if (certainlyNotApplied(outcome)) await forget();
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

  /**
   * Completions wait for one another: the first goes at once, those that finish meanwhile go
   * together in the next transaction (group commit), so a busy dispatcher pays one per batch.
   */
  private complete(intent: ClaimedIntent): Promise<CompleteOutcome> {
    return new Promise((resolve, reject) => {
      this.completions.push({ intent, resolve, reject });
      if (!this.completing) void this.flushCompletions();
    });
  }

  private async flushCompletions(): Promise<void> {
    this.completing = true;
    try {
      while (this.completions.length > 0) {
        const batch = this.completions.splice(0, COMPLETE_BATCH);
        try {
          const outcomes = await this.options.store.mailbox.completeAll(batch.map((b) => b.intent));
          batch.forEach((b, i) => b.resolve(outcomes[i]!));
        } catch {
          // One bad row (or a deadlock with an ingest on PostgreSQL) must not fail the others: one by one.
          for (const b of batch) await this.options.store.mailbox.complete(b.intent).then(b.resolve, b.reject);
        }
      }
    } finally {
      this.completing = false;
    }
  }

  private async settle(intent: ClaimedIntent, outcome: WriteOutcome): Promise<void> {
    const { mailbox, audit } = this.options.store;
    const side = intent.target;
    const disposition = classify(outcome);
    if (disposition.action === 'complete') {
      const done = await this.complete(intent);
      // A newer generation came in while this one was being written: it is due now.
      if (done === 'newer_pending') this.wake(intent);
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
    if (failed.outcome === 'newer_pending') this.wake(intent);
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
