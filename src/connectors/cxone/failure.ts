import type { Problem } from '../../domain/index.ts';

/** How the caller should treat an upstream failure (the house's classification). */
export type CxoneFailureKind = 'retryable' | 'rate_limited' | 'auth' | 'not_found' | 'conflict' | 'invalid' | 'permanent';

/**
 * A classified CXone failure: a stable `PSYNC_CXONE_...` code, a message that says what to do,
 * how to treat it and the HTTP status (0 when no answer came). Never carries a secret.
 */
export interface CxoneFailure extends Problem {
  readonly kind: CxoneFailureKind;
  readonly status: number;
  /** Always set for `rate_limited`; set for other kinds when CXone sent `Retry-After`. */
  readonly retryAfterMs?: number;
}

/** The value every upstream call answers with: the parsed response, or a classified failure. */
export type CxoneResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: CxoneFailure };

export const success = <T>(value: T): CxoneResult<T> => ({ ok: true, value });
export const failed = <T = never>(failure: CxoneFailure): CxoneResult<T> => ({ ok: false, failure });

/** Wait used for a 429 that names no `Retry-After`. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 10_000;

/** Parses `Retry-After` (seconds, or an HTTP date) into milliseconds; `now` serves the date form. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** CXone's error bodies differ per service (reference §4); this reads any of them. */
export function upstreamMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body.slice(0, 300);
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error_description', 'errorDescription', 'message', 'details', 'error']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

const BY_STATUS: Record<number, { kind: CxoneFailureKind; code: string; advice: string }> = {
  400: { kind: 'invalid', code: 'PSYNC_CXONE_INVALID_REQUEST', advice: 'CXone refused the request as invalid.' },
  401: { kind: 'auth', code: 'PSYNC_CXONE_UNAUTHORIZED', advice: 'CXone did not accept the access token. Check the access key user and its access key in the account mapping.' },
  403: { kind: 'auth', code: 'PSYNC_CXONE_FORBIDDEN', advice: 'The access key user lacks a permission this call needs. Give its role the permission in CXone.' },
  404: { kind: 'not_found', code: 'PSYNC_CXONE_NOT_FOUND', advice: 'CXone does not know the object asked for.' },
  409: { kind: 'conflict', code: 'PSYNC_CXONE_CONFLICT', advice: "The request conflicts with the agent's current situation in CXone." },
  422: { kind: 'invalid', code: 'PSYNC_CXONE_INVALID_REQUEST', advice: 'CXone refused the request as invalid.' },
  429: { kind: 'rate_limited', code: 'PSYNC_CXONE_RATE_LIMITED', advice: 'CXone is limiting the request rate; the hub waits and tries again.' },
};

/** Classifies a non-success HTTP answer. */
export function classifyStatus(status: number, body: unknown, retryAfterHeader: string | null, now: number): CxoneFailure {
  const said = upstreamMessage(body);
  const retryAfterMs = parseRetryAfter(retryAfterHeader, now);
  const known = BY_STATUS[status];
  const base =
    known ??
    (status >= 500 || status === 408 || status === 425
      ? { kind: 'retryable' as const, code: 'PSYNC_CXONE_UNAVAILABLE', advice: 'CXone is unavailable for now; the hub tries again.' }
      : { kind: 'permanent' as const, code: 'PSYNC_CXONE_REJECTED', advice: 'CXone rejected the request.' });
  const message = said === undefined ? `${base.advice} (HTTP ${status})` : `${base.advice} (HTTP ${status}: ${said})`;
  if (base.kind === 'rate_limited') return { kind: base.kind, code: base.code, status, message, retryAfterMs: retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS };
  return { kind: base.kind, code: base.code, status, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

/** A request that got no HTTP answer (connection refused, reset, timeout): worth another try. */
export function networkFailure(error: unknown, what: string): CxoneFailure {
  const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return { kind: 'retryable', code: 'PSYNC_CXONE_UNREACHABLE', status: 0, message: `CXone did not answer ${what} (${cause}); the hub tries again.` };
}

/** A 2xx answer whose body is not what the API promises. Trying again will not change it. */
export function unexpectedResponse(status: number, what: string, detail: string): CxoneFailure {
  return {
    kind: 'permanent',
    code: 'PSYNC_CXONE_UNEXPECTED_RESPONSE',
    status,
    message: `CXone answered ${what} with a body the hub does not understand (${detail}). Report this with the tenant's API version.`,
  };
}
