import type { SetStatusOutcome } from '../bridge/set-status-outcome.ts';
import type { IntentFailure } from '../store/ports.ts';
import type { CxoneWriteResult, UpstreamFailure } from './ports.ts';

/** Every writer's answer in one shape: CXone REST results and console set-status outcomes. */
export type WriteOutcome =
  | { readonly kind: 'applied' }
  | { readonly kind: 'failed'; readonly failure: UpstreamFailure }
  | { readonly kind: 'refused'; readonly why: string }
  | { readonly kind: 'no_console' }
  | { readonly kind: 'timed_out'; readonly why: string }
  /** The hub gave up waiting (the lease was about to end): the outcome upstream is unknown. */
  | { readonly kind: 'aborted' };

/**
 * Whether the write certainly did not change anything upstream: an answer that refused it, or no
 * console to send it to. A timeout or a transport error may hide a write that landed.
 */
export function certainlyNotApplied(outcome: WriteOutcome): boolean {
  if (outcome.kind === 'refused' || outcome.kind === 'no_console') return true;
  return outcome.kind === 'failed' && outcome.failure.kind !== 'retryable';
}

/** What the dispatcher does with the claimed intent: complete it, or fail it (the mailbox retries or dead-letters). */
export type Disposition =
  | { readonly action: 'complete' }
  | { readonly action: 'fail'; readonly code: string; readonly failure: IntentFailure; readonly permanent: boolean };

/** A console that is not there yet may be back in a moment; wait this long before asking again. */
export const NO_CONSOLE_WAIT_MS = 5_000;

export function fromSetStatus(outcome: SetStatusOutcome): WriteOutcome {
  switch (outcome.kind) {
    case 'applied':
      return { kind: 'applied' };
    case 'refused':
      return { kind: 'refused', why: outcome.why };
    case 'no_console':
      return { kind: 'no_console' };
    case 'timed_out':
      return { kind: 'timed_out', why: outcome.why };
  }
}

export const fromCxone = (result: CxoneWriteResult): WriteOutcome => (result.ok ? { kind: 'applied' } : { kind: 'failed', failure: result.failure });

/**
 * Failures another try can cure: a transient fault, a rate limit, an expired token (the connector
 * refreshes it), a conflict such as an agent finishing a contact. The others (unknown agent,
 * invalid state, a console refusing the status) fail the same way every time.
 */
const RETRYABLE = new Set<UpstreamFailure['kind']>(['retryable', 'rate_limited', 'auth', 'conflict']);

/**
 * Classifies a write's outcome for the mailbox. The engine decides what is permanent and hands the
 * mailbox only `permanent`, `rate_limited` (with Retry-After) or `retryable`, so the store's backoff
 * and attempt bound apply the same way whatever its own table of kinds says.
 */
export function classify(outcome: WriteOutcome): Disposition {
  switch (outcome.kind) {
    case 'applied':
      return { action: 'complete' };
    case 'failed': {
      const { kind, code, message, retryAfterMs } = outcome.failure;
      const permanent = !RETRYABLE.has(kind);
      const storeKind = permanent ? 'permanent' : kind === 'rate_limited' ? 'rate_limited' : 'retryable';
      return fail(code, `${message} (${kind})`, storeKind, retryAfterMs);
    }
    case 'refused':
      return fail('PSYNC_BRIDGE_REFUSED', `The agent's console refused the status: ${outcome.why}. Check the agent's access to the status in Salesforce.`, 'permanent');
    case 'no_console':
      return fail('PSYNC_BRIDGE_NO_CONSOLE', 'The agent has no open console; the status is applied when the console connects.', 'retryable', NO_CONSOLE_WAIT_MS);
    case 'timed_out':
      return fail('PSYNC_BRIDGE_TIMED_OUT', `The agent's console did not confirm the status (${outcome.why}); the hub tries again.`, 'retryable');
    case 'aborted':
      return fail('PSYNC_SYNC_WRITE_ABANDONED', 'The write took longer than its lease allows; the hub tries again.', 'retryable');
  }
}

function fail(code: string, message: string, kind: 'permanent' | 'rate_limited' | 'retryable', retryAfterMs?: number): Disposition {
  return {
    action: 'fail',
    code,
    permanent: kind === 'permanent',
    failure: { kind, message: `${code}: ${message}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
  };
}
