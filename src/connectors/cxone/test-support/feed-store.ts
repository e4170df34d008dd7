import type { CheckpointPort } from '../state-source.ts';
import type { CxoneStateEvent } from '../state-events.ts';

/**
 * What the engine's ingest does with the feed, in memory: one atomic step per poll that skips
 * known dedup keys, applies the rest and advances the checkpoint. `failNext` makes the next step
 * fail before it changes anything (a crashed transaction).
 */
export class MemoryFeedStore implements CheckpointPort {
  checkpoint: string | undefined;
  readonly applied: CxoneStateEvent[] = [];
  readonly keys = new Set<string>();
  duplicates = 0;
  batches = 0;
  failNext = false;

  get = async (): Promise<string | undefined> => this.checkpoint;

  sink = async (events: readonly CxoneStateEvent[], checkpoint: string): Promise<void> => {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('ingest transaction rolled back');
    }
    this.batches++;
    for (const event of events) {
      if (this.keys.has(event.dedupKey)) {
        this.duplicates++;
        continue;
      }
      this.keys.add(event.dedupKey);
      this.applied.push(event);
    }
    this.checkpoint = checkpoint;
  };
}

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly grant: string | null;
  readonly status: number;
}

/** The global `fetch`, recording each call's method, path, token grant and status. */
export function recordingFetch(): { fetch: typeof fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const wrapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const grant = url.pathname === '/auth/token' && typeof init?.body === 'string' ? new URLSearchParams(init.body).get('grant_type') : null;
    const response = await fetch(input, init);
    calls.push({ method: init?.method ?? 'GET', path: url.pathname, grant, status: response.status });
    return response;
  };
  return { fetch: wrapped as typeof fetch, calls };
}
