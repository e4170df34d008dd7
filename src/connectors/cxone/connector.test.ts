import { describe, expect, it } from 'vitest';
import { generateCxoneAccessKey } from './access-keys.ts';
import type { CxoneConnectionSettings } from './connection.ts';
import { issuerOf } from './connection.ts';
import { createCxoneConnector } from './connector.ts';
import { ManualClock, SETTINGS, discoveryAnswer, fakeFetch, json, tokenAnswer } from './test-support/fakes.ts';

function api(route: (path: string) => Response) {
  return fakeFetch((req) => {
    if (req.url.pathname === '/auth/token') return tokenAnswer();
    if (req.url.pathname === '/.well-known/cxone-configuration') return discoveryAnswer();
    return route(req.url.pathname);
  });
}

describe('createCxoneConnector', () => {
  it("reads each tenant's connection once and keeps one token per tenant", async () => {
    const reads: string[] = [];
    const { fetch, seen } = api(() => json(200, { teams: [] }));
    const connector = createCxoneConnector({
      connections: { get: async (tenant) => (reads.push(tenant), SETTINGS) },
      fetch,
      clock: new ManualClock(),
    });
    await connector.client('a').listTeams();
    await connector.client('a').listTeams();
    await connector.client('b').listTeams();
    expect(reads).toEqual(['a', 'b']);
    expect(seen.filter((s) => s.url.pathname === '/auth/token')).toHaveLength(2);
    connector.forget('a');
    await connector.client('a').listTeams();
    expect(reads).toEqual(['a', 'b', 'a']);
  });

  it('says what is missing when a tenant has no usable connection', async () => {
    const connector = createCxoneConnector({
      connections: { get: async (tenant) => (tenant === 'half' ? ({ clientId: 'x' } as CxoneConnectionSettings) : undefined) },
      fetch: api(() => json(200, {})).fetch,
    });
    expect(await connector.client('none').listTeams()).toMatchObject({ ok: false, failure: { kind: 'auth', code: 'PSYNC_CXONE_NOT_CONFIGURED' } });
    expect(await connector.client('half').listTeams()).toMatchObject({ ok: false, failure: { code: 'PSYNC_CXONE_NOT_CONFIGURED' } });
    expect(await connector.generateAccessKey('none', 'u-1')).toMatchObject({ ok: false, failure: { code: 'PSYNC_CXONE_NOT_CONFIGURED' } });
  });

  it('reports a connection store that cannot be read, and reads it again next time', async () => {
    let calls = 0;
    const connector = createCxoneConnector({
      connections: { get: async () => (++calls === 1 ? Promise.reject(new Error('vault sealed')) : SETTINGS) },
      fetch: api(() => json(200, { teams: [] })).fetch,
    });
    expect(await connector.client('a').listTeams()).toMatchObject({ ok: false, failure: { kind: 'retryable', code: 'PSYNC_CXONE_CONNECTION_UNREADABLE' } });
    expect(await connector.client('a').listTeams()).toEqual({ ok: true, value: [] });
  });
});

describe('generateCxoneAccessKey', () => {
  it('generates a key for a user with the given credentials', async () => {
    const { fetch, seen } = api(() => json(200, { resultSet: { accessKeyId: 'NEW', accessKeySecret: 'S', userId: 'u-9', isActive: true } }));
    expect(await generateCxoneAccessKey(SETTINGS, 'u-9', { fetch, clock: new ManualClock() })).toEqual({ ok: true, value: { accessKeyId: 'NEW', accessKeySecret: 'S', userId: 'u-9', isActive: true } });
    const post = seen.find((s) => s.url.pathname === '/access-key-management/v1/access-keys');
    expect(post?.url.href).toBe('https://api.test/access-key-management/v1/access-keys');
    expect(JSON.parse(post?.body ?? '')).toEqual({ userId: 'u-9', tenantId: 't-1' });
  });

  it('refuses incomplete credentials', async () => {
    expect(await generateCxoneAccessKey({ ...SETTINGS, accessKeySecret: ' ' }, 'u-9')).toMatchObject({ ok: false, failure: { kind: 'invalid', code: 'PSYNC_CXONE_CONNECTION_INCOMPLETE' } });
  });
});

describe('issuerOf', () => {
  it('picks the issuer of the environment unless one is given', () => {
    expect(issuerOf({ ...SETTINGS, issuer: undefined })).toBe('https://cxone.niceincontact.com');
    expect(issuerOf({ ...SETTINGS, issuer: undefined, environment: 'fedramp' })).toBe('https://cxone-gov.niceincontact.com');
    expect(issuerOf({ ...SETTINGS, issuer: 'http://127.0.0.1:9/' })).toBe('http://127.0.0.1:9');
  });
});
