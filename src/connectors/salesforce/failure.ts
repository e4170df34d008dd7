import type { Problem } from '../../domain/index.ts';

/** How the caller should treat an upstream failure (the house's classification). */
export type FailureKind = 'retryable' | 'rate_limited' | 'auth' | 'not_found' | 'conflict' | 'invalid' | 'permanent';

/**
 * A classified Salesforce failure: a stable `PSYNC_SF_...` code, a message that tells the
 * administrator what to do, and how to treat it. Never carries a secret.
 */
export interface SalesforceFailure extends Problem {
  readonly kind: FailureKind;
  /** Set when `kind` is `rate_limited`: how long to wait before trying again. */
  readonly retryAfterMs?: number;
  /** What Salesforce said, for the audit (`error`/`errorCode` and description), if anything. */
  readonly upstream?: { readonly status?: number; readonly error?: string; readonly description?: string };
}

/** The error the connector throws; its `failure` is the value callers act on. */
export class SalesforceError extends Error {
  readonly failure: SalesforceFailure;

  constructor(failure: SalesforceFailure) {
    super(`${failure.code}: ${failure.message}`);
    this.name = 'SalesforceError';
    this.failure = failure;
  }
}

export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

export function failure(
  code: string,
  kind: FailureKind,
  message: string,
  extra: Pick<SalesforceFailure, 'retryAfterMs' | 'upstream' | 'details'> = {},
): SalesforceFailure {
  return { code, kind, message, ...extra };
}

/** Any thrown value as a classified failure (unknown errors are `retryable`, with their message). */
export function toFailure(error: unknown): SalesforceFailure {
  if (error instanceof SalesforceError) return error.failure;
  const message = error instanceof Error ? error.message : String(error);
  return failure('PSYNC_SF_UNEXPECTED', 'retryable', `Unexpected failure while talking to Salesforce: ${message}`);
}

/**
 * Parses an HTTP `Retry-After` header (seconds, or an HTTP date) into milliseconds.
 * `now` is only used for the date form.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
