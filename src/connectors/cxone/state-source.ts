import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import type { CxoneClient } from './client.ts';
import { failed, success, type CxoneFailure, type CxoneResult } from './failure.ts';
import { eventsOfRows, type CxoneStateEvent, type SkippedRow } from './state-events.ts';

/** The checkpoint's source name for this feed (`source` in {@link CheckpointPort}). */
export const CXONE_STATES_SOURCE = 'cxone_agent_states';

/** Where a source's position is kept (the store's `source_checkpoint`). */
export interface CheckpointPort {
  get(tenant: string, source: string): Promise<string | undefined>;
}

/**
 * Takes one poll's events and the checkpoint to resume after them, in ONE transaction (ingest the
 * events, skip known dedup keys, advance the checkpoint). If it throws, the poll counts as failed
 * and the same changes come again.
 */
export type CxoneStateSink = (events: readonly CxoneStateEvent[], checkpoint: string) => Promise<void>;

export interface PollCycle {
  readonly events: number;
  readonly skipped: readonly SkippedRow[];
  /** The checkpoint after the cycle (undefined until CXone has answered with a `lastPollTime`). */
  readonly checkpoint: string | undefined;
}

export interface CxoneStatePollerOptions {
  readonly tenant: string;
  readonly client: Pick<CxoneClient, 'agentStates'>;
  readonly checkpoints: CheckpointPort;
  readonly sink: CxoneStateSink;
  /** Time between polls (start to start), default 1 s. */
  readonly intervalMs?: number;
  /** First wait after a failure, doubled per failure in a row up to `maxBackoffMs` (defaults 1 s, 60 s). */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly clock?: Clock;
  /** Told about every failed cycle (for health and the audit); must not throw. */
  readonly onFailure?: (failure: CxoneFailure, consecutive: number) => void;
  /** Told about every cycle that succeeded (for health: the feed is not behind); must not throw. */
  readonly onPolled?: () => void;
  /** Told about rows that could not become events. */
  readonly onSkipped?: (rows: readonly SkippedRow[]) => void;
}

const SINK_FAILED = 'PSYNC_CXONE_INGEST_FAILED';

/**
 * The CXone state source: delta-polls `GET /agents/states?updatedSince=<checkpoint>` and hands
 * each poll's changes with the new checkpoint (the answer's `lastPollTime`) to the sink. Without a
 * checkpoint the first poll reads every agent's current state. The checkpoint in memory is only
 * ever one the sink has accepted, so a restart resumes exactly where the store says.
 */
export class CxoneStatePoller {
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private checkpoint: string | undefined;
  private checkpointLoaded = false;
  private failures = 0;
  private stopping: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private inFlight: Promise<CxoneResult<PollCycle>> | undefined;

  constructor(private readonly options: CxoneStatePollerOptions) {
    this.clock = options.clock ?? systemClock;
    this.intervalMs = options.intervalMs ?? 1_000;
    this.initialBackoffMs = options.initialBackoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
  }

  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Starts polling in the background (no-op when running). */
  start(): void {
    if (this.loop) return;
    const stopping = new AbortController();
    this.stopping = stopping;
    this.loop = this.run(stopping.signal);
  }

  /** Stops polling; resolves once the poll in flight (and its sink call) has finished. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    await this.loop;
    this.loop = undefined;
    this.stopping = undefined;
  }

  /** One poll: read the changes since the checkpoint and hand them to the sink. A call while a poll is in flight joins it. */
  pollOnce(): Promise<CxoneResult<PollCycle>> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async poll(): Promise<CxoneResult<PollCycle>> {
    const { tenant, checkpoints, client, sink } = this.options;
    if (!this.checkpointLoaded) {
      try {
        this.checkpoint = await checkpoints.get(tenant, CXONE_STATES_SOURCE);
      } catch (error) {
        return failed(sinkFailure('reading the checkpoint', error));
      }
      this.checkpointLoaded = true;
    }
    const answer = await client.agentStates(this.checkpoint);
    if (!answer.ok) return answer;
    const { events, skipped } = eventsOfRows(answer.value.rows);
    if (skipped.length > 0) this.options.onSkipped?.(skipped);
    const next = answer.value.lastPollTime ?? this.checkpoint;
    if (next === undefined || (events.length === 0 && next === this.checkpoint)) return success({ events: 0, skipped, checkpoint: this.checkpoint });
    try {
      await sink(events, next);
    } catch (error) {
      // The store is the truth: read its checkpoint again before the next poll.
      this.checkpointLoaded = false;
      return failed(sinkFailure('handing the changes to ingest', error));
    }
    this.checkpoint = next;
    return success({ events: events.length, skipped, checkpoint: next });
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const startedAt = this.clock.now();
      const cycle = await this.pollOnce();
      if (signal.aborted) break;
      await this.clock.sleep(cycle.ok ? this.pauseAfterSuccess(startedAt) : this.pauseAfterFailure(cycle.failure), signal);
    }
  }

  private pauseAfterSuccess(startedAt: number): number {
    this.failures = 0;
    try {
      this.options.onPolled?.();
    } catch {
      // an observer's problem must not stop the feed
    }
    return Math.max(0, this.intervalMs - (this.clock.now() - startedAt));
  }

  private pauseAfterFailure(failure: CxoneFailure): number {
    this.failures += 1;
    try {
      this.options.onFailure?.(failure, this.failures);
    } catch {
      // an observer's problem must not stop the feed
    }
    const backoff = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** Math.min(this.failures - 1, 30));
    return Math.max(this.intervalMs, backoff, failure.retryAfterMs ?? 0);
  }
}

function sinkFailure(what: string, error: unknown): CxoneFailure {
  const cause = error instanceof Error ? error.message : String(error);
  return { kind: 'retryable', status: 0, code: SINK_FAILED, message: `The CXone state feed failed while ${what} (${cause}); it tries again.` };
}
