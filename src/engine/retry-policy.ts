/** When to try a failed write again, and when to stop trying. */
export interface RetryPolicy {
  /** First delay (ms). */
  readonly baseMs: number;
  /** Largest delay from the exponential part (ms). */
  readonly capMs: number;
  /** Attempts per generation before it is dead-lettered (the first try counts). */
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1_000, capMs: 300_000, maxAttempts: 8 };

/** A number in [0, 1); injected so that tests are deterministic. */
export type Jitter = () => number;

/**
 * Delay before attempt `attempt + 1`, after `attempt` failed attempts (1-based): exponential with
 * "equal jitter" (half fixed, half random, so retries of many agents spread out yet never fire at
 * once). An upstream Retry-After is a floor: the hub never comes back sooner than it was asked to.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, jitter: Jitter, retryAfterMs?: number): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(exponent, 30));
  const half = ceiling / 2;
  const r = Math.min(Math.max(jitter(), 0), 1);
  const backoff = Math.round(half + r * half);
  return Math.max(backoff, retryAfterMs ?? 0);
}

/** Whether another attempt is allowed after `attempts` failed ones. */
export const attemptsLeft = (policy: RetryPolicy, attempts: number): boolean => attempts < policy.maxAttempts;
