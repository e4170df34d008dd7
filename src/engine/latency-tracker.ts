import type { Side } from '../domain/index.ts';

/**
 * When this instance received the change behind each intent generation, so that the dispatcher
 * can measure hub-added latency (received → write issued). Bounded: the oldest entries go first.
 * Intents ingested by another instance are simply not measured.
 */
export class LatencyTracker {
  private readonly received = new Map<string, number>();

  constructor(private readonly capacity = 100_000) {}

  private static key(tenantId: string, agentId: string, side: Side, generation: number): string {
    return `${tenantId}\u0000${agentId}\u0000${side}\u0000${generation}`;
  }

  note(tenantId: string, agentId: string, side: Side, generation: number, receivedAt: number): void {
    if (this.received.size >= this.capacity) {
      const oldest = this.received.keys().next();
      if (!oldest.done) this.received.delete(oldest.value);
    }
    this.received.set(LatencyTracker.key(tenantId, agentId, side, generation), receivedAt);
  }

  /** The receive time of that generation, forgetting it. */
  take(tenantId: string, agentId: string, side: Side, generation: number): number | undefined {
    const key = LatencyTracker.key(tenantId, agentId, side, generation);
    const at = this.received.get(key);
    this.received.delete(key);
    return at;
  }

  get size(): number {
    return this.received.size;
  }
}
