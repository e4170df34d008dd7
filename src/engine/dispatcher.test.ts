import { afterEach, describe, expect, it } from 'vitest';
import { AVAILABLE, status, unavailable, type PresenceEvent } from '../domain/index.ts';
import { AVAILABLE_FOR_CHATS, BUSY, LUNCH } from '../domain/domain.fixtures.ts';
import { Dispatcher, intentIdOf, type DispatcherOptions } from './dispatcher.ts';
import { IngestService } from './ingest-service.ts';
import { LatencyTracker } from './latency-tracker.ts';
import { EngineMetrics } from './metrics.ts';
import type { AgentRef } from './ports.ts';
import { MemoryStore } from './test-support/memory-store.ts';
import { FakeWriters, untilAborted } from './test-support/writers.ts';

const started: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((d) => d.stop({ abandon: true })));
});

function setup(options: Partial<DispatcherOptions> & { maxAttempts?: number } = {}) {
  const clock = { t: 1_000_000, now: () => clock.t };
  const store = new MemoryStore(clock.now, options.maxAttempts ?? 8);
  const writers = new FakeWriters();
  const metrics = new EngineMetrics();
  const latency = new LatencyTracker();
  const held: AgentRef[] = [];
  const dispatcher = new Dispatcher({ store, cxone: writers.cxone, salesforce: writers.salesforce, consoles: { heldAgents: () => held }, owner: 'hub-a', clock, metrics, latency, ...options });
  const ingest = new IngestService({ store, clock, metrics, latency, onIntent: (key) => dispatcher.wake(key) });
  const cxChange = (agentId: string, at: number, state = AVAILABLE) =>
    ingest.ingest({ tenantId: 't1', source: 'cxone_feed', dedupKey: `${agentId}:${at}`, event: { agentId, observation: { side: 'cxone', state }, at, origin: 'cxone_feed' } });
  const sfChange = (agentId: string, at: number, statusId: string, origin: PresenceEvent['origin'] = 'console_manual') =>
    ingest.ingest({ tenantId: 't1', source: 'bridge', dedupKey: `${agentId}:sf:${at}`, event: { agentId, observation: { side: 'salesforce', presence: status(statusId) }, at, origin } });
  return { clock, store, writers, metrics, held, dispatcher, ingest, cxChange, sfChange };
}

describe('Dispatcher.runOnce', () => {
  it('records the expected echo before the write, applies the CXone intent and completes it', async () => {
    const { clock, store, writers, dispatcher, sfChange, metrics } = setup();
    await sfChange('agent-1', 999_000, BUSY.id);
    clock.t += 40;
    writers.cxoneScript = (request) => {
      expect(store.agent('t1', 'agent-1').echoes).toEqual([{ side: 'cxone', stateKey: `Unavailable:${LUNCH.id}`, expiresAt: clock.t + 60_000, commandId: intentIdOf('t1', 'agent-1', 'cxone', 1), recordedAt: clock.t }]);
      expect(request.signal.aborted).toBe(false);
      return { ok: true };
    };
    expect(await dispatcher.runOnce()).toBe(1);
    expect(writers.cxoneCalls).toMatchObject([{ tenantId: 't1', agentId: 'agent-1', state: unavailable(LUNCH), whenContactEnds: false }]);
    expect(store.row('t1', 'agent-1', 'cxone')).toMatchObject({ status: 'completed', appliedGeneration: 1, leaseOwner: null });
    expect(metrics.upstreamCalls.value({ api: 'cxone_set_state' })).toBe(1);
    expect(metrics.writes.value({ side: 'cxone', result: 'applied' })).toBe(1);
    expect(metrics.hubAddedLatency.count({ side: 'cxone' })).toBe(1);
    expect(metrics.endToEndLatency.count({ side: 'cxone' })).toBe(1);
    expect(await dispatcher.runOnce()).toBe(0);
  });

  it('claims a Salesforce intent only while this instance holds the agent console', async () => {
    const { writers, held, dispatcher, cxChange, store } = setup();
    await cxChange('agent-1', 999_000);
    expect(await dispatcher.runOnce()).toBe(0);
    held.push({ tenantId: 't1', agentId: 'agent-1' });
    expect(await dispatcher.runOnce()).toBe(1);
    expect(writers.salesforceCalls).toHaveLength(1);
    const call = writers.salesforceCalls[0]!;
    expect(call).toMatchObject({ tenantId: 't1', agentId: 'agent-1', presence: status(AVAILABLE_FOR_CHATS.id) });
    expect(call.intentId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(call.timeoutMs).toBeLessThanOrEqual(10_000);
    expect(store.row('t1', 'agent-1', 'salesforce')?.status).toBe('completed');
  });

  it('claims Salesforce intents freely when no console holder is given (single instance)', async () => {
    const { store, writers, cxChange } = setup();
    const solo = new Dispatcher({ store, cxone: writers.cxone, salesforce: writers.salesforce, owner: 'solo', clock: { now: () => 1_000_000 } });
    await cxChange('agent-1', 999_000);
    expect(await solo.runOnce()).toBe(1);
  });

  it('retries a rate-limited write no sooner than Retry-After', async () => {
    const { clock, store, writers, dispatcher, sfChange, metrics } = setup();
    await sfChange('agent-1', 999_000, BUSY.id);
    writers.cxoneScript = () => ({ ok: false, failure: { kind: 'rate_limited', code: 'PSYNC_CXONE_RATE_LIMITED', message: 'Slow down.', retryAfterMs: 45_000 } });
    await dispatcher.runOnce();
    expect(store.row('t1', 'agent-1', 'cxone')).toMatchObject({ status: 'pending', attempts: 1, runAfter: clock.t + 45_000, leaseOwner: null });
    // CXone refused the write, so the hub does not wait for its echo (nor take CXone as heading there).
    expect(store.agent('t1', 'agent-1').echoes).toEqual([]);
    expect(metrics.retries.value({ side: 'cxone' })).toBe(1);
    clock.t += 44_999;
    expect(await dispatcher.runOnce()).toBe(0);
    clock.t += 1;
    writers.cxoneScript = () => ({ ok: true });
    expect(await dispatcher.runOnce()).toBe(1);
    expect(store.row('t1', 'agent-1', 'cxone')?.status).toBe('completed');
  });

  it('dead-letters a permanent failure at once and audits it with the reason', async () => {
    const { store, writers, dispatcher, sfChange, metrics } = setup();
    await sfChange('agent-1', 999_000, BUSY.id);
    writers.cxoneScript = () => ({ ok: false, failure: { kind: 'not_found', code: 'PSYNC_CXONE_NOT_FOUND', message: 'No such agent.' } });
    await dispatcher.runOnce();
    expect(store.row('t1', 'agent-1', 'cxone')).toMatchObject({ status: 'dead' });
    expect(metrics.deadLetters.value({ side: 'cxone' })).toBe(1);
    expect(store.auditLog.at(-1)).toMatchObject({ kind: 'dispatch', outcome: 'dead', reason: 'PSYNC_CXONE_NOT_FOUND', agentId: 'agent-1', details: { target: 'cxone', generation: 1 } });
    expect(store.auditLog.at(-1)?.explanation).toContain('No such agent.');
  });

  it('dead-letters after the bounded attempts', async () => {
    const { clock, store, writers, held, dispatcher, cxChange } = setup({ maxAttempts: 2 });
    held.push({ tenantId: 't1', agentId: 'agent-1' });
    await cxChange('agent-1', 999_000);
    writers.salesforceScript = () => ({ kind: 'timed_out', commandId: 'c', why: 'no_answer' });
    await dispatcher.runOnce();
    clock.t += 60_000;
    await dispatcher.runOnce();
    expect(store.row('t1', 'agent-1', 'salesforce')).toMatchObject({ status: 'dead', attempts: 2 });
    expect(store.auditLog.at(-1)).toMatchObject({ outcome: 'dead', reason: 'PSYNC_BRIDGE_TIMED_OUT' });
    expect(writers.salesforceCalls).toHaveLength(2);
  });

  it('treats a throwing writer as a retryable failure', async () => {
    const { store, writers, dispatcher, sfChange } = setup();
    await sfChange('agent-1', 999_000, BUSY.id);
    writers.cxoneScript = () => {
      throw new Error('socket hang up');
    };
    await dispatcher.runOnce();
    expect(store.row('t1', 'agent-1', 'cxone')).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('PSYNC_SYNC_WRITER_ERROR') });
    // The write may have landed before the socket broke: its echo is still expected.
    expect(store.agent('t1', 'agent-1').echoes).toHaveLength(1);
  });

  it('aborts a write before its lease ends and retries it', async () => {
    const { store, writers, dispatcher, sfChange } = setup({ leaseMs: 2_020, leaseMarginMs: 2_000 });
    await sfChange('agent-1', 999_000, BUSY.id);
    writers.cxoneScript = async (r) => {
      await untilAborted(r.signal);
      return { ok: false, failure: { kind: 'retryable', code: 'PSYNC_CXONE_UNREACHABLE', message: 'aborted' } };
    };
    await dispatcher.runOnce();
    expect(store.row('t1', 'agent-1', 'cxone')).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('PSYNC_SYNC_WRITE_ABANDONED') });
  });

  it('does not write at all when the lease has too little time left', async () => {
    const { clock, store, writers, sfChange } = setup();
    // The dispatcher's clock runs 5 ms ahead of the store's: 1,995 ms of the lease are left, under the margin.
    const late = new Dispatcher({ store, cxone: writers.cxone, salesforce: writers.salesforce, owner: 'late', clock: { now: () => clock.t + 5 }, leaseMs: 2_000, leaseMarginMs: 1_999 });
    await sfChange('agent-1', 999_000, BUSY.id);
    await late.runOnce();
    expect(writers.cxoneCalls).toHaveLength(0);
    expect(store.row('t1', 'agent-1', 'cxone')).toMatchObject({ attempts: 1, lastError: expect.stringContaining('PSYNC_SYNC_WRITE_ABANDONED') });
  });

  it('fences a worker whose lease expired: its completion changes nothing and the next owner repeats the same generation', async () => {
    const { clock, store, writers, dispatcher, sfChange, metrics } = setup();
    await sfChange('agent-1', 999_000, BUSY.id);
    const [stale] = await store.mailbox.claim({ owner: 'hub-zombie', limit: 1, leaseMs: 30_000 });
    clock.t += 30_001;
    expect(await dispatcher.runOnce()).toBe(1);
    expect(writers.cxoneCalls).toHaveLength(1);
    expect(await store.mailbox.complete(stale!)).toBe('lost_lease');
    expect(store.row('t1', 'agent-1', 'cxone')).toMatchObject({ status: 'completed', appliedGeneration: 1 });
    expect(metrics.writes.value({ side: 'cxone', result: 'applied' })).toBe(1);
  });

  it('counts its own lost lease', async () => {
    const { clock, store, writers, dispatcher, sfChange, metrics } = setup();
    await sfChange('agent-1', 999_000, BUSY.id);
    writers.cxoneScript = async () => {
      clock.t += 31_000;
      await store.mailbox.claim({ owner: 'hub-b', limit: 1, leaseMs: 30_000 });
      return { ok: true };
    };
    await dispatcher.runOnce();
    expect(metrics.writes.value({ side: 'cxone', result: 'lost_lease' })).toBe(1);
    expect(store.row('t1', 'agent-1', 'cxone')).toMatchObject({ status: 'pending', leaseOwner: 'hub-b' });
  });

  it('applies the newer generation next when one arrived during a write', async () => {
    const { store, writers, dispatcher, sfChange } = setup();
    await sfChange('agent-1', 999_000, BUSY.id);
    writers.cxoneScript = async () => {
      writers.cxoneScript = () => ({ ok: true });
      await sfChange('agent-1', 999_500, '0N5xx0000000003AAA');
      return { ok: true };
    };
    await dispatcher.runOnce();
    expect(store.row('t1', 'agent-1', 'cxone')).toMatchObject({ status: 'pending', generation: 2, appliedGeneration: 1 });
    await dispatcher.runOnce();
    expect(writers.cxoneCalls.map((c) => c.state)).toMatchObject([{ code: { id: LUNCH.id } }, { code: { id: '12' } }]);
    expect(store.row('t1', 'agent-1', 'cxone')).toMatchObject({ status: 'completed', appliedGeneration: 2 });
  });
});

describe('Dispatcher loop', () => {
  it('applies what ingest writes, never more writes at once than its concurrency, and stops when idle', async () => {
    const { store, writers, held, dispatcher, cxChange } = setup({ concurrency: 2, pollIntervalMs: 5 });
    let running = 0;
    let peak = 0;
    writers.salesforceScript = async (r) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      return { kind: 'applied', commandId: 'c', presence: r.presence };
    };
    for (let i = 0; i < 6; i++) held.push({ tenantId: 't1', agentId: `agent-${i}` });
    dispatcher.start();
    started.push(dispatcher);
    for (let i = 0; i < 6; i++) await cxChange(`agent-${i}`, 999_000 + i);
    for (let i = 0; i < 200 && writers.salesforceCalls.length < 6; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    await dispatcher.stop();
    expect(writers.salesforceCalls).toHaveLength(6);
    expect(peak).toBeLessThanOrEqual(2);
    expect([...store.rows.values()].every((r) => r.status === 'completed')).toBe(true);
    expect(dispatcher.active).toBe(0);
  });

  it('keeps many console commands in flight at once (each waits on its own console), but at most 16 CXone writes', async () => {
    const { writers, held, dispatcher, cxChange, sfChange } = setup({ pollIntervalMs: 5 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    writers.salesforceScript = async (r) => (await gate, { kind: 'applied', commandId: 'c', presence: r.presence });
    writers.cxoneScript = async () => (await gate, { ok: true });
    for (let i = 0; i < 40; i++) held.push({ tenantId: 't1', agentId: `agent-${i}` });
    dispatcher.start();
    started.push(dispatcher);
    for (let i = 0; i < 40; i++) await cxChange(`agent-${i}`, 999_000 + i);
    for (let i = 0; i < 40; i++) await sfChange(`other-${i}`, 999_000 + i, BUSY.id);
    for (let i = 0; i < 400 && (writers.salesforceCalls.length < 40 || writers.cxoneCalls.length < 16); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(writers.salesforceCalls).toHaveLength(40);
    expect(writers.cxoneCalls).toHaveLength(16);
    release();
    for (let i = 0; i < 400 && writers.cxoneCalls.length < 40; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(writers.cxoneCalls).toHaveLength(40);
  });

  it('sends what ingest writes at once, without waiting for the next scan, and the newer generation right after a write it overtook', async () => {
    const { store, writers, held, dispatcher, cxChange, sfChange } = setup({ pollIntervalMs: 60_000 });
    held.push({ tenantId: 't1', agentId: 'agent-1' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    writers.salesforceScript = async (r) => {
      if (writers.salesforceCalls.length === 1) await gate;
      return { kind: 'applied', commandId: 'c', presence: r.presence };
    };
    dispatcher.start();
    started.push(dispatcher);
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 400 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await cxChange('agent-1', 999_000);
    await until(() => writers.salesforceCalls.length === 1);
    await cxChange('agent-1', 999_100, unavailable(LUNCH)); // while the first write is still on its way
    release();
    await until(() => writers.salesforceCalls.length === 2);
    expect(writers.salesforceCalls.map((c) => c.presence)).toEqual([status(AVAILABLE_FOR_CHATS.id), status(BUSY.id)]);
    // Another instance holds agent-2's console: its intent is left for that instance.
    await sfChange('agent-2', 999_200, BUSY.id);
    await until(() => writers.cxoneCalls.length === 1);
    await cxChange('agent-2', 999_300);
    await until(() => store.row('t1', 'agent-2', 'salesforce') !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(writers.salesforceCalls).toHaveLength(2);
    expect(store.row('t1', 'agent-2', 'salesforce')).toMatchObject({ status: 'pending', leaseOwner: null });
    expect(store.row('t1', 'agent-1', 'salesforce')).toMatchObject({ status: 'completed', appliedGeneration: 2 });
  });

  it('abandons in-flight writes on stop({ abandon }) and releases their leases without counting an attempt', async () => {
    const { store, writers, dispatcher, sfChange } = setup({ pollIntervalMs: 5 });
    let entered!: () => void;
    const inWrite = new Promise<void>((resolve) => (entered = resolve));
    writers.cxoneScript = async (r) => {
      entered();
      await untilAborted(r.signal);
      return { ok: false, failure: { kind: 'retryable', code: 'PSYNC_CXONE_UNREACHABLE', message: 'aborted' } };
    };
    dispatcher.start();
    await sfChange('agent-1', 999_000, BUSY.id);
    await inWrite;
    await dispatcher.stop({ abandon: true });
    expect(store.row('t1', 'agent-1', 'cxone')).toMatchObject({ status: 'pending', attempts: 0, leaseOwner: null });
  });

  it('keeps going after a failing claim and reports the error', async () => {
    const { store, writers, sfChange } = setup();
    const errors: unknown[] = [];
    let failures = 1;
    const flaky = {
      ...store,
      mailbox: {
        ...store.mailbox,
        claim: async (o: Parameters<typeof store.mailbox.claim>[0]) => {
          if (failures-- > 0) throw new Error('database is locked');
          return store.mailbox.claim(o);
        },
      },
      syncState: store.syncState,
      audit: store.audit,
    };
    const d = new Dispatcher({ store: flaky, cxone: writers.cxone, salesforce: writers.salesforce, owner: 'x', clock: { now: () => 1_000_000 }, pollIntervalMs: 2, onError: (e) => errors.push(e) });
    started.push(d);
    await sfChange('agent-1', 999_000, BUSY.id);
    d.start();
    for (let i = 0; i < 200 && writers.cxoneCalls.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    await d.stop();
    expect(errors).toHaveLength(1);
    expect(writers.cxoneCalls).toHaveLength(1);
  });

  it('refuses a lease shorter than its margin', () => {
    const { store, writers } = setup();
    expect(() => new Dispatcher({ store, cxone: writers.cxone, salesforce: writers.salesforce, owner: 'x', leaseMs: 1_000, leaseMarginMs: 1_000 })).toThrow('PSYNC_ENGINE_CONFIG');
  });
});
