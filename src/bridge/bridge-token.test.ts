import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateBridgeSecret, mintBridgeToken, verifyBridgeToken, type TokenCheckOptions } from './bridge-token.ts';
import { InMemoryReplayCache } from './replay-cache.ts';

const ORG15 = '00D000000000001';
const ORG18 = '00D000000000001EAA';
const USER = '005000000000001';
const SECRET = generateBridgeSecret();
const NOW = 1_800_000_000_000;
const expIn = (seconds: number): number => Math.floor(NOW / 1000) + seconds;

const options = (overrides: Partial<TokenCheckOptions> = {}): TokenCheckOptions => ({
  secrets: { lookup: (org) => (org === ORG18 ? SECRET : undefined) },
  replayCache: new InMemoryReplayCache(() => NOW),
  now: NOW,
  ...overrides,
});

const encode = (claims: unknown): string => Buffer.from(JSON.stringify(claims)).toString('base64url');
const signed = (body: string, secret = SECRET): string => `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;

describe('bridge tokens', () => {
  it('accepts a fresh token and normalises the IDs to 18 characters', async () => {
    const check = await verifyBridgeToken(mintBridgeToken(SECRET, { org: ORG15, user: USER, exp: expIn(300), jti: 'abcdefabcdefabcdef' }), options());
    expect(check).toEqual({ ok: true, token: { orgId: ORG18, sfUserId: '005000000000001AAA', expiresAtMs: expIn(300) * 1000, jti: 'abcdefabcdefabcdef' } });
  });

  it('signs exactly as the Apex class does (the vector in PresenceSyncBridgeTokenTest.cls)', async () => {
    expect(signed('eyJ2IjoxfQ', 'psb1_secret')).toBe('eyJ2IjoxfQ.Q03XZG6GDxsOonJvp_bGEnT2IBtBMeNZIlA5CWCcBjI');
    // Apex orders the claims its own way; the signature covers the encoded text, so any order verifies.
    const apexStyle = signed(encode({ jti: '0123456789abcdef0123456789abcdef', exp: expIn(300), user: '005000000000001AAA', org: ORG18, v: 1 }));
    expect(await verifyBridgeToken(apexStyle, options())).toMatchObject({ ok: true });
  });

  it('generates distinct secrets with 32 random bytes', () => {
    const a = generateBridgeSecret();
    expect(a).toMatch(/^psb1_[A-Za-z0-9_-]{43}$/);
    expect(generateBridgeSecret()).not.toBe(a);
  });

  it.each([
    ['not two parts', 'abc'],
    ['three parts', 'a.b.c'],
    ['not base64url', 'a+b.c/d'],
    ['not JSON', `${Buffer.from('{nope').toString('base64url')}.c2ln`],
    ['missing claims', signed(encode({ v: 1, org: ORG18 }))],
    ['wrong version', signed(encode({ v: 2, org: ORG18, user: USER, exp: expIn(60), jti: 'abcdefabcdefabcdef' }))],
    ['an org ID that is not 00D', signed(encode({ v: 1, org: USER, user: USER, exp: expIn(60), jti: 'abcdefabcdefabcdef' }))],
    ['a user ID that is not 005', signed(encode({ v: 1, org: ORG18, user: ORG15, exp: expIn(60), jti: 'abcdefabcdefabcdef' }))],
    ['a lifetime of a day', mintBridgeToken(SECRET, { org: ORG18, user: USER, exp: expIn(86_400) })],
  ])('refuses a malformed token (%s)', async (_what, token) => {
    const check = await verifyBridgeToken(token, options());
    expect(check).toMatchObject({ ok: false, reason: 'malformed', code: 'PSYNC_BRIDGE_TOKEN_MALFORMED' });
  });

  it('refuses a token of an org without a bridge secret', async () => {
    const check = await verifyBridgeToken(mintBridgeToken(SECRET, { org: '00D000000000002', user: USER, exp: expIn(60) }), options());
    expect(check).toMatchObject({ ok: false, reason: 'unknown_org', code: 'PSYNC_BRIDGE_TOKEN_UNKNOWN_ORG' });
  });

  it('refuses a token signed with another secret, or whose claims were changed', async () => {
    const other = await verifyBridgeToken(mintBridgeToken(generateBridgeSecret(), { org: ORG18, user: USER, exp: expIn(60) }), options());
    expect(other).toMatchObject({ ok: false, reason: 'bad_signature' });
    const [, signature] = mintBridgeToken(SECRET, { org: ORG18, user: USER, exp: expIn(60), jti: 'abcdefabcdefabcdef' }).split('.');
    const tampered = `${encode({ v: 1, org: ORG18, user: '005000000000002', exp: expIn(60), jti: 'abcdefabcdefabcdef' })}.${signature}`;
    expect(await verifyBridgeToken(tampered, options())).toMatchObject({ ok: false, reason: 'bad_signature', code: 'PSYNC_BRIDGE_TOKEN_BAD_SIGNATURE' });
    expect(await verifyBridgeToken(`${tampered.split('.')[0]}.AAAA`, options())).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses an expired token, allowing for clock skew', async () => {
    expect(await verifyBridgeToken(mintBridgeToken(SECRET, { org: ORG18, user: USER, exp: expIn(-31) }), options())).toMatchObject({ ok: false, reason: 'expired' });
    expect(await verifyBridgeToken(mintBridgeToken(SECRET, { org: ORG18, user: USER, exp: expIn(-10) }), options())).toMatchObject({ ok: true });
  });

  it('refuses a token used twice', async () => {
    const opts = options();
    const token = mintBridgeToken(SECRET, { org: ORG18, user: USER, exp: expIn(60) });
    expect(await verifyBridgeToken(token, opts)).toMatchObject({ ok: true });
    expect(await verifyBridgeToken(token, opts)).toMatchObject({ ok: false, reason: 'replayed', code: 'PSYNC_BRIDGE_TOKEN_REPLAYED' });
  });

  it('never puts the secret in a refusal', async () => {
    const check = await verifyBridgeToken(mintBridgeToken('wrong', { org: ORG18, user: USER, exp: expIn(60) }), options());
    expect(JSON.stringify(check)).not.toContain(SECRET);
  });
});

describe('the replay cache', () => {
  it('forgets a key once it expired', () => {
    let now = 0;
    const cache = new InMemoryReplayCache(() => now);
    expect(cache.remember('k', 100)).toBe(true);
    expect(cache.remember('k', 100)).toBe(false);
    now = 20_000;
    expect(cache.remember('other', 30_000)).toBe(true);
    expect(cache.size).toBe(1);
    expect(cache.remember('k', 30_000)).toBe(true);
  });
});
