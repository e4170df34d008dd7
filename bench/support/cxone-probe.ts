/**
 * A `fetch` for the CXone connector that notes, with `performance.now()`, when each states-feed poll
 * was sent and answered and when each agent-state write was answered: where a change enters the
 * hub from CXone, and where a write to CXone is applied. Both the hub and the forwarder use it.
 */
export interface PollTiming {
  readonly sentAt: number;
  readonly answeredAt: number;
}

export class CxoneProbe {
  readonly polls: PollTiming[] = [];
  writes = 0;

  constructor(private readonly onWrite: (agentId: string, body: { state?: string; outStateId?: number | string } | undefined, at: number) => void) {}

  readonly fetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const sentAt = performance.now();
    const response = await globalThis.fetch(input, init);
    const at = performance.now();
    if (url.includes('/agents/states')) this.polls.push({ sentAt, answeredAt: at });
    const write = /\/agents\/(\d+)\/state(?:\?|$)/.exec(url);
    if (write && (init?.method ?? 'GET').toUpperCase() === 'POST' && response.ok) {
      this.writes++;
      let body: { state?: string; outStateId?: number | string } | undefined;
      try {
        body = typeof init?.body === 'string' ? (JSON.parse(init.body) as typeof body) : undefined;
      } catch {
        body = undefined;
      }
      this.onWrite(write[1]!, body, at);
    }
    return response;
  };

  /** When the first poll sent after `madeAt` was answered: where a CXone change made then entered. */
  enteredAt(madeAt: number): number | undefined {
    let lo = 0;
    let hi = this.polls.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.polls[mid]!.sentAt > madeAt) hi = mid;
      else lo = mid + 1;
    }
    return this.polls[lo]?.answeredAt;
  }
}
