import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attemptsLeft, DEFAULT_RETRY_POLICY, retryDelayMs } from './retry-policy.ts';

const policy = { baseMs: 1_000, capMs: 60_000, maxAttempts: 5 };

describe('retryDelayMs', () => {
  it('doubles per attempt, half fixed and half jittered', () => {
    expect(retryDelayMs(policy, 1, () => 0)).toBe(500);
    expect(retryDelayMs(policy, 1, () => 0.999999)).toBe(1_000);
    expect(retryDelayMs(policy, 2, () => 0)).toBe(1_000);
    expect(retryDelayMs(policy, 3, () => 0.5)).toBe(3_000);
  });

  it('never exceeds the cap, even for very many attempts', () => {
    expect(retryDelayMs(policy, 100, () => 0.999999)).toBe(60_000);
  });

  it('honours Retry-After as a floor', () => {
    expect(retryDelayMs(policy, 1, () => 0, 30_000)).toBe(30_000);
    expect(retryDelayMs(policy, 10, () => 0, 5)).toBe(30_000);
  });

  it('stays within [ceiling/2, ceiling] and at or above Retry-After for any jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.option(fc.nat(1_000_000), { nil: undefined }), (attempt, r, after) => {
        const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
        const delay = retryDelayMs(policy, attempt, () => r, after);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(delay).toBeGreaterThanOrEqual(after ?? 0);
        expect(delay).toBeLessThanOrEqual(Math.max(ceiling, after ?? 0));
      }),
    );
  });
});

describe('attemptsLeft', () => {
  it('allows maxAttempts tries in all', () => {
    expect(attemptsLeft(policy, 4)).toBe(true);
    expect(attemptsLeft(policy, 5)).toBe(false);
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1);
  });
});
