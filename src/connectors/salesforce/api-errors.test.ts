import { describe, expect, it } from 'vitest';
import { translateApiError, translateNetworkError } from './api-errors.ts';
import { failure, parseRetryAfter, SalesforceError, toFailure } from './failure.ts';

describe('translateApiError', () => {
  it('classifies limits and outages, honouring Retry-After', () => {
    expect(translateApiError({ status: 429, retryAfterMs: 2000 })).toMatchObject({ code: 'PSYNC_SF_API_LIMIT', kind: 'rate_limited', retryAfterMs: 2000 });
    expect(translateApiError({ status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' })).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 60_000,
      message: expect.stringContaining('TotalRequests Limit exceeded.'),
    });
    expect(translateApiError({ status: 503, errorCode: 'SERVER_UNAVAILABLE' })).toMatchObject({ code: 'PSYNC_SF_UNAVAILABLE', kind: 'retryable' });
    expect(translateApiError({ status: 503, retryAfterMs: 5000 }).retryAfterMs).toBe(5000);
  });

  it('classifies session, permission, missing and conflicting answers', () => {
    expect(translateApiError({ status: 401, errorCode: 'INVALID_SESSION_ID' })).toMatchObject({ code: 'PSYNC_SF_SESSION_INVALID', kind: 'auth' });
    expect(translateApiError({ status: 403, errorCode: 'API_DISABLED_FOR_ORG' })).toMatchObject({ code: 'PSYNC_SF_API_DISABLED', kind: 'permanent' });
    expect(translateApiError({ status: 403, errorCode: 'INSUFFICIENT_ACCESS' })).toMatchObject({ code: 'PSYNC_SF_INSUFFICIENT_ACCESS', kind: 'auth' });
    expect(translateApiError({ status: 404, errorCode: 'NOT_FOUND' })).toMatchObject({ kind: 'not_found' });
    expect(translateApiError({ status: 400, errorCode: 'DUPLICATE_DEVELOPER_NAME' })).toMatchObject({ kind: 'conflict' });
    expect(translateApiError({ status: 409 })).toMatchObject({ kind: 'conflict', upstream: { error: 'HTTP_409' } });
    expect(translateApiError({ status: 400, errorCode: 'INVALID_TYPE', message: "sObject type 'ServicePresenceStatus' is not supported." })).toMatchObject({
      code: 'PSYNC_SF_OMNI_CHANNEL_DISABLED',
      kind: 'permanent',
    });
    expect(translateApiError({ status: 400, errorCode: 'MALFORMED_QUERY', message: 'unexpected token' })).toMatchObject({ code: 'PSYNC_SF_REQUEST_REJECTED', kind: 'invalid' });
  });

  it('tells an unknown host from an unreachable one', () => {
    expect(translateNetworkError('ENOTFOUND', 'https://nope.example')).toMatchObject({ code: 'PSYNC_SF_HOST_UNKNOWN', kind: 'invalid' });
    expect(translateNetworkError('ECONNREFUSED', 'https://x')).toMatchObject({ code: 'PSYNC_SF_UNREACHABLE', kind: 'retryable' });
    expect(translateNetworkError(undefined, 'https://x').message).toContain('network error');
  });
});

describe('failures', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-25T13:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Wed, 25 Nov 2026 13:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(' ', now)).toBeUndefined();
  });

  it('turns anything thrown into a classified failure', () => {
    const known = failure('PSYNC_SF_X', 'invalid', 'x');
    expect(toFailure(new SalesforceError(known))).toBe(known);
    expect(new SalesforceError(known).message).toBe('PSYNC_SF_X: x');
    expect(toFailure(new Error('boom'))).toMatchObject({ code: 'PSYNC_SF_UNEXPECTED', kind: 'retryable', message: expect.stringContaining('boom') });
    expect(toFailure('text')).toMatchObject({ message: expect.stringContaining('text') });
  });
});
