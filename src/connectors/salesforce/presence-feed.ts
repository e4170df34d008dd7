import type { PresenceEvent } from '../../domain/index.ts';
import { toFailure, type SalesforceFailure } from './failure.ts';
import { decodeCheckpoint, encodeCheckpoint, observePresence, presenceSoql, type FeedCheckpoint } from './presence-delta.ts';
import { queryAll } from './queries.ts';
import type { SalesforceSession } from './session.ts';

export const DEFAULT_FEED_INTERVAL_MS = 30_000;
/** On the first poll, changes this far back are read too (closures just before the hub started). */
export const DEFAULT_INITIAL_LOOKBACK_MS = 5 * 60_000;

/** The checkpoint's source name for this feed (`source` in {@link CheckpointPort}). */
export const SALESFORCE_PRESENCE_SOURCE = 'salesforce_user_service_presence';

/** One event of the feed, with the key the ingest deduplicates on. */
export interface SalesforceServerEvent extends PresenceEvent {
  readonly origin: 'salesforce_server';
  /** `sf_usp:<UserServicePresence id>:<status id | offline>:<epoch ms>`. */
  readonly dedupKey: string;
  /** The Salesforce user (18 characters) the agent is linked to. */
  readonly salesforceUserId: string;
}

/** Where a source's position is kept (the store's `source_checkpoint`). */
export interface CheckpointPort {
  get(tenant: string, source: string): Promise<string | undefined>;
}

/**
 * Takes one poll's events and the checkpoint to resume after them, in ONE transaction. If it
 * throws, the poll counts as failed and the same changes come again.
 */
export type SalesforcePresenceSink = (events: readonly SalesforceServerEvent[], checkpoint: string) => Promise<void>;

export interface PresenceFeedOptions {
  readonly tenant: string;
  readonly session: SalesforceSession;
  readonly checkpoints: CheckpointPort;
  readonly sink: SalesforcePresenceSink;
  /** The hub agent linked to a Salesforce user (18 characters); undefined = not linked, skipped. */
  readonly agentIdFor: (salesforceUserId: string) => string | undefined;
  /** Time between polls, default 30 s. */
  readonly intervalMs?: number;
  readonly initialLookbackMs?: number;
  /** Rows per page (`Sforce-Query-Options: batchSize`, 200..2000); Salesforce's default is 2,000. */
  readonly pageSize?: number;
  /** Told about every failed poll (the loop keeps going, waiting longer when rate limited). */
  readonly onFailure?: (failure: SalesforceFailure) => void;
  /** Told about every poll that succeeded (for health: the login works). */
  readonly onPolled?: () => void;
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
    const { session, sink, agentIdFor, tenant, checkpoints, pageSize } = this.#options;
    if (!this.#loaded) {
      this.#checkpoint = decodeCheckpoint(await checkpoints.get(tenant, SALESFORCE_PRESENCE_SOURCE));
      this.#loaded = true;
    }
    const initialSince = this.#now() - (this.#options.initialLookbackMs ?? DEFAULT_INITIAL_LOOKBACK_MS);
    const callsBefore = session.apiCalls;
    const soql = presenceSoql(this.#checkpoint, initialSince);
    const records = await session.run((connection) => queryAll(connection, soql, pageSize === undefined ? {} : { pageSize }));
    const { observations, checkpoint } = observePresence(records, this.#checkpoint, initialSince);
    const events: SalesforceServerEvent[] = [];
    for (const o of observations) {
      const agentId = agentIdFor(o.salesforceUserId);
      if (agentId === undefined) continue;
      const kind = o.presence.kind === 'Offline' ? 'offline' : o.presence.statusId;
      events.push({
        agentId,
        observation: { side: 'salesforce', presence: o.presence },
        at: o.at,
        origin: 'salesforce_server',
        dedupKey: `sf_usp:${o.rowId}:${kind}:${o.at}`,
        salesforceUserId: o.salesforceUserId,
      });
    }
    const position = encodeCheckpoint(checkpoint);
    if (events.length > 0 || this.#checkpoint === undefined || position !== encodeCheckpoint(this.#checkpoint)) {
      await sink(events, position);
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
        () => {
          this.#options.onPolled?.();
          this.#schedule(interval);
        },
        (error: unknown) => {
          const failure = toFailure(error);
          this.#options.onFailure?.(failure);
          this.#schedule(Math.max(interval, failure.retryAfterMs ?? 0));
        },
      );
    }, delayMs);
  }
}
