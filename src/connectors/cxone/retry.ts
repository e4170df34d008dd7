import type { Clock } from './clock.ts';
import type { CxoneResult } from './failure.ts';

/**
 * Calls `attempt` until it succeeds, fails in a way another try cannot fix, or `attempts` are used
 * up. Waits `Retry-After` when CXone named one, otherwise 0.5 s, 1 s, 2 s ...
 */
export async function withRetry<T>(attempt: () => Promise<CxoneResult<T>>, clock: Clock, attempts = 3): Promise<CxoneResult<T>> {
  let result = await attempt();
  for (let tried = 1; tried < attempts && !result.ok; tried++) {
    const { kind, retryAfterMs } = result.failure;
    if (kind !== 'retryable' && kind !== 'rate_limited') break;
    await clock.sleep(retryAfterMs ?? 500 * 2 ** (tried - 1));
    result = await attempt();
  }
  return result;
}
