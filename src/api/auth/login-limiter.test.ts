import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './login-limiter.ts';

describe('login rate limiter', () => {
  it('allows the limit per address per sliding minute and says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new LoginRateLimiter(2, () => now);
    expect(limiter.attempt('a')).toBe(0);
    now += 10_000;
    expect(limiter.attempt('a')).toBe(0);
    expect(limiter.attempt('a')).toBe(50_000);
    expect(limiter.attempt('b')).toBe(0);
    now += 50_001;
    expect(limiter.attempt('a')).toBe(0);
  });

  it('forgets idle addresses when it holds many', () => {
    let now = 0;
    const limiter = new LoginRateLimiter(1, () => now);
    for (let i = 0; i <= 10_000; i++) limiter.attempt(`10.0.${i}`);
    now += 60_001;
    expect(limiter.attempt('fresh')).toBe(0);
    expect((limiter as unknown as { attempts: Map<string, number[]> }).attempts.size).toBeLessThan(10_000);
  });
});
