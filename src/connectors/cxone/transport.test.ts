import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_RATE_LIMIT } from './rate-limiter.ts';
import { ManualClock, SETTINGS, discoveryAnswer, fakeFetch, json, tokenAnswer, type Route, type Seen } from './test-support/fakes.ts';
import { CxoneTransport } from './transport.ts';

const parse = z.object({ value: z.number() });

function setup(api: Route, clock = new ManualClock()) {
  let discoveries = 0;
  const { fetch, seen } = fakeFetch((req) => {
    if (req.url.pathname === '/auth/token') return tokenAnswer();
    if (req.url.pathname === '/.well-known/cxone-configuration') {
      discoveries++;
      return discoveryAnswer();
    }
    return api(req);
  });
  const transport = new CxoneTransport(SETTINGS, { fetch, clock, rateLimit: DEFAULT_RATE_LIMIT, timeoutMs: 1000 });
  const apiCalls = () => seen.filter((s) => s.url.host === 'api.test');
  return { transport, seen, apiCalls, clock, discoveries: () => discoveries };
}

const get = { method: 'GET' as const, path: '/inContactAPI/services/v1.0/x', parse, what: 'x' };

describe('CxoneTransport', () => {
  it('discovers api_endpoint once and calls it with the Bearer token', async () => {
    const { transport, apiCalls, discoveries, seen } = setup(() => json(200, { value: 1 }));
    expect(await transport.request({ ...get, query: { a: 1, b: undefined, c: true } })).toEqual({ ok: true, value: { value: 1 } });
    await transport.request(get);
    expect(discoveries()).toBe(1);
    expect(seen.find((s) => s.url.pathname.includes('cxone-configuration'))?.url.searchParams.get('tenantId')).toBe('t-1');
    const call = apiCalls()[0] as Seen;
    expect(call.url.href).toBe('https://api.test/inContactAPI/services/v1.0/x?a=1&c=true');
    expect(call.headers['authorization']).toMatch(/^Bearer ey/);
  });

  it('sends a JSON body', async () => {
    const { transport, apiCalls } = setup(() => new Response(null, { status: 202 }));
    expect(await transport.request({ method: 'POST', path: '/y', body: { state: 'Available' }, what: 'y' })).toEqual({ ok: true, value: undefined });
    expect(apiCalls()[0]).toMatchObject({ method: 'POST', body: '{"state":"Available"}', headers: { 'content-type': 'application/json' } });
  });

  it('on 401 renews the token once and repeats the call', async () => {
    let calls = 0;
    const { transport, apiCalls, seen } = setup(() => (++calls === 1 ? json(401, { error: 'invalid_token' }) : json(200, { value: 2 })));
    expect(await transport.request(get)).toEqual({ ok: true, value: { value: 2 } });
    const [first, second] = apiCalls();
    expect(first?.headers['authorization']).not.toBe(second?.headers['authorization']);
    expect(seen.filter((s) => s.url.pathname === '/auth/token')).toHaveLength(2);
  });

  it('gives up after the second 401 with an auth failure', async () => {
    const { transport, apiCalls } = setup(() => json(401, { error: 'invalid_token' }));
    expect(await transport.request(get)).toMatchObject({ ok: false, failure: { kind: 'auth', status: 401 } });
    expect(apiCalls()).toHaveLength(2);
  });

  it('holds back every call of the tenant for the Retry-After of a 429', async () => {
    let calls = 0;
    const { transport, clock } = setup(() => (++calls === 1 ? json(429, {}, { 'retry-after': '5' }) : json(200, { value: 3 })));
    expect(await transport.request(get)).toMatchObject({ ok: false, failure: { kind: 'rate_limited', retryAfterMs: 5000 } });
    const before = clock.time;
    expect((await transport.request(get)).ok).toBe(true);
    expect(clock.time - before).toBeGreaterThanOrEqual(5000);
  });

  it('classifies a missing answer, an unreadable body and an empty one', async () => {
    expect(await setup(() => Promise.reject(new TypeError('fetch failed'))).transport.request(get)).toMatchObject({ ok: false, failure: { kind: 'retryable', status: 0 } });
    expect(await setup(() => new Response('<html>')).transport.request(get)).toMatchObject({ ok: false, failure: { kind: 'permanent', code: 'PSYNC_CXONE_UNEXPECTED_RESPONSE' } });
    expect(await setup(() => json(200, { value: 'x' })).transport.request(get)).toMatchObject({ ok: false, failure: { message: expect.stringContaining('value') } });
    expect(await setup(() => new Response(null, { status: 204 })).transport.request(get)).toMatchObject({ ok: false, failure: { kind: 'permanent' } });
    expect(await setup(() => new Response(null, { status: 204 })).transport.request({ ...get, empty: () => ({ value: 0 }) })).toEqual({ ok: true, value: { value: 0 } });
  });

  it('reports a failed discovery and tries it again next time', async () => {
    let discoveryCalls = 0;
    const { fetch } = fakeFetch((req) => {
      if (req.url.pathname === '/auth/token') return tokenAnswer();
      if (req.url.pathname.includes('cxone-configuration')) return ++discoveryCalls === 1 ? json(503, {}) : discoveryAnswer();
      return json(200, { value: 4 });
    });
    const transport = new CxoneTransport(SETTINGS, { fetch, clock: new ManualClock(), rateLimit: DEFAULT_RATE_LIMIT, timeoutMs: 1000 });
    expect(await transport.request(get)).toMatchObject({ ok: false, failure: { kind: 'retryable' } });
    expect(await transport.request(get)).toEqual({ ok: true, value: { value: 4 } });
  });

  it('refuses a discovery answer without api_endpoint, and one that never came', async () => {
    const bad = fakeFetch((req) => (req.url.pathname === '/auth/token' ? tokenAnswer() : json(200, { area: 'na1' })));
    const t1 = new CxoneTransport(SETTINGS, { fetch: bad.fetch, clock: new ManualClock(), rateLimit: DEFAULT_RATE_LIMIT, timeoutMs: 1000 });
    expect(await t1.request(get)).toMatchObject({ ok: false, failure: { kind: 'permanent' } });
    const down = fakeFetch((req) => (req.url.pathname === '/auth/token' ? tokenAnswer() : Promise.reject(new Error('reset'))));
    const t2 = new CxoneTransport(SETTINGS, { fetch: down.fetch, clock: new ManualClock(), rateLimit: DEFAULT_RATE_LIMIT, timeoutMs: 1000 });
    expect(await t2.request(get)).toMatchObject({ ok: false, failure: { kind: 'retryable', status: 0 } });
  });

  it('answers the CXone tenant id from the token', async () => {
    expect(await setup(() => json(200, {})).transport.cxoneTenantId()).toEqual({ ok: true, value: 't-1' });
  });
});
