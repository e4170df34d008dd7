import { describe, expect, it } from 'vitest';
import { AVAILABLE, OFFLINE, type PresenceEvent } from '../domain/index.ts';
import { bridgeSink, bridgeStatusWriter, domainEvent, PAGE_CHUNK, pollSink } from './adapters.ts';
import type { SourceEvent } from './ingest-service.ts';

const event = (at: number, dedupKey: string) => ({ agentId: 'a1', observation: { side: 'cxone' as const, state: AVAILABLE }, at, origin: 'cxone_feed' as const, dedupKey });

describe('adapters', () => {
  it('strips source fields from an event', () => {
    const e = { ...event(1, 'k'), salesforceUserId: '005', hubCommandId: 'c1' } as PresenceEvent;
    expect(domainEvent(e)).toEqual({ agentId: 'a1', observation: { side: 'cxone', state: AVAILABLE }, at: 1, origin: 'cxone_feed', hubCommandId: 'c1' });
  });

  it('ingests a poll in order, the checkpoint riding with the last event; an empty poll only moves the checkpoint', async () => {
    const seen: SourceEvent[] = [];
    const checkpoints: string[] = [];
    const sink = pollSink({ ingest: async (input) => seen.push(input) }, { setCheckpoint: async (_t, _s, p) => void checkpoints.push(p) }, 't1', 'cxone_agent_states');
    await sink([event(1, 'k1'), event(2, 'k2')], 'cp-1');
    expect(seen.map((s) => [s.dedupKey, s.checkpoint?.position])).toEqual([
      ['k1', undefined],
      ['k2', 'cp-1'],
    ]);
    expect(seen[0]).toMatchObject({ tenantId: 't1', source: 'cxone_agent_states', event: { at: 1 } });
    expect(seen[0]!.event).not.toHaveProperty('dedupKey');
    await sink([], 'cp-2');
    expect(checkpoints).toEqual(['cp-2']);
  });

  it('hands an engine that takes pages the poll in pages, in order, the checkpoint with the last; a failed page stops the poll', async () => {
    const pages: SourceEvent[][] = [];
    const checkpoints: string[] = [];
    const engine = { ingest: async () => Promise.reject(new Error('one by one')), ingestAll: async (inputs: readonly SourceEvent[]) => void pages.push([...inputs]) };
    const sink = pollSink(engine, { setCheckpoint: async (_t, _s, p) => void checkpoints.push(p) }, 't1', 's');
    const events = Array.from({ length: PAGE_CHUNK + 2 }, (_, i) => event(i, `k${i}`));
    await sink(events, 'cp-1');
    expect(pages.map((p) => p.length)).toEqual([PAGE_CHUNK, 2]);
    expect(pages.flat().map((s) => s.dedupKey)).toEqual(events.map((e) => e.dedupKey));
    expect(pages.flat().filter((s) => s.checkpoint).map((s) => [s.dedupKey, s.checkpoint?.position])).toEqual([[`k${PAGE_CHUNK + 1}`, 'cp-1']]);
    expect(checkpoints).toEqual([]);

    const failing = pollSink({ ...engine, ingestAll: async (inputs: readonly SourceEvent[]) => (pages.push([...inputs]), Promise.reject(new Error('locked'))) }, { setCheckpoint: async () => undefined }, 't1', 's');
    pages.length = 0;
    await expect(failing(events, 'cp-2')).rejects.toThrow('locked');
    expect(pages).toHaveLength(1);
  });

  it('fails the poll when an ingest fails, so the checkpoint does not move', async () => {
    const sink = pollSink({ ingest: async () => Promise.reject(new Error('locked')) }, { setCheckpoint: async () => undefined }, 't1', 's');
    await expect(sink([event(1, 'k1')], 'cp')).rejects.toThrow('locked');
  });

  it('with lanes, ingests different agents side by side, each agent in order, and moves the checkpoint once all are in', async () => {
    const of = (agentId: string, at: number) => ({ ...event(at, `${agentId}:${at}`), agentId });
    const started: string[] = [];
    const done: string[] = [];
    const checkpoints: string[] = [];
    let inFlight = 0;
    let peak = 0;
    const ingest = async (input: SourceEvent) => {
      expect(input.checkpoint).toBeUndefined();
      started.push(input.dedupKey);
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      done.push(input.dedupKey);
    };
    const sink = pollSink({ ingest }, { setCheckpoint: async (_t, _s, p) => void checkpoints.push(`${p} after ${done.length}`) }, 't1', 's', { lanes: 3 });
    await sink([of('a', 1), of('b', 1), of('a', 2), of('c', 1), of('d', 1), of('a', 3), of('b', 2)], 'cp');
    expect(peak).toBe(3);
    expect(done.filter((k) => k.startsWith('a:'))).toEqual(['a:1', 'a:2', 'a:3']);
    expect(done.filter((k) => k.startsWith('b:'))).toEqual(['b:1', 'b:2']);
    expect(checkpoints).toEqual(['cp after 7']);

    // One failure: nothing new starts, the call fails, the checkpoint stays.
    const failing = pollSink({ ingest: async (input) => (input.dedupKey === 'a:1' ? Promise.reject(new Error('locked')) : ingest(input)) }, { setCheckpoint: async (_t, _s, p) => void checkpoints.push(p) }, 't1', 's', { lanes: 2 });
    started.length = 0;
    await expect(failing([of('a', 1), of('a', 2), of('b', 1)], 'cp-2')).rejects.toThrow('locked');
    expect(started).not.toContain('a:2');
    expect(checkpoints).toEqual(['cp after 7']);
  });

  it('feeds bridge events to ingest under the tenant', async () => {
    const seen: SourceEvent[] = [];
    await bridgeSink({ ingest: async (input) => seen.push(input) }, 't1')({ agentId: 'a1', observation: { side: 'salesforce', presence: OFFLINE }, at: 5, origin: 'console_closed', dedupKey: 'bridge:a1:closed:s1' });
    expect(seen).toEqual([{ tenantId: 't1', source: 'bridge', dedupKey: 'bridge:a1:closed:s1', event: { agentId: 'a1', observation: { side: 'salesforce', presence: OFFLINE }, at: 5, origin: 'console_closed' } }]);
  });

  it('sends set-status commands through the bridge hub by agent id', async () => {
    const calls: unknown[] = [];
    const writer = bridgeStatusWriter({
      sendSetStatus: async (agentId, presence, options) => {
        calls.push([agentId, presence, options]);
        return { kind: 'no_console' };
      },
    });
    const signal = new AbortController().signal;
    const outcome = await writer.sendSetStatus({ tenantId: 't1', agentId: 'a1', presence: OFFLINE, intentId: 'i-1', timeoutMs: 500, signal });
    expect(outcome).toEqual({ kind: 'no_console' });
    expect(calls).toEqual([['a1', OFFLINE, { intentId: 'i-1', timeoutMs: 500, signal }]]);
  });
});
