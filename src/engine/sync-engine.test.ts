import { afterEach, describe, expect, it } from 'vitest';
import { status } from '../domain/index.ts';
import { BUSY, LUNCH } from '../domain/domain.fixtures.ts';
import { createSyncEngine, type SyncEngine } from './sync-engine.ts';
import { MemoryStore } from './test-support/memory-store.ts';
import { FakeWriters } from './test-support/writers.ts';

const engines: SyncEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop({ abandon: true })));
});

describe('createSyncEngine', () => {
  it('ingests, dispatches, reconciles and renders metrics; stop leaves it idle', async () => {
    const store = new MemoryStore(() => Date.now());
    store.linked.set('t1', ['agent-1']);
    const writers = new FakeWriters();
    const reports: unknown[] = [];
    const engine = createSyncEngine({ store, cxone: writers.cxone, salesforce: writers.salesforce, instanceId: 'hub-1', dispatch: { pollIntervalMs: 5 }, reconcile: { intervalMs: 5, onReport: (r) => reports.push(r) } });
    engines.push(engine);
    engine.start();
    const result = await engine.ingest({ tenantId: 't1', source: 'bridge', dedupKey: 'e1', event: { agentId: 'agent-1', observation: { side: 'salesforce', presence: status(BUSY.id) }, at: Date.now() - 10, origin: 'console_manual' } });
    expect(result).toMatchObject({ status: 'applied', decision: { outcome: 'write' } });
    for (let i = 0; i < 200 && (writers.cxoneCalls.length === 0 || reports.length === 0); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    await engine.stop();
    expect(writers.cxoneCalls).toMatchObject([{ agentId: 'agent-1', state: { kind: 'Unavailable', code: LUNCH } }]);
    expect(reports.length).toBeGreaterThan(0);
    expect(await engine.reconcile()).toMatchObject({ checked: 1 });
    engine.wake();
    const text = engine.renderMetrics();
    expect(text).toContain('presence_sync_decisions_total{outcome="write",side="salesforce"} 1');
    expect(text).toContain('presence_sync_upstream_calls_total{api="cxone_set_state"} 1');
  });

  it('can run without reconciliation', async () => {
    const store = new MemoryStore(() => Date.now());
    const writers = new FakeWriters();
    const engine = createSyncEngine({ store, cxone: writers.cxone, salesforce: writers.salesforce, instanceId: 'hub-1', reconcile: false, consoles: { heldAgents: () => [] } });
    engine.start();
    await engine.stop();
    expect(engine.metrics.writes.value({ side: 'cxone', result: 'applied' })).toBe(0);
  });
});
