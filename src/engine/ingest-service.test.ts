import { describe, expect, it } from 'vitest';
import { AVAILABLE, status, type PresenceEvent } from '../domain/index.ts';
import { AVAILABLE_FOR_CHATS, BUSY, LUNCH } from '../domain/domain.fixtures.ts';
import { IngestService } from './ingest-service.ts';
import { LatencyTracker } from './latency-tracker.ts';
import { consoleServeKey } from './serve-key.ts';
import { MemoryStore } from './test-support/memory-store.ts';

function setup() {
  let now = 1_000_000;
  const store = new MemoryStore(() => now);
  const latency = new LatencyTracker();
  let woken = 0;
  const service = new IngestService({ store, clock: { now: () => now }, latency, onIntent: () => woken++ });
  return { store, service, latency, advance: (ms: number) => (now += ms), woken: () => woken };
}

const cx = (at: number, state = AVAILABLE): PresenceEvent => ({ agentId: 'agent-1', observation: { side: 'cxone', state }, at, origin: 'cxone_feed' });
const sf = (at: number, statusId: string, origin: PresenceEvent['origin'] = 'console_manual'): PresenceEvent => ({ agentId: 'agent-1', observation: { side: 'salesforce', presence: status(statusId) }, at, origin });

describe('IngestService', () => {
  it('decides a CXone change into a Salesforce intent routed to the console holder, and counts it', async () => {
    const { store, service, latency, woken } = setup();
    const result = await service.ingest({ tenantId: 't1', event: cx(999_000), source: 'cxone_feed', dedupKey: 'k1', checkpoint: { source: 'cxone_feed', position: 'p1' } });
    expect(result).toMatchObject({ status: 'applied', decision: { outcome: 'write', write: { side: 'salesforce', presence: status(AVAILABLE_FOR_CHATS.id) } }, intent: { target: 'salesforce', upsert: { outcome: 'inserted', generation: 1 } } });
    expect(store.row('t1', 'agent-1', 'salesforce')).toMatchObject({ status: 'pending', serveKey: consoleServeKey('t1', 'agent-1'), sourceAt: 999_000 });
    expect(store.checkpoints.get('t1|cxone_feed')).toBe('p1');
    expect(service.metrics.decisions.value({ outcome: 'write', side: 'cxone' })).toBe(1);
    expect(service.metrics.decisionLatency.count({ side: 'cxone' })).toBe(1);
    expect(latency.take('t1', 'agent-1', 'salesforce', 1)).toBe(1_000_000);
    expect(woken()).toBe(1);
    expect(store.auditLog).toHaveLength(1);
  });

  it('drops a duplicate without deciding again', async () => {
    const { store, service, woken } = setup();
    await service.ingest({ tenantId: 't1', event: cx(999_000), source: 'cxone_feed', dedupKey: 'k1' });
    expect(await service.ingest({ tenantId: 't1', event: cx(999_000), source: 'cxone_feed', dedupKey: 'k1' })).toEqual({ status: 'duplicate' });
    expect(service.metrics.duplicates.value({ source: 'cxone_feed' })).toBe(1);
    expect(store.auditLog).toHaveLength(1);
    expect(woken()).toBe(1);
  });

  it('maps a Salesforce change to a CXone intent with no serve key and counts a suppressed echo', async () => {
    const { store, service } = setup();
    await store.syncState.expectEcho('t1', 'agent-1', { side: 'salesforce', stateKey: `status:${BUSY.id.toLowerCase()}`, expiresAt: 2_000_000 });
    const echo = await service.ingest({ tenantId: 't1', event: sf(999_000, BUSY.id, 'console_toolkit'), source: 'bridge', dedupKey: 'e1' });
    expect(echo).toMatchObject({ decision: { outcome: 'echo' } });
    expect(service.metrics.echoesSuppressed.value({ side: 'salesforce' })).toBe(1);
    const manual = await service.ingest({ tenantId: 't1', event: sf(999_500, AVAILABLE_FOR_CHATS.id), source: 'bridge', dedupKey: 'e2' });
    expect(manual).toMatchObject({ decision: { outcome: 'noop', reason: 'previous_state_unknown' } });
    const lunch = await service.ingest({ tenantId: 't1', event: sf(999_600, BUSY.id), source: 'bridge', dedupKey: 'e3' });
    expect(lunch).toMatchObject({ decision: { outcome: 'write', write: { side: 'cxone', state: { kind: 'Unavailable', code: LUNCH } } } });
    expect(store.row('t1', 'agent-1', 'cxone')).toMatchObject({ serveKey: null });
  });

  it("sends a connecting console CXone's state even after that state was written once, and does not measure an event from the future", async () => {
    const { store, service, woken } = setup();
    await service.ingest({ tenantId: 't1', event: cx(1_500_000), source: 'cxone_feed', dedupKey: 'k1' });
    expect(service.metrics.decisionLatency.count({ side: 'cxone' })).toBe(0);
    expect(woken()).toBe(1);
    const [claim] = await store.mailbox.claim({ owner: 'me', limit: 1, leaseMs: 30_000 });
    expect(await store.mailbox.complete(claim!)).toBe('completed');
    // The console (re)connects showing Busy: the write CXone's state asks for goes out again.
    const connected = await service.ingest({ tenantId: 't1', event: sf(1_400_000, BUSY.id, 'console_connected'), source: 'bridge', dedupKey: 'hello' });
    expect(connected).toMatchObject({ decision: { outcome: 'write', reason: 'initial_sync' }, intent: { upsert: { outcome: 'replaced', generation: 2 } } });
    expect(store.row('t1', 'agent-1', 'salesforce')).toMatchObject({ status: 'pending', sourceAt: 1_500_000 });
    expect(woken()).toBe(2);
  });

  it('lets a failing transaction fail the call and change nothing', async () => {
    const { store, service } = setup();
    store.failNextIngest = new Error('disk full');
    await expect(service.ingest({ tenantId: 't1', event: cx(999_000), source: 'cxone_feed', dedupKey: 'k1' })).rejects.toThrow('disk full');
    expect(store.auditLog).toHaveLength(0);
    expect(await service.ingest({ tenantId: 't1', event: cx(999_000), source: 'cxone_feed', dedupKey: 'k1' })).toMatchObject({ status: 'applied' });
  });
});

describe('LatencyTracker', () => {
  it('forgets the oldest entry beyond its capacity', () => {
    const t = new LatencyTracker(2);
    t.note('t', 'a', 'cxone', 1, 10);
    t.note('t', 'a', 'cxone', 2, 20);
    t.note('t', 'a', 'cxone', 3, 30);
    expect(t.size).toBe(2);
    expect(t.take('t', 'a', 'cxone', 1)).toBeUndefined();
    expect(t.take('t', 'a', 'cxone', 3)).toBe(30);
    expect(t.size).toBe(1);
  });
});
