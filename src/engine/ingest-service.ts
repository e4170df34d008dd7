import { decide as domainDecide, type PresenceEvent } from '../domain/index.ts';
import type { IngestRequest, IngestResult, IntentKey } from '../store/ports.ts';
import { createContextBuilder, type ContextBuilder } from './context-builder.ts';
import type { LatencyTracker } from './latency-tracker.ts';
import { EngineMetrics } from './metrics.ts';
import { systemClock, type Clock, type EngineStore } from './ports.ts';
import { serveKeyFor } from './serve-key.ts';

/** One change from any source: the CXone poller, the console bridge, the Salesforce feed, reconciliation. */
export interface SourceEvent {
  readonly tenantId: string;
  readonly event: PresenceEvent;
  /** The source's name and its idempotency key for this change. */
  readonly source: string;
  readonly dedupKey: string;
  /** Advanced in the same transaction (CXone lastPollTime, Pub/Sub replay id...). */
  readonly checkpoint?: { readonly source: string; readonly position: string };
}

export interface IngestServiceOptions {
  readonly store: Pick<EngineStore, 'ingest'> & Partial<Pick<EngineStore, 'ingestAll'>>;
  readonly clock?: Clock;
  readonly metrics?: EngineMetrics;
  readonly buildContext?: ContextBuilder;
  readonly decide?: typeof domainDecide;
  readonly latency?: LatencyTracker;
  /** Called after an ingest created or replaced an intent (wakes the local dispatcher, which claims it by key). */
  readonly onIntent?: (key: IntentKey) => void;
}

/** Runs every source event through the store's single ingest transaction with the domain's `decide`. */
export class IngestService {
  private readonly clock: Clock;
  readonly metrics: EngineMetrics;
  private readonly buildContext: ContextBuilder;
  private readonly decide: typeof domainDecide;

  constructor(private readonly options: IngestServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.metrics = options.metrics ?? new EngineMetrics();
    this.buildContext = options.buildContext ?? createContextBuilder();
    this.decide = options.decide ?? domainDecide;
  }

  async ingest(input: SourceEvent): Promise<IngestResult> {
    const receivedAt = this.clock.now();
    return this.settled(input, await this.options.store.ingest(this.request(input, receivedAt)), receivedAt);
  }

  /**
   * Several changes (a poll's page) in one store transaction, all or nothing, each agent's in the
   * order given. Without a store that batches, one after the other.
   */
  async ingestAll(inputs: readonly SourceEvent[]): Promise<IngestResult[]> {
    const receivedAt = this.clock.now();
    const store = this.options.store;
    if (!store.ingestAll) {
      const out: IngestResult[] = [];
      for (const input of inputs) out.push(await this.ingest(input));
      return out;
    }
    const results = await store.ingestAll(inputs.map((input) => this.request(input, receivedAt)));
    return inputs.map((input, i) => this.settled(input, results[i]!, receivedAt));
  }

  private request(input: SourceEvent, receivedAt: number): IngestRequest {
    const { tenantId, event } = input;
    return {
      tenantId,
      event,
      dedup: { source: input.source, key: input.dedupKey },
      buildContext: (facts) => this.buildContext(facts, event),
      decide: this.decide,
      serveKey: (write) => serveKeyFor(tenantId, event.agentId, write),
      receivedAt,
      ...(input.checkpoint ? { checkpoint: input.checkpoint } : {}),
    };
  }

  private settled(input: SourceEvent, result: IngestResult, receivedAt: number): IngestResult {
    const { tenantId, event } = input;
    if (result.status === 'duplicate') {
      this.metrics.duplicates.inc({ source: input.source });
      return result;
    }
    const decided = this.clock.now();
    const side = event.observation.side;
    this.metrics.decisions.inc({ outcome: result.decision.outcome, side });
    if (result.decision.outcome === 'echo') this.metrics.echoesSuppressed.inc({ side });
    if (decided >= event.at) this.metrics.decisionLatency.observe((decided - event.at) / 1000, { side });
    const intent = result.intent;
    if (intent && intent.upsert.outcome !== 'kept_newer') {
      this.options.latency?.note(tenantId, event.agentId, intent.target, intent.upsert.generation, receivedAt);
      this.options.onIntent?.({ tenantId, agentId: event.agentId, target: intent.target });
    }
    return result;
  }
}
