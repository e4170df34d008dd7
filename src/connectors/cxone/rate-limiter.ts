import type { Clock } from './clock.ts';

export interface RateLimit {
  /** Requests that may go at once after a quiet spell. */
  readonly burst: number;
  /** Sustained requests per second. */
  readonly perSecond: number;
}

/** CXone publishes no limits for the ACD APIs (reference §4); this is a polite default. */
export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 20, perSecond: 10 };

/**
 * A token bucket for one tenant's requests. `pauseFor` holds every request back after a 429, so a
 * `Retry-After` stops the whole tenant, not only the call that got it.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;
  private blockedUntil = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {
    if (!(limit.burst >= 1) || !(limit.perSecond > 0)) throw new RangeError('rate limit needs burst >= 1 and perSecond > 0');
    this.tokens = limit.burst;
    this.refilledAt = clock.now();
  }

  async take(): Promise<void> {
    // Bounded: each pass either takes a token or sleeps until one is due.
    for (let pass = 0; pass < 10_000; pass++) {
      const now = this.clock.now();
      this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.limit.perSecond);
      this.refilledAt = now;
      const wait = Math.max(this.blockedUntil - now, this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.limit.perSecond) * 1000);
      if (wait <= 0) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(wait));
    }
    throw new Error('rate limiter starved');
  }

  pauseFor(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
  }
}
