import { afterEach, describe, expect, it } from 'vitest';
import { AVAILABLE, LOGGED_OUT, status, type AcdState, type Origin, type SalesforcePresence } from '../domain/index.ts';
import { AVAILABLE_FOR_CHATS, BUSY, sfStatus } from '../domain/domain.fixtures.ts';
import { IngestService } from './ingest-service.ts';
import { EngineMetrics } from './metrics.ts';
import { Reconciler, type ReconcileReport } from './reconciler.ts';
import { MemoryStore } from './test-support/memory-store.ts';

const running: Reconciler[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

function setup(agents = ['agent-1']) {
  const clock = { t: 1_000_000, now: () => clock.t };
  const store = new MemoryStore(clock.now);
  store.linked.set('t1', agents);
  const metrics = new EngineMetrics();
  const ingest = new IngestService({ store, clock, metrics });
  const reconciler = new Reconciler({ store, ingest, clock, metrics });
  const observe = (agentId: string, cxone: [AcdState, number] | undefined, salesforce: [SalesforcePresence, number, Origin?] | undefined) => {
    store.agent('t1', agentId).observed = {
      ...(cxone ? { cxone: { value: cxone[0], at: cxone[1], origin: 'cxone_feed' as const } } : {}),
      ...(salesforce ? { salesforce: { value: salesforce[0], at: salesforce[1], origin: salesforce[2] ?? ('console_manual' as const) } } : {}),
    };
  };
  return { clock, store, metrics, ingest, reconciler, observe };
}

describe('Reconciler', () => {
  it('finds nothing to do when both sides agree', async () => {
    const { reconciler, observe } = setup();
    observe('agent-1', [AVAILABLE, 900_000], [sfStatus(AVAILABLE_FOR_CHATS), 900_100]);
    expect(await reconciler.runPass()).toMatchObject({ checked: 1, diverged: [], healing: [], unhealed: [] });
  });

  it('heals a divergence through ingest with an audited reconcile decision, and is quiet once the heal is observed', async () => {
    const { store, reconciler, observe, metrics, ingest } = setup();
    observe('agent-1', [AVAILABLE, 900_000], [sfStatus(BUSY), 800_000]);
    const report = await reconciler.runPass();
    expect(report).toMatchObject({ checked: 1, diverged: [{ tenantId: 't1', agentId: 'agent-1' }], healing: [{ agentId: 'agent-1' }], unhealed: [] });
    expect(metrics.agentsDiverged.value({ tenant: 't1' })).toBe(1);
    expect(store.row('t1', 'agent-1', 'salesforce')).toMatchObject({ status: 'pending', sourceAt: 900_001, desired: { presence: sfStatus(AVAILABLE_FOR_CHATS) } });
    expect(store.auditLog.at(-1)).toMatchObject({ kind: 'decision', outcome: 'write', reason: 'publisher_row', details: { event: { origin: 'reconcile' } } });
    // In flight: not counted again.
    expect(await reconciler.runPass()).toMatchObject({ diverged: [] });
    const [claim] = await store.mailbox.claim({ owner: 'x', limit: 1, leaseMs: 1_000 });
    await store.mailbox.complete(claim!);
    await store.syncState.expectEcho('t1', 'agent-1', { side: 'salesforce', stateKey: `status:${AVAILABLE_FOR_CHATS.id.toLowerCase()}`, expiresAt: 2_000_000 });
    await ingest.ingest({ tenantId: 't1', source: 'bridge', dedupKey: 'echo', event: { agentId: 'agent-1', observation: { side: 'salesforce', presence: status(AVAILABLE_FOR_CHATS.id) }, at: 999_000, origin: 'console_toolkit' } });
    expect(await reconciler.runPass()).toMatchObject({ diverged: [], unhealed: [] });
    expect(metrics.agentsDiverged.value({ tenant: 't1' })).toBe(0);
  });

  it('re-asserts one observation once, even when two instances reconcile at the same time', async () => {
    const { store, ingest, observe } = setup();
    observe('agent-1', [AVAILABLE, 900_000], [sfStatus(BUSY), 800_000]);
    const other = new Reconciler({ store, ingest });
    const mine = new Reconciler({ store, ingest });
    const [a, b] = await Promise.all([mine.runPass(), other.runPass()]);
    expect(a.healing.length + b.healing.length).toBe(1);
    expect(store.auditLog.filter((e) => (e.details as { event?: { origin?: string } }).event?.origin === 'reconcile')).toHaveLength(1);
  });

  it('counts as in sync what decide finds settled: a previous state the hub never set asks nothing of CXone', async () => {
    const { reconciler, observe, metrics, store } = setup();
    // CXone Lunch (set by the agent), Salesforce Available for Chats, whose row asks for the previous state: there is none.
    observe('agent-1', [{ kind: 'Unavailable', code: { id: '11', name: 'Lunch' } }, 900_000], [sfStatus(AVAILABLE_FOR_CHATS), 950_000]);
    expect(await reconciler.runPass()).toMatchObject({ diverged: [], healing: [], unhealed: [] });
    expect(metrics.agentsDiverged.value({ tenant: 't1' })).toBe(0);
    expect(store.auditLog.at(-1)).toMatchObject({ outcome: 'noop', reason: 'previous_state_unknown' });
  });

  it('reports an agent it cannot heal, with the reason', async () => {
    const { reconciler, observe, metrics } = setup();
    observe('agent-1', [LOGGED_OUT, 900_000], [sfStatus(BUSY), 950_000]);
    const report = await reconciler.runPass();
    expect(report.unhealed).toEqual([{ tenantId: 't1', agentId: 'agent-1', reason: 'cxone_logged_out', explanation: expect.stringContaining('logged out') }]);
    expect(metrics.reconcileUnhealed.value({ tenant: 't1' })).toBe(1);
  });

  it('skips agents with an intent in flight, without a rule, never observed, and tenants with sync off', async () => {
    const { store, reconciler, observe, ingest } = setup(['a', 'b', 'c']);
    await ingest.ingest({ tenantId: 't1', source: 'cxone_feed', dedupKey: 'k', event: { agentId: 'a', observation: { side: 'cxone', state: AVAILABLE }, at: 900_000, origin: 'cxone_feed' } });
    observe('a', [AVAILABLE, 900_000], [sfStatus(BUSY), 800_000]);
    store.directory.set('t1/b', { rules: [] });
    observe('b', [AVAILABLE, 900_000], [sfStatus(BUSY), 800_000]);
    expect(await reconciler.runPass()).toMatchObject({ checked: 3, diverged: [] });
    store.switches.set('t1', { salesforceAdapter: true, presenceSync: false });
    expect(await reconciler.runPass()).toMatchObject({ checked: 0 });
  });

  it('runs periodically and reports each pass until stopped', async () => {
    const { store, ingest, observe } = setup();
    observe('agent-1', [AVAILABLE, 900_000], [sfStatus(AVAILABLE_FOR_CHATS), 900_100]);
    const reports: ReconcileReport[] = [];
    const errors: unknown[] = [];
    const r = new Reconciler({ store, ingest, intervalMs: 1, onReport: (report) => reports.push(report), onError: (e) => errors.push(e) });
    running.push(r);
    r.start();
    r.start();
    for (let i = 0; i < 200 && reports.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    await r.stop();
    const seen = reports.length;
    expect(seen).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reports.length).toBe(seen);
    expect(errors).toEqual([]);
  });

  it('reports a failing pass and keeps its schedule', async () => {
    const { store, ingest } = setup();
    const errors: unknown[] = [];
    const broken = { ...store, tenants: { list: async () => Promise.reject(new Error('database is locked')) } };
    const r = new Reconciler({ store: broken, ingest, intervalMs: 1, onError: (e) => errors.push(e) });
    running.push(r);
    r.start();
    for (let i = 0; i < 200 && errors.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    await r.stop();
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});
