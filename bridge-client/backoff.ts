export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly baseMs: number;
  /** The delay never grows past this. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * Exponential backoff with "equal jitter": half of the capped exponential delay, plus a random share
 * of the other half, so that a thousand consoles dropped at once do not come back at once.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponential = policy.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30);
  const capped = Math.min(policy.maxMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}
