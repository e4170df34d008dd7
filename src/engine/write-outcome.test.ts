import { describe, expect, it } from 'vitest';
import type { UpstreamFailure } from './ports.ts';
import { classify, fromSetStatus, type WriteOutcome } from './write-outcome.ts';

const policy = { baseMs: 1_000, capMs: 60_000, maxAttempts: 3 };
const now = 1_000_000;
const fixed = () => 0;
const failed = (kind: UpstreamFailure['kind'], retryAfterMs?: number): WriteOutcome => ({
  kind: 'failed',
  failure: { kind, code: `PSYNC_X_${kind.toUpperCase()}`, message: kind, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
});

describe('classify', () => {
  it('completes an applied write', () => {
    expect(classify({ kind: 'applied' }, 1, now, policy, fixed)).toEqual({ action: 'complete' });
  });

  it('releases an aborted write without judging the upstream', () => {
    expect(classify({ kind: 'aborted' }, 1, now, policy, fixed)).toEqual({ action: 'release' });
  });

  it.each(['retryable', 'auth', 'conflict'] as const)('retries %s with backoff', (kind) => {
    expect(classify(failed(kind), 1, now, policy, fixed)).toEqual({ action: 'retry', runAfter: now + 500, failure: { code: `PSYNC_X_${kind.toUpperCase()}`, message: kind } });
  });

  it('retries a rate limit no sooner than Retry-After', () => {
    const d = classify(failed('rate_limited', 45_000), 1, now, policy, fixed);
    expect(d).toMatchObject({ action: 'retry', runAfter: now + 45_000 });
  });

  it.each(['not_found', 'invalid', 'permanent'] as const)('dead-letters %s at once', (kind) => {
    expect(classify(failed(kind), 1, now, policy, fixed)).toEqual({ action: 'dead', failure: { code: `PSYNC_X_${kind.toUpperCase()}`, message: kind } });
  });

  it('dead-letters a console refusal with advice', () => {
    expect(classify({ kind: 'refused', why: 'status not allowed' }, 1, now, policy, fixed)).toMatchObject({ action: 'dead', failure: { code: 'PSYNC_BRIDGE_REFUSED' } });
  });

  it('retries no_console and timed_out', () => {
    expect(classify({ kind: 'no_console' }, 1, now, policy, fixed)).toMatchObject({ action: 'retry', failure: { code: 'PSYNC_BRIDGE_NO_CONSOLE' } });
    expect(classify({ kind: 'timed_out', why: 'no_answer' }, 2, now, policy, fixed)).toMatchObject({ action: 'retry', runAfter: now + 1_000, failure: { code: 'PSYNC_BRIDGE_TIMED_OUT' } });
  });

  it('dead-letters with the last failure once the attempts run out', () => {
    const d = classify(failed('retryable'), 3, now, policy, fixed);
    expect(d).toMatchObject({ action: 'dead', failure: { code: 'PSYNC_SYNC_ATTEMPTS_EXHAUSTED' } });
    expect(d.action === 'dead' && d.failure.message).toContain('PSYNC_X_RETRYABLE');
  });
});

describe('fromSetStatus', () => {
  it('maps every console outcome', () => {
    expect(fromSetStatus({ kind: 'applied', commandId: 'c', presence: { kind: 'Offline' } })).toEqual({ kind: 'applied' });
    expect(fromSetStatus({ kind: 'refused', commandId: 'c', why: 'no' })).toEqual({ kind: 'refused', why: 'no' });
    expect(fromSetStatus({ kind: 'no_console' })).toEqual({ kind: 'no_console' });
    expect(fromSetStatus({ kind: 'timed_out', commandId: 'c', why: 'connection_closed' })).toEqual({ kind: 'timed_out', why: 'connection_closed' });
  });
});
