import { describe, expect, it } from 'vitest';
import { createStore, migrateToLatest, openDatabase, type HealthFinding, type Store } from '../../store/index.ts';
import { fakeCipher, ManualClock } from '../../store/test-support/fakes.ts';
import { AlertSender, RETRY_DELAYS_MS } from './sender.ts';
import { verifySignature } from './webhook.ts';

const finding = (code: string): HealthFinding => ({ code, severity: 'critical', affected: { agents: [], rules: [], agentCount: 0, ruleCount: 0 }, params: { side: 'cxone' } });
const quiet = { info: () => {}, warn: () => {} };

async function world(perHour = 20) {
  const database = await openDatabase({ url: ':memory:' });
  await migrateToLatest(database);
  const clock = new ManualClock();
  const store: Store = createStore(database, { cipher: fakeCipher, clock });
  await store.tenants.upsert({ id: 't1', name: 'One' });
  const posts: { url: string; body: string; headers: Record<string, string> }[] = [];
  let answer = 200;
  const fetchStub = (async (url: string, init: RequestInit) => {
    posts.push({ url, body: String(init.body), headers: init.headers as Record<string, string> });
    return new Response(answer === 200 ? 'ok' : 'nope', { status: answer });
  }) as unknown as typeof fetch;
  const sender = new AlertSender({ store, ownedTenants: () => ['t1'], perHour, logger: quiet, fetch: fetchStub, now: clock.now });
  await store.alerts.save({ tenantId: 't1', id: 'hook', kind: 'webhook', name: 'Hook', enabled: true, minSeverity: 'warning', language: 'en', smtp: null, urlHint: 'https://hooks.example' }, { url: 'https://hooks.example/in', signingSecret: 'a signing secret of ours' });
  const apply = (findings: HealthFinding[]) => store.health.apply('t1', findings, { now: clock.now(), clearAfterMs: 0, instanceId: 'hub' });
  return { store, clock, sender, posts, apply, setAnswer: (status: number) => (answer = status), close: () => database.close() };
}

describe('alert sender', () => {
  it('sends each opening and clearing once, signed, and never again for a problem found again', async () => {
    const w = await world();
    await w.apply([finding('PSYNC_HEALTH_CONNECTION_INCOMPLETE')]);
    await w.sender.runOnce();
    await w.apply([finding('PSYNC_HEALTH_CONNECTION_INCOMPLETE')]);
    await w.sender.runOnce();
    w.clock.advance(1000);
    await w.apply([]);
    await w.sender.runOnce();
    expect(w.posts.map((p) => JSON.parse(p.body).type)).toEqual(['problem.opened', 'problem.cleared']);
    const [first] = w.posts;
    const body = JSON.parse(first!.body);
    expect(body.events[0].problem).toMatchObject({ code: 'PSYNC_HEALTH_CONNECTION_INCOMPLETE', severity: 'critical', title: 'Problem: The account mapping is incomplete' });
    const headers = { timestamp: first!.headers['x-presence-sync-timestamp'], signature: first!.headers['x-presence-sync-signature'] };
    expect(verifySignature('a signing secret of ours', headers, first!.body, Math.floor(w.clock.now() / 1000))).toBe(true);
    expect(verifySignature('another secret entirely', headers, first!.body, Math.floor(w.clock.now() / 1000))).toBe(false);
    expect(verifySignature('a signing secret of ours', headers, `${first!.body} `, Math.floor(w.clock.now() / 1000))).toBe(false);
    // A delivery replayed ten minutes later is refused by its timestamp.
    expect(verifySignature('a signing secret of ours', headers, first!.body, Math.floor(w.clock.now() / 1000) + 600)).toBe(false);
    await w.close();
  });

  it('holds what exceeds the hourly limit and sends it as one digest when the hour allows', async () => {
    const w = await world(2);
    const codes = ['PSYNC_HEALTH_FEED_LAG', 'PSYNC_HEALTH_RATE_LIMITED', 'PSYNC_HEALTH_DEAD_LETTERS'];
    for (let n = 1; n <= codes.length; n++) {
      await w.apply(codes.slice(0, n).map(finding));
      await w.sender.runOnce();
      w.clock.advance(1000);
    }
    await w.apply([]);
    await w.sender.runOnce();
    expect(w.posts).toHaveLength(2);
    w.clock.advance(3_600_000);
    await w.sender.runOnce();
    expect(w.posts).toHaveLength(3);
    const digest = JSON.parse(w.posts[2]!.body);
    expect(digest.type).toBe('digest');
    expect(digest.events.map((e: { event: string; problem: { code: string } }) => `${e.event} ${e.problem.code}`).sort()).toEqual([
      'cleared PSYNC_HEALTH_DEAD_LETTERS',
      'cleared PSYNC_HEALTH_FEED_LAG',
      'cleared PSYNC_HEALTH_RATE_LIMITED',
      'opened PSYNC_HEALTH_DEAD_LETTERS',
    ]);
    await w.close();
  });

  it('tries a refused delivery again later, gives it up after the last try, and reports the receiver’s answer', async () => {
    const w = await world();
    w.setAnswer(500);
    await w.apply([finding('PSYNC_HEALTH_FEED_LAG')]);
    for (const delay of RETRY_DELAYS_MS) {
      await w.sender.runOnce();
      await w.sender.runOnce();
      w.clock.advance(delay);
    }
    await w.sender.runOnce();
    expect(w.posts).toHaveLength(RETRY_DELAYS_MS.length + 1);
    const [delivery] = await w.store.alerts.recent('t1', 5);
    expect(delivery).toMatchObject({ status: 'failed', attempts: RETRY_DELAYS_MS.length + 1, lastError: 'The receiver answered HTTP 500: nope.' });
    expect(await w.sender.sendTest('t1', 'hook')).toEqual({ ok: false, error: 'The receiver answered HTTP 500: nope.' });
    w.setAnswer(200);
    expect(await w.sender.sendTest('t1', 'hook')).toEqual({ ok: true });
    expect(JSON.parse(w.posts.at(-1)!.body)).toMatchObject({ type: 'problem.test', events: [{ problem: { title: 'Test alert from presence-sync' } }] });
    await w.close();
  });
});
