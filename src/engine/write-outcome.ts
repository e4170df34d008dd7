import type { SetStatusOutcome } from '../bridge/set-status-outcome.ts';
import type { FailureRecord, UpstreamFailure } from './ports.ts';
import { attemptsLeft, retryDelayMs, type Jitter, type RetryPolicy } from './retry-policy.ts';

/** Every writer's answer in one shape: CXone REST results and console set-status outcomes. */
export type WriteOutcome =
  | { readonly kind: 'applied' }
  | { readonly kind: 'failed'; readonly failure: UpstreamFailure }
  | { readonly kind: 'refused'; readonly why: string }
  | { readonly kind: 'no_console' }
  | { readonly kind: 'timed_out'; readonly why: string }
  /** The write was abandoned by the hub (lease about to end, shutdown): unknown outcome, not the upstream's fault. */
  | { readonly kind: 'aborted' };

/** What the dispatcher does with the mailbox row next. */
export type Disposition =
  | { readonly action: 'complete' }
  | { readonly action: 'retry'; readonly runAfter: number; readonly failure: FailureRecord }
  | { readonly action: 'release' }
  | { readonly action: 'dead'; readonly failure: FailureRecord };

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

/** Failures that another try can cure (a token refresh, a lower rate, the agent finishing a contact). */
const RETRYABLE = new Set<UpstreamFailure['kind']>(['retryable', 'rate_limited', 'auth', 'conflict']);

/**
 * Classifies a write's outcome. `attempts` counts this attempt too. Retries are bounded: when they
 * run out the row is dead-lettered with the last failure, so nothing is retried forever and the
 * audit says why the change was not applied.
 */
export function classify(outcome: WriteOutcome, attempts: number, now: number, policy: RetryPolicy, jitter: Jitter): Disposition {
  if (outcome.kind === 'applied') return { action: 'complete' };
  if (outcome.kind === 'aborted') return { action: 'release' };
  const failure = failureOf(outcome);
  const retryable = outcome.kind === 'failed' ? RETRYABLE.has(outcome.failure.kind) : outcome.kind !== 'refused';
  if (!retryable) return { action: 'dead', failure };
  if (!attemptsLeft(policy, attempts)) {
    return { action: 'dead', failure: { code: 'PSYNC_SYNC_ATTEMPTS_EXHAUSTED', message: `Gave up after ${attempts} attempts; last failure: ${failure.code}: ${failure.message}` } };
  }
  const retryAfterMs = outcome.kind === 'failed' ? outcome.failure.retryAfterMs : undefined;
  return { action: 'retry', runAfter: now + retryDelayMs(policy, attempts, jitter, retryAfterMs), failure };
}

function failureOf(outcome: Exclude<WriteOutcome, { kind: 'applied' } | { kind: 'aborted' }>): FailureRecord {
  switch (outcome.kind) {
    case 'failed':
      return { code: outcome.failure.code, message: outcome.failure.message };
    case 'refused':
      return { code: 'PSYNC_BRIDGE_REFUSED', message: `The agent's console refused the status: ${outcome.why}. Check the agent's access to the status in Salesforce.` };
    case 'no_console':
      return { code: 'PSYNC_BRIDGE_NO_CONSOLE', message: 'The agent has no open console; the status is applied when the console connects.' };
    case 'timed_out':
      return { code: 'PSYNC_BRIDGE_TIMED_OUT', message: `The agent's console did not confirm the status (${outcome.why}); the hub tries again.` };
  }
}
