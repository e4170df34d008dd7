/**
 * Lockout after failed sign-ins, per username and source address: a stranger who fails five times
 * locks only their own address out of that account, never the administrator at theirs. Each
 * lockout in a row lasts twice the one before (up to a day). Kept in the instance's memory.
 */
export class SignInLockout {
  private readonly entries = new Map<string, { failures: number; lockedUntil: number; lockouts: number; lastAt: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockoutMs: number,
    private readonly now: () => number,
  ) {}

  private key = (username: string, address: string) => `${username.trim().toLowerCase()}\n${address}`;

  /** Until when this username is locked from this address, or 0. */
  lockedUntil(username: string, address: string): number {
    const entry = this.entries.get(this.key(username, address));
    return entry && entry.lockedUntil > this.now() ? entry.lockedUntil : 0;
  }

  /** Counts a failure; answers until when the address is now locked out, or 0. */
  failed(username: string, address: string): number {
    const now = this.now();
    if (this.entries.size > 10_000) this.sweep(now);
    const key = this.key(username, address);
    const entry = this.entries.get(key) ?? { failures: 0, lockedUntil: 0, lockouts: 0, lastAt: now };
    // A quiet day forgets the backoff.
    if (now - entry.lastAt > 24 * 3600_000) Object.assign(entry, { failures: 0, lockouts: 0 });
    entry.failures += 1;
    entry.lastAt = now;
    if (entry.failures >= this.maxFailures) {
      entry.lockedUntil = now + Math.min(this.lockoutMs * 2 ** entry.lockouts, 24 * 3600_000);
      entry.lockouts += 1;
      entry.failures = 0;
      this.entries.set(key, entry);
      return entry.lockedUntil;
    }
    this.entries.set(key, entry);
    return 0;
  }

  succeeded(username: string, address: string): void {
    this.entries.delete(this.key(username, address));
  }

  /** A User Admin's unlock (or `presence-sync admin` recovery): every address of the username. */
  unlock(username: string): void {
    const prefix = `${username.trim().toLowerCase()}\n`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) if (entry.lockedUntil <= now && now - entry.lastAt > 24 * 3600_000) this.entries.delete(key);
  }
}
