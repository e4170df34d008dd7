import { describe, expect, it } from 'vitest';
import { classifyStatus, networkFailure, parseRetryAfter, unexpectedResponse, upstreamMessage } from './failure.ts';

const NOW = Date.UTC(2026, 0, 1, 12);

describe('classifyStatus', () => {
  it.each([
    [400, 'invalid'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'not_found'],
    [409, 'conflict'],
    [422, 'invalid'],
    [429, 'rate_limited'],
    [408, 'retryable'],
    [500, 'retryable'],
    [502, 'retryable'],
    [503, 'retryable'],
    [504, 'retryable'],
    [405, 'permanent'],
    [410, 'permanent'],
  ] as const)('HTTP %i is %s', (status, kind) => {
    const failure = classifyStatus(status, undefined, null, NOW);
    expect(failure.kind).toBe(kind);
    expect(failure.status).toBe(status);
    expect(failure.code).toMatch(/^PSYNC_CXONE_/);
  });

  it('honours Retry-After on 429, and waits a default when it is missing', () => {
    expect(classifyStatus(429, {}, '7', NOW).retryAfterMs).toBe(7000);
    expect(classifyStatus(429, {}, null, NOW).retryAfterMs).toBe(10_000);
  });

  it('keeps Retry-After on a 503 and leaves it out when absent', () => {
    expect(classifyStatus(503, {}, '2', NOW)).toMatchObject({ kind: 'retryable', retryAfterMs: 2000 });
    expect(classifyStatus(503, {}, null, NOW)).not.toHaveProperty('retryAfterMs');
  });

  it("puts CXone's own words into the message", () => {
    expect(classifyStatus(409, { error: 'NoActiveContact', error_description: 'ACW code needs a contact' }, null, NOW).message).toContain('ACW code needs a contact');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
    expect(parseRetryAfter(new Date(NOW + 4000).toUTCString(), NOW)).toBe(4000);
    expect(parseRetryAfter(new Date(NOW - 4000).toUTCString(), NOW)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });
});

describe('upstreamMessage', () => {
  it('reads every error body CXone uses', () => {
    expect(upstreamMessage({ error: 'x', error_description: 'legacy' })).toBe('legacy');
    expect(upstreamMessage({ error: 'x', errorDescription: 'global auth' })).toBe('global auth');
    expect(upstreamMessage({ status: 401, message: 'userhub' })).toBe('userhub');
    expect(upstreamMessage({ error: 'only' })).toBe('only');
    expect(upstreamMessage('plain text')).toBe('plain text');
    expect(upstreamMessage('  ')).toBeUndefined();
    expect(upstreamMessage(42)).toBeUndefined();
    expect(upstreamMessage({})).toBeUndefined();
  });
});

describe('other failures', () => {
  it('a request without an answer is retryable with status 0', () => {
    const failure = networkFailure(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }), 'the agent list');
    expect(failure).toMatchObject({ kind: 'retryable', status: 0, code: 'PSYNC_CXONE_UNREACHABLE' });
    expect(failure.message).toContain('ECONNREFUSED');
    expect(networkFailure('boom', 'x').message).toContain('boom');
  });

  it('an answer the hub cannot read is permanent', () => {
    expect(unexpectedResponse(200, 'the agent list', 'agents: expected array')).toMatchObject({ kind: 'permanent', code: 'PSYNC_CXONE_UNEXPECTED_RESPONSE' });
  });
});
