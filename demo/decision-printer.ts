import type { Store } from '../src/store/index.ts';

/**
 * Prints the hub's decisions as they are made, from its audit log: what moved whom, and why.
 * Echoes of the hub's own writes are counted, not printed, to keep the console readable.
 */
export class DecisionPrinter {
  private seen = new Set<string>();
  private since: number;
  private timer: NodeJS.Timeout | undefined;
  echoes = 0;
  writes = 0;

  constructor(
    private readonly store: Store,
    private readonly tenantId: string,
    private readonly nameOf: (agentId: string) => string,
    private readonly print: (line: string) => void,
    start: number,
  ) {
    this.since = start;
  }

  start(intervalMs = 500): void {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async flush(): Promise<void> {
    const page = await this.store.audit.query({ tenantId: this.tenantId, from: this.since, limit: 500 });
    const fresh = page.entries.filter((e) => !this.seen.has(e.id)).reverse();
    for (const entry of fresh) {
      this.seen.add(entry.id);
      this.since = Math.max(this.since, entry.at - 1);
      if (entry.outcome === 'echo') this.echoes++;
      if (entry.kind !== 'decision' || entry.outcome !== 'write') {
        if (entry.outcome === 'dead') this.print(`${clock(entry.at)}  ${pad(this.nameOf(entry.agentId ?? ''))}  ✗ ${entry.explanation}`);
        continue;
      }
      this.writes++;
      this.print(`${clock(entry.at)}  ${pad(this.nameOf(entry.agentId ?? ''))}  ${entry.explanation}`);
    }
    if (this.seen.size > 20_000) this.seen = new Set([...this.seen].slice(-5_000));
  }
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const pad = (s: string) => s.padEnd(10).slice(0, 10);
