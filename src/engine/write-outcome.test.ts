import { describe, expect, it } from 'vitest';
import type { UpstreamFailure } from './ports.ts';
import { classify, fromCxone, fromSetStatus, NO_CONSOLE_WAIT_MS, type WriteOutcome } from './write-outcome.ts';

const failed = (kind: UpstreamFailure['kind'], retryAfterMs?: number): WriteOutcome => ({
  kind: 'failed',
  failure: { kind, code: `PSYNC_X_${kind.toUpperCase()}`, message: 'Something happened.', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
});

describe('classify', () => {
  it('completes an applied write', () => {
    expect(classify({ kind: 'applied' })).toEqual({ action: 'complete' });
  });

  it.each(['retryable', 'auth', 'conflict'] as const)('hands %s to the mailbox as retryable, naming the kind', (kind) => {
    expect(classify(failed(kind))).toEqual({
      action: 'fail',
      code: `PSYNC_X_${kind.toUpperCase()}`,
      permanent: false,
      failure: { kind: 'retryable', message: `PSYNC_X_${kind.toUpperCase()}: Something happened. (${kind})` },
    });
  });

  it('passes a rate limit on with its Retry-After', () => {
    expect(classify(failed('rate_limited', 45_000))).toMatchObject({ permanent: false, failure: { kind: 'rate_limited', retryAfterMs: 45_000 } });
  });

  it.each(['not_found', 'invalid', 'permanent'] as const)('makes %s permanent', (kind) => {
    expect(classify(failed(kind))).toMatchObject({ action: 'fail', permanent: true, failure: { kind: 'permanent' } });
  });

  it('makes a console refusal permanent, with advice', () => {
    expect(classify({ kind: 'refused', why: 'status not allowed' })).toMatchObject({ code: 'PSYNC_BRIDGE_REFUSED', permanent: true, failure: { kind: 'permanent' } });
  });

  it('retries no_console after a pause, and timed_out and aborted writes', () => {
    expect(classify({ kind: 'no_console' })).toMatchObject({ code: 'PSYNC_BRIDGE_NO_CONSOLE', failure: { kind: 'retryable', retryAfterMs: NO_CONSOLE_WAIT_MS } });
    expect(classify({ kind: 'timed_out', why: 'no_answer' })).toMatchObject({ code: 'PSYNC_BRIDGE_TIMED_OUT', permanent: false, failure: { kind: 'retryable' } });
    expect(classify({ kind: 'aborted' })).toMatchObject({ code: 'PSYNC_SYNC_WRITE_ABANDONED', permanent: false });
  });
});

describe('writer answers', () => {
  it('maps every console outcome', () => {
    expect(fromSetStatus({ kind: 'applied', commandId: 'c', presence: { kind: 'Offline' } })).toEqual({ kind: 'applied' });
    expect(fromSetStatus({ kind: 'refused', commandId: 'c', why: 'no' })).toEqual({ kind: 'refused', why: 'no' });
    expect(fromSetStatus({ kind: 'no_console' })).toEqual({ kind: 'no_console' });
    expect(fromSetStatus({ kind: 'timed_out', commandId: 'c', why: 'connection_closed' })).toEqual({ kind: 'timed_out', why: 'connection_closed' });
  });

  it('maps a CXone result', () => {
    expect(fromCxone({ ok: true })).toEqual({ kind: 'applied' });
    const failure = { kind: 'retryable' as const, code: 'PSYNC_CXONE_UNAVAILABLE', message: 'down' };
    expect(fromCxone({ ok: false, failure })).toEqual({ kind: 'failed', failure });
  });
});
