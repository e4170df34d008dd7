import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rate-limiter.ts';
import { ManualClock } from './test-support/fakes.ts';

describe('TokenBucket', () => {
  it('lets a burst through at once, then paces to the sustained rate', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ burst: 3, perSecond: 2 }, clock);
    const start = clock.time;
    for (let i = 0; i < 3; i++) await bucket.take();
    expect(clock.time).toBe(start);
    for (let i = 0; i < 4; i++) await bucket.take();
    expect(clock.time - start).toBe(2000);
  });

  it('refills while idle, up to the burst', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ burst: 2, perSecond: 1 }, clock);
    await bucket.take();
    await bucket.take();
    clock.time += 60_000;
    const start = clock.time;
    await bucket.take();
    await bucket.take();
    expect(clock.time).toBe(start);
    await bucket.take();
    expect(clock.time - start).toBe(1000);
  });

  it('holds everything back while paused', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ burst: 10, perSecond: 10 }, clock);
    bucket.pauseFor(4000);
    bucket.pauseFor(1000);
    const start = clock.time;
    await bucket.take();
    expect(clock.time - start).toBe(4000);
  });

  it('refuses a limit that would never let anything through', () => {
    expect(() => new TokenBucket({ burst: 0, perSecond: 1 }, new ManualClock())).toThrow(RangeError);
    expect(() => new TokenBucket({ burst: 1, perSecond: 0 }, new ManualClock())).toThrow(RangeError);
  });
});
