import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCxoneEmulator, type CxoneEmulator, type SeedResult } from '../../emulators/cxone/index.ts';
import { createCxoneConnector, systemClock, type Clock, type CxoneConnector, type RateLimit } from '../../src/connectors/cxone/index.ts';
import { recordingFetch, type RecordedCall } from '../../src/connectors/cxone/test-support/feed-store.ts';
import { cxoneSettingsOf } from './support/cxone-settings.ts';

/** Every fault the emulator can script, as the connector sees it. */

const FEED = '/inContactAPI/services/*/agents/states';
const TEAMS = '/inContactAPI/services/*/teams';

let emulator: CxoneEmulator;
let seed: SeedResult;
let calls: RecordedCall[];
let emulatorTime: number;

beforeEach(async () => {
  emulatorTime = Date.UTC(2026, 0, 5, 9);
  emulator = await createCxoneEmulator({ now: () => (emulatorTime += 1) });
  seed = emulator.control.seed({ agents: 20, teams: 2 });
});

afterEach(async () => {
  await emulator.close();
});

function connect(options: { clock?: Clock; timeoutMs?: number; rateLimit?: RateLimit; refreshBeforeExpiryMs?: number } = {}): CxoneConnector {
  const recorded = recordingFetch();
  calls = recorded.calls;
  const settings = cxoneSettingsOf(emulator, seed);
  return createCxoneConnector({ connections: { get: async () => settings }, fetch: recorded.fetch, ...options });
}

const grants = () => calls.filter((c) => c.path === '/auth/token').map((c) => c.grant);

describe('CXone faults', () => {
  it('429 with Retry-After: rate_limited with the wait, and the next call of the tenant waits it out', async () => {
    // A clock that skips the waits it is asked for, so that the test need not sit them out.
    const sleeps: number[] = [];
    let skipped = 0;
    const clock: Clock = { now: () => Date.now() + skipped, sleep: async (ms) => void (sleeps.push(ms), (skipped += ms)) };
    const client = connect({ clock }).client('acme');
    emulator.control.addFault({ path: TEAMS, action: { type: 'status', status: 429, retryAfterSeconds: 2 } });
    expect(await client.listTeams()).toMatchObject({ ok: false, failure: { kind: 'rate_limited', status: 429, retryAfterMs: 2000 } });
    expect((await client.listTeams()).ok).toBe(true);
    expect(sleeps.some((ms) => ms >= 1900)).toBe(true);
  });

  it('503: retryable, and the call works once the fault is gone', async () => {
    const client = connect().client('acme');
    emulator.control.addFault({ path: TEAMS, action: { type: 'status', status: 503, retryAfterSeconds: 1 } });
    expect(await client.listTeams()).toMatchObject({ ok: false, failure: { kind: 'retryable', status: 503, retryAfterMs: 1000 } });
    expect((await client.listTeams()).ok).toBe(true);
  });

  it('latency: a slow answer within the timeout is fine, one beyond it is retryable', async () => {
    const client = connect({ timeoutMs: 1000 }).client('acme');
    await client.listTeams(); // sign in first, so only the API call is slow
    emulator.control.addFault({ path: TEAMS, action: { type: 'latency', ms: 20 } });
    expect((await client.listTeams()).ok).toBe(true);
    emulator.control.addFault({ path: TEAMS, action: { type: 'latency', ms: 1500 } });
    expect(await client.listTeams()).toMatchObject({ ok: false, failure: { kind: 'retryable', status: 0, code: 'PSYNC_CXONE_UNREACHABLE' } });
  });

  it('a dropped connection is retryable', async () => {
    const client = connect().client('acme');
    emulator.control.addFault({ path: TEAMS, action: { type: 'drop' } });
    expect(await client.listTeams()).toMatchObject({ ok: false, failure: { kind: 'retryable', status: 0 } });
  });

  it('revoked tokens: one 401, a new sign-in (the refresh token is revoked too), and the call succeeds', async () => {
    const client = connect().client('acme');
    await client.listTeams();
    emulator.control.revokeTokens(seed.tenant.tenantId);
    expect((await client.listTeams()).ok).toBe(true);
    expect(grants()).toEqual(['password', 'refresh_token', 'password']);
    expect(calls.filter((c) => c.path.endsWith('/teams')).map((c) => c.status)).toEqual([200, 401, 200]);
  });

  it('a scripted 401 renews the token through the refresh grant', async () => {
    const client = connect().client('acme');
    await client.listTeams();
    emulator.control.addFault({ path: TEAMS, action: { type: 'status', status: 401 } });
    expect((await client.listTeams()).ok).toBe(true);
    expect(grants()).toEqual(['password', 'refresh_token']);
  });

  it('concurrent calls that meet one revoked token share one renewal', async () => {
    const client = connect().client('acme');
    await client.listTeams();
    emulator.control.revokeTokens();
    const results = await Promise.all(Array.from({ length: 8 }, () => client.listTeams()));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(grants()).toEqual(['password', 'refresh_token', 'password']);
  });

  it('a token that expires mid-stream (CXone clock ahead) is renewed on its 401 and the stream goes on', async () => {
    const client = connect().client('acme');
    const first = await client.agentStates();
    expect(first.ok).toBe(true);
    emulatorTime += 3601_000; // the access token (and, at 7200 s, not yet the refresh token) has expired for CXone
    emulator.control.setState(seed.agentIds[0]!, 'Unavailable');
    const next = await client.agentStates(first.ok ? first.value.lastPollTime! : undefined);
    expect(next.ok && next.value.rows.map((r) => r.agentId)).toEqual([String(seed.agentIds[0])]);
    expect(grants()).toEqual(['password', 'refresh_token']);
  });

  it('a token that nears expiry on a shared clock is refreshed before CXone refuses it', async () => {
    emulator.control.setTokenLifetime(60, 120);
    const clock: Clock = { now: () => emulatorTime, sleep: systemClock.sleep };
    const client = connect({ clock, refreshBeforeExpiryMs: 10_000 }).client('acme');
    await client.listTeams();
    emulatorTime += 55_000;
    expect((await client.listTeams()).ok).toBe(true);
    emulatorTime += 55_000;
    expect((await client.listTeams()).ok).toBe(true);
    expect(grants()).toEqual(['password', 'refresh_token', 'refresh_token']);
    expect(calls.filter((c) => c.status === 401)).toEqual([]);
    emulatorTime += 500_000; // both tokens long expired: a fresh sign-in, still without a 401
    expect((await client.listTeams()).ok).toBe(true);
    expect(grants().at(-1)).toBe('password');
    expect(calls.filter((c) => c.status === 401)).toEqual([]);
  });

  it('the per-tenant rate limit paces calls without failing them', async () => {
    const sleeps: number[] = [];
    const clock: Clock = { now: systemClock.now, sleep: (ms, signal) => (sleeps.push(ms), systemClock.sleep(ms, signal)) };
    const client = connect({ clock, rateLimit: { burst: 2, perSecond: 100 } }).client('acme');
    const results = await Promise.all(Array.from({ length: 6 }, () => client.listTeams()));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(sleeps.length).toBeGreaterThan(0);
  });

  it('an unexpected body on a 200 is permanent and says so', async () => {
    const client = connect().client('acme');
    emulator.control.addFault({ path: TEAMS, action: { type: 'status', status: 200, body: { teams: 'not a list' } } });
    expect(await client.listTeams()).toMatchObject({ ok: false, failure: { kind: 'permanent', code: 'PSYNC_CXONE_UNEXPECTED_RESPONSE' } });
  });

  it('repeated and late feed rows reach the caller; the feed remains complete', async () => {
    const client = connect().client('acme');
    const start = await client.agentStates();
    let since = start.ok ? start.value.lastPollTime! : '';
    const poll = async () => {
      const r = await client.agentStates(since);
      if (!r.ok) throw new Error(r.failure.message);
      since = r.value.lastPollTime ?? since;
      return r.value.rows.map((row) => `${row.agentId}:${row.stateName}`);
    };
    const [a, b] = [seed.agentIds[0]!, seed.agentIds[1]!];
    emulator.control.addFault({ path: FEED, action: { type: 'duplicateRows', where: 'same' } });
    emulator.control.setState(a, 'Unavailable');
    expect(await poll()).toEqual([`${a}:Unavailable`, `${a}:Unavailable`]);
    emulator.control.addFault({ path: FEED, action: { type: 'lateRows' } });
    emulator.control.setState(b, 'Unavailable');
    expect(await poll()).toEqual([]);
    emulator.control.setState(a, 'Available');
    expect(await poll()).toEqual([`${a}:Available`, `${b}:Unavailable`]);
    emulator.control.addFault({ path: FEED, action: { type: 'duplicateRows', where: 'next' } });
    emulator.control.setState(b, 'Available');
    expect(await poll()).toEqual([`${b}:Available`]);
    expect(await poll()).toEqual([`${b}:Available`]);
  });
});
