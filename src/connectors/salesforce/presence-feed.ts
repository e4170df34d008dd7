import type { PresenceEvent } from '../../domain/index.ts';
import { toFailure, type SalesforceFailure } from './failure.ts';
import { decodeCheckpoint, encodeCheckpoint, observePresence, presenceSoql, type FeedCheckpoint } from './presence-delta.ts';
import { queryAll } from './queries.ts';
import type { SalesforceSession } from './session.ts';

export const DEFAULT_FEED_INTERVAL_MS = 30_000;
/** On the first poll, changes this far back are read too (closures just before the hub started). */
export const DEFAULT_INITIAL_LOOKBACK_MS = 5 * 60_000;

/** One event of the feed, with the key the ingest deduplicates on. */
export interface FeedEvent {
  readonly dedupKey: string;
  readonly salesforceUserId: string;
  readonly event: PresenceEvent;
}

/** One poll's outcome: the events, and the position to store with them (in the same transaction). */
export interface FeedBatch {
  readonly events: readonly FeedEvent[];
  /** Opaque source position (`source_checkpoint.position`). */
  readonly checkpoint: string;
}

/** Where the feed hands its events (the hub's ingest). It must store the checkpoint with the events. */
export interface PresenceFeedSink {
  deliver(batch: FeedBatch): Promise<void>;
}

export interface PresenceFeedOptions {
  readonly session: SalesforceSession;
  readonly sink: PresenceFeedSink;
  /** The hub agent linked to a Salesforce user (18 characters); undefined = not linked, skipped. */
  readonly agentIdFor: (salesforceUserId: string) => string | undefined;
  /** The stored position, read once before the first poll. */
  readonly loadCheckpoint?: () => Promise<string | undefined>;
  readonly intervalMs?: number;
  readonly initialLookbackMs?: number;
  /** Told about every failed poll (the loop keeps going, waiting longer when rate limited). */
  readonly onFailure?: (failure: SalesforceFailure) => void;
  readonly now?: () => number;
}

export interface PollResult {
  readonly events: number;
  /** Observations of users that are not linked to an agent. */
  readonly skipped: number;
  readonly apiCalls: number;
}

/**
 * The server-side presence feed (reconciliation, consoles that are gone): polls UserServicePresence
 * for the whole org with one query (paged) and turns the rows into `PresenceEvent`s with origin
 * `salesforce_server`. Costs one API call per poll per 2,000 changed rows.
 */
export class SalesforcePresenceFeed {
  readonly #options: PresenceFeedOptions;
  readonly #now: () => number;
  #checkpoint: FeedCheckpoint | undefined;
  #loaded = false;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = true;

  constructor(options: PresenceFeedOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get checkpoint(): FeedCheckpoint | undefined {
    return this.#checkpoint;
  }

  /** One poll: query, turn rows into events, deliver them with the new checkpoint. */
  async pollOnce(): Promise<PollResult> {
    const { session, sink, agentIdFor } = this.#options;
    if (!this.#loaded) {
      this.#checkpoint = decodeCheckpoint(await this.#options.loadCheckpoint?.());
      this.#loaded = true;
    }
    const initialSince = this.#now() - (this.#options.initialLookbackMs ?? DEFAULT_INITIAL_LOOKBACK_MS);
    const callsBefore = session.apiCalls;
    const records = await session.run((connection) => queryAll(connection, presenceSoql(this.#checkpoint, initialSince)));
    const { observations, checkpoint } = observePresence(records, this.#checkpoint, initialSince);
    const events: FeedEvent[] = [];
    for (const o of observations) {
      const agentId = agentIdFor(o.salesforceUserId);
      if (agentId === undefined) continue;
      const kind = o.presence.kind === 'Offline' ? 'offline' : o.presence.statusId;
      events.push({
        dedupKey: `sf_usp:${o.rowId}:${kind}:${o.at}`,
        salesforceUserId: o.salesforceUserId,
        event: { agentId, observation: { side: 'salesforce', presence: o.presence }, at: o.at, origin: 'salesforce_server' },
      });
    }
    const position = encodeCheckpoint(checkpoint);
    if (events.length > 0 || this.#checkpoint === undefined || position !== encodeCheckpoint(this.#checkpoint)) {
      await sink.deliver({ events, checkpoint: position });
    }
    this.#checkpoint = checkpoint;
    return { events: events.length, skipped: observations.length - events.length, apiCalls: session.apiCalls - callsBefore };
  }

  /** Polls every interval until `stop()`; a failed poll waits its `retryAfterMs` when rate limited. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops polling and waits for a poll in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const interval = this.#options.intervalMs ?? DEFAULT_FEED_INTERVAL_MS;
      this.#running = this.pollOnce().then(
        () => this.#schedule(interval),
        (error: unknown) => {
          const failure = toFailure(error);
          this.#options.onFailure?.(failure);
          this.#schedule(Math.max(interval, failure.retryAfterMs ?? 0));
        },
      );
    }, delayMs);
  }
}
