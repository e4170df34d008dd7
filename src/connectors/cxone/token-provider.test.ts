import { describe, expect, it } from 'vitest';
import { ManualClock, SETTINGS, fakeFetch, fakeJwt, json, tokenAnswer } from './test-support/fakes.ts';
import { CxoneTokenProvider } from './token-provider.ts';

const grants = (seen: { body: string }[]) => seen.map((s) => new URLSearchParams(s.body).get('grant_type'));

describe('CxoneTokenProvider', () => {
  it('signs in with the access key as a password grant, the client in Basic auth', async () => {
    const { fetch, seen } = fakeFetch(() => tokenAnswer());
    const provider = new CxoneTokenProvider(SETTINGS, { fetch, clock: new ManualClock() });
    const token = await provider.token();
    expect(token.ok && token.value.tenantId).toBe('t-1');
    expect(seen[0]?.url.href).toBe('https://issuer.test/auth/token');
    expect(seen[0]?.headers['authorization']).toBe(`Basic ${Buffer.from('client:client-secret').toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(seen[0]?.body))).toEqual({ grant_type: 'password', username: 'key-id', password: 'key-secret' });
  });

  it('fetches one token for many concurrent callers', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { fetch, seen } = fakeFetch(async () => {
      await gate;
      return tokenAnswer();
    });
    const provider = new CxoneTokenProvider(SETTINGS, { fetch, clock: new ManualClock() });
    const all = Promise.all(Array.from({ length: 20 }, () => provider.token()));
    release();
    const tokens = await all;
    expect(seen).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.ok && t.value.accessToken)).size).toBe(1);
  });

  it('reuses the token until shortly before expiry, then refreshes it once with the refresh token', async () => {
    const clock = new ManualClock();
    const { fetch, seen } = fakeFetch(() => tokenAnswer(3600));
    const provider = new CxoneTokenProvider(SETTINGS, { fetch, clock, refreshBeforeExpiryMs: 120_000 });
    const first = await provider.token();
    clock.time += 3000_000;
    expect(await provider.token()).toEqual(first);
    expect(seen).toHaveLength(1);
    clock.time += 481_000; // 119 s before expiry
    const renewed = await Promise.all([provider.token(), provider.token(), provider.token()]);
    expect(seen).toHaveLength(2);
    expect(grants(seen)).toEqual(['password', 'refresh_token']);
    expect(new URLSearchParams(seen[1]?.body).get('refresh_token')).toBe(first.ok ? first.value.refreshToken : '');
    expect(renewed[0]).not.toEqual(first);
  });

  it('signs in anew when the refresh token is refused', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const { fetch, seen } = fakeFetch(() => (++calls === 2 ? json(400, { error: 'invalid_grant', errorDescription: 'used' }) : tokenAnswer(3600)));
    const provider = new CxoneTokenProvider(SETTINGS, { fetch, clock });
    await provider.token();
    clock.time += 3600_000;
    expect((await provider.token()).ok).toBe(true);
    expect(grants(seen)).toEqual(['password', 'refresh_token', 'password']);
  });

  it('skips a refresh token that has expired', async () => {
    const clock = new ManualClock();
    const { fetch, seen } = fakeFetch(() => tokenAnswer(3600, { refresh_token_expires_in: 7200 }));
    const provider = new CxoneTokenProvider(SETTINGS, { fetch, clock });
    await provider.token();
    clock.time += 8000_000;
    await provider.token();
    expect(grants(seen)).toEqual(['password', 'password']);
  });

  it('reads the refresh token expiry from its own claims when the answer does not give it', async () => {
    const clock = new ManualClock();
    const refreshExp = Math.floor(clock.time / 1000) + 60;
    const { fetch, seen } = fakeFetch(() => json(200, { access_token: fakeJwt({ tenantId: 't-1' }), expires_in: 30, refresh_token: fakeJwt({ exp: refreshExp }) }));
    const provider = new CxoneTokenProvider(SETTINGS, { fetch, clock, refreshBeforeExpiryMs: 0 });
    await provider.token();
    clock.time += 31_000;
    await provider.token();
    clock.time += 31_000;
    await provider.token();
    expect(grants(seen)).toEqual(['password', 'refresh_token', 'password']);
  });

  it('shares one renewal among callers whose token was rejected, and hands the new token to late ones', async () => {
    const { fetch, seen } = fakeFetch(() => tokenAnswer());
    const provider = new CxoneTokenProvider(SETTINGS, { fetch, clock: new ManualClock() });
    const first = await provider.token();
    const rejected = first.ok ? first.value.accessToken : '';
    const [a, b] = await Promise.all([provider.afterRejection(rejected), provider.afterRejection(rejected)]);
    expect(seen).toHaveLength(2);
    expect(a).toEqual(b);
    const late = await provider.afterRejection(rejected);
    expect(late).toEqual(a);
    expect(seen).toHaveLength(2);
  });

  it('keeps using a still valid token when an early renewal fails', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const { fetch } = fakeFetch(() => (++calls === 1 ? tokenAnswer(3600) : json(503, {})));
    const provider = new CxoneTokenProvider(SETTINGS, { fetch, clock });
    const first = await provider.token();
    clock.time += 3500_000;
    expect(await provider.token()).toEqual(first);
    clock.time += 200_000;
    expect(await provider.token()).toMatchObject({ ok: false, failure: { kind: 'retryable' } });
  });

  it.each([
    [401, { error: 'invalid_client', errorDescription: 'Client authentication failed.' }, 'PSYNC_CXONE_CLIENT_REJECTED'],
    [400, { error: 'invalid_grant', errorDescription: 'The user of this access key is deactivated.' }, 'PSYNC_CXONE_ACCESS_KEY_REJECTED'],
  ])('says what to fix when CXone refuses the sign-in (%i)', async (status, body, code) => {
    const { fetch } = fakeFetch(() => json(status, body));
    const result = await new CxoneTokenProvider(SETTINGS, { fetch, clock: new ManualClock() }).token();
    expect(result).toMatchObject({ ok: false, failure: { kind: 'auth', code, status } });
    expect(!result.ok && result.failure.message).not.toContain('key-secret');
  });

  it('refuses a token of another tenant than the connection names', async () => {
    const { fetch } = fakeFetch(() => tokenAnswer());
    const result = await new CxoneTokenProvider({ ...SETTINGS, tenantId: 't-2' }, { fetch, clock: new ManualClock() }).token();
    expect(result).toMatchObject({ ok: false, failure: { code: 'PSYNC_CXONE_TENANT_MISMATCH' } });
  });

  it('takes the tenant id from the connection when the token has none, and fails without either', async () => {
    const { fetch } = fakeFetch(() => json(200, { access_token: 'opaque', expires_in: 3600 }));
    expect(await new CxoneTokenProvider({ ...SETTINGS, tenantId: 't-9' }, { fetch, clock: new ManualClock() }).token()).toMatchObject({ ok: true, value: { tenantId: 't-9', refreshToken: null } });
    expect(await new CxoneTokenProvider(SETTINGS, { fetch, clock: new ManualClock() }).token()).toMatchObject({ ok: false, failure: { kind: 'permanent' } });
  });

  it('classifies a token endpoint that is down or answers nonsense', async () => {
    const down = fakeFetch(() => Promise.reject(new TypeError('fetch failed')));
    expect(await new CxoneTokenProvider(SETTINGS, { fetch: down.fetch, clock: new ManualClock() }).token()).toMatchObject({ ok: false, failure: { kind: 'retryable', status: 0 } });
    const limited = fakeFetch(() => json(429, {}, { 'retry-after': '3' }));
    expect(await new CxoneTokenProvider(SETTINGS, { fetch: limited.fetch, clock: new ManualClock() }).token()).toMatchObject({ ok: false, failure: { kind: 'rate_limited', retryAfterMs: 3000 } });
    const html = fakeFetch(() => new Response('<html>', { status: 200 }));
    expect(await new CxoneTokenProvider(SETTINGS, { fetch: html.fetch, clock: new ManualClock() }).token()).toMatchObject({ ok: false, failure: { kind: 'permanent' } });
  });
});
