/** Login attempts per client address in a sliding minute, kept in memory (a lockout per account is kept in the store). */
export class LoginRateLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** Records an attempt; answers the milliseconds to wait when over the limit, else 0. */
  attempt(address: string): number {
    const now = this.now();
    const recent = (this.attempts.get(address) ?? []).filter((at) => at > now - 60_000);
    if (recent.length >= this.perMinute) {
      this.attempts.set(address, recent);
      return Math.max(1, (recent[0] ?? now) + 60_000 - now);
    }
    recent.push(now);
    this.attempts.set(address, recent);
    if (this.attempts.size > 10_000) this.sweep(now);
    return 0;
  }

  private sweep(now: number): void {
    for (const [address, times] of this.attempts) if (times.every((at) => at <= now - 60_000)) this.attempts.delete(address);
  }
}
