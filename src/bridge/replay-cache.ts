/** Remembers the tokens already used until they expire, so that each is accepted once. */
export interface ReplayCache {
  /** True when `key` is new (and is now remembered until `expiresAtMs`), false when it was seen before. */
  remember(key: string, expiresAtMs: number): Promise<boolean> | boolean;
}

/** A replay cache for one hub process. With several hub instances, use a shared one (the store). */
export class InMemoryReplayCache implements ReplayCache {
  private readonly seen = new Map<string, number>();
  private nextSweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  remember(key: string, expiresAtMs: number): boolean {
    const now = this.now();
    if (now >= this.nextSweepAt) this.sweep(now);
    const known = this.seen.get(key);
    if (known !== undefined && known > now) return false;
    this.seen.set(key, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(now: number): void {
    for (const [key, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(key);
    this.nextSweepAt = now + 10_000;
  }
}
