/**
 * Group commit: callers hand in units of work one by one; the units that arrive while a commit is
 * in flight (and, when the queue was idle, within `waitMs` of the first) share the next
 * transaction. A unit is never split across transactions. When a shared transaction fails, each of
 * its units runs again alone, so one bad unit fails only its own caller.
 */
export interface GroupCommitOptions<U> {
  /** Longest the first unit into an idle queue waits for company (0: none, it starts at once). */
  readonly waitMs: number;
  /** Items per transaction at most (a unit larger than this goes alone). */
  readonly maxItems: number;
  /** How many items a unit counts for. */
  readonly size: (unit: U) => number;
}

interface Pending<U, R> {
  readonly unit: U;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export class GroupCommit<U, R> {
  private readonly queue: Pending<U, R>[] = [];
  private flushing = false;
  private scheduled = false;

  /** `run`: the units' work in one transaction, results in the units' order; it throws as a whole. */
  constructor(
    private readonly run: (units: readonly U[]) => Promise<readonly R[]>,
    private readonly options: GroupCommitOptions<U>,
  ) {}

  submit(unit: U): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ unit, resolve, reject });
      this.schedule();
    });
  }

  private queuedItems(): number {
    let n = 0;
    for (const p of this.queue) n += this.options.size(p.unit);
    return n;
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    const go = (): void => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.options.waitMs > 0 && this.queuedItems() < this.options.maxItems) {
      const timer = setTimeout(go, this.options.waitMs);
      timer.unref?.();
    } else {
      // At once, as an unbatched call would: store calls made after this one still queue behind it.
      go();
    }
  }

  private take(): Pending<U, R>[] {
    const batch: Pending<U, R>[] = [];
    let items = 0;
    while (this.queue.length > 0) {
      const size = this.options.size(this.queue[0]!.unit);
      if (batch.length > 0 && items + size > this.options.maxItems) break;
      batch.push(this.queue.shift()!);
      items += size;
    }
    return batch;
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      // What arrived while a commit was in flight has waited already: it goes at once.
      while (this.queue.length > 0) {
        const batch = this.take();
        let results: readonly R[] | undefined;
        try {
          results = await this.run(batch.map((p) => p.unit));
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
        }
        if (results) {
          batch.forEach((p, i) => p.resolve(results[i]!));
        } else if (batch.length > 1) {
          for (const p of batch) {
            try {
              p.resolve((await this.run([p.unit]))[0]!);
            } catch (error) {
              p.reject(error);
            }
          }
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
