import type { Store } from '../store/index.ts';
import type { HubLogger } from './logger.ts';

const DAY_MS = 86_400_000;
/** Dedup keys only need to outlive any replay a source can make (a checkpoint is never days old). */
export const DEDUP_RETENTION_MS = 7 * DAY_MS;

export interface HousekeepingOptions {
  readonly store: Pick<Store, 'audit' | 'pruneDedupKeys'> & Partial<Pick<Store, 'health'>>;
  readonly auditRetentionDays: number;
  readonly logger: HubLogger;
  readonly now?: () => number;
  /** Between passes; default 10 minutes. */
  readonly intervalMs?: number;
}

/**
 * Background pruning of the audit trail past its retention and of old dedup keys, in small
 * batches so that ingest never waits on it.
 */
export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: HousekeepingOptions) {}

  start(): void {
    const every = this.options.intervalMs ?? 600_000;
    this.timer = setInterval(() => void this.runOnce(), every);
    this.timer.unref();
    setTimeout(() => void this.runOnce(), Math.min(every, 5_000)).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass; never throws (a failure is logged and the next pass tries again). */
  runOnce(): Promise<void> {
    this.running ??= (async () => {
      const now = (this.options.now ?? Date.now)();
      try {
        const audit = await this.options.store.audit.prune({ retentionMs: this.options.auditRetentionDays * DAY_MS, batchSize: 500 });
        const dedup = await this.options.store.pruneDedupKeys(now - DEDUP_RETENTION_MS, 1000);
        // Cleared health problems and sent alerts are kept as long as the audit.
        const health = (await this.options.store.health?.prune(now - this.options.auditRetentionDays * DAY_MS)) ?? 0;
        if (audit + dedup + health > 0) this.options.logger.info({ auditEntries: audit, dedupKeys: dedup, healthRecords: health }, 'pruned records past their retention');
      } catch (error) {
        this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'pruning failed; the next pass tries again');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
