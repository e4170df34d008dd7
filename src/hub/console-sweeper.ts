import type { SyncEngine } from '../engine/index.ts';
import { instanceLeaseName, type Store } from '../store/index.ts';

export interface ConsoleSweeperOptions {
  readonly store: Pick<Store, 'leases' | 'consoleSessions'>;
  readonly engine: Pick<SyncEngine, 'ingest'>;
  readonly instanceId: string;
  /** The bridge's grace period: how long a console may be away before it counts as closed. */
  readonly graceMs: number;
  /** Whether this instance holds the agent's console right now. */
  readonly holds: (tenantId: string, agentId: string) => boolean;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

/** How long this instance's liveness lease lasts; it is renewed three times as often. */
export const INSTANCE_LEASE_MS = 30_000;

/**
 * Marks Offline the consoles nobody holds any more: those this instance held before it was killed
 * and restarted, and those of an instance whose liveness lease lapsed, once the grace period has
 * passed without them connecting again. The bridge's own grace timers only cover consoles that
 * leave a running instance.
 */
export class ConsoleSweeper {
  readonly #options: ConsoleSweeperOptions;
  readonly #now: () => number;
  readonly #startedAt: number;
  #timers: ReturnType<typeof setInterval>[] = [];
  readonly #running = new Set<Promise<unknown>>();

  constructor(options: ConsoleSweeperOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#startedAt = this.#now();
  }

  async start(): Promise<void> {
    await this.#heartbeat();
    const every = (ms: number, work: () => Promise<unknown>) => {
      let current: Promise<unknown> | undefined;
      const timer = setInterval(() => {
        if (current) return;
        const run = work()
          .catch((error: unknown) => this.#options.onError?.(error))
          .finally(() => {
            current = undefined;
            this.#running.delete(run);
          });
        current = run;
        this.#running.add(run);
      }, ms);
      timer.unref?.();
      this.#timers.push(timer);
    };
    every(INSTANCE_LEASE_MS / 3, () => this.#heartbeat());
    every(Math.max(1_000, this.#options.graceMs), () => this.sweep());
  }

  /** Stops sweeping. The liveness lease is left to lapse: other instances then wait out the grace period too. */
  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await Promise.all([...this.#running]);
  }

  /** One pass; returns how many consoles it marked closed. */
  async sweep(): Promise<number> {
    const { store, engine, instanceId, graceMs, holds } = this.#options;
    const now = this.#now();
    // Our own consoles from before the restart get the grace period to reconnect, counted from the start.
    const startedBefore = now - this.#startedAt >= graceMs ? this.#startedAt : Number.NEGATIVE_INFINITY;
    let closed = 0;
    for (const orphan of await store.consoleSessions.orphaned(instanceId, startedBefore, now - graceMs)) {
      if (holds(orphan.tenantId, orphan.agentId)) continue;
      if (!(await store.consoleSessions.forget(orphan))) continue;
      await engine.ingest({
        tenantId: orphan.tenantId,
        source: 'bridge',
        dedupKey: `bridge:${orphan.agentId}:closed:orphan:${orphan.instanceId}:${orphan.since}`,
        event: { agentId: orphan.agentId, observation: { side: 'salesforce', presence: { kind: 'Offline' } }, at: now, origin: 'console_closed' },
      });
      closed++;
    }
    return closed;
  }

  async #heartbeat(): Promise<void> {
    await this.#options.store.leases.acquire(instanceLeaseName(this.#options.instanceId), this.#options.instanceId, INSTANCE_LEASE_MS);
  }
}
