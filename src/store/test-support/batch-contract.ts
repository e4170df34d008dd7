import { beforeEach, describe, expect, it } from 'vitest';
import { decide, type AcdState, type Decision, type ExpectedEcho, type PresenceEvent } from '../../domain/index.ts';
import type { Database } from '../database.ts';
import type { ClaimedIntent, IngestRequest, Store } from '../ports.ts';
import { createStore } from '../store.ts';
import { fakeCipher, type ManualClock } from './fakes.ts';
import { BUSY, buildContext, LUNCH, seedTenant } from './fixtures.ts';

const cx = (agentId: string, at: number, state: AcdState): PresenceEvent => ({ agentId, at, origin: 'cxone_feed', observation: { side: 'cxone', state } });
const req = (event: PresenceEvent, key: string, extra: Partial<IngestRequest> = {}): IngestRequest => ({
  tenantId: 't1', event, dedup: { source: event.observation.side, key }, buildContext, decide, ...extra,
});
const boom = (): Decision => {
  throw new Error('decide crashed');
};

/** Group commit: batches of changes and of intents keep every guarantee a single one has. */
export function describeBatchContract(get: () => { readonly store: Store; readonly clock: ManualClock; readonly database: Database }): void {
  describe('batches', () => {
    let store: Store;
    let clock: ManualClock;
    beforeEach(async () => {
      ({ store, clock } = get());
      await seedTenant(store);
    });
    const decisions = async () => (await store.audit.query({ tenantId: 't1', kind: 'decision', limit: 500 })).entries;

    it('ingests a page in one go: each agent in order, one audit outcome per change, a repeated change once, the checkpoint with the last', async () => {
      const page = [
        req(cx('a1', 1000, { kind: 'Available' }), 'p1'),
        req(cx('a2', 1000, { kind: 'Available' }), 'p2'),
        req(cx('a1', 2000, { kind: 'Unavailable', code: LUNCH }), 'p3'),
        req(cx('a1', 2000, { kind: 'Unavailable', code: LUNCH }), 'p3'),
        req(cx('a1', 3000, { kind: 'Available' }), 'p4', { checkpoint: { source: 'cxone-feed', position: 'page-1' } }),
      ];
      const results = await store.ingestAll(page);
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'duplicate', 'applied']);
      // a1's changes were decided one after the other, each seeing the one before: the last one wins.
      expect((await store.syncState.observed('t1', 'a1')).cxone?.value).toEqual({ kind: 'Available' });
      expect((await store.syncState.history('t1', 'a1')).map((h) => h.at)).toEqual([1000, 2000, 3000]);
      expect(await store.mailbox.get({ tenantId: 't1', agentId: 'a1', target: 'salesforce' })).toMatchObject({ sourceAt: 3000, generation: 3 });
      expect(await store.syncState.checkpoint('t1', 'cxone-feed')).toBe('page-1');
      const audit = await decisions();
      expect(audit).toHaveLength(4);
      expect(new Set(audit.map((a) => a.id))).toEqual(new Set(results.flatMap((r) => (r.status === 'applied' ? [r.auditId] : []))));
      expect(await store.ingestAll(page.slice(0, 1))).toEqual([{ status: 'duplicate' }]);
      expect(await store.ingestAll([])).toEqual([]);
    });

    it('lets changes that arrive together share a transaction, and a bad one fail only its own caller', async () => {
      const settled = await Promise.allSettled([
        store.ingest(req(cx('a1', 1000, { kind: 'Available' }), 'c1')),
        store.ingest(req(cx('a2', 1000, { kind: 'Available' }), 'c2', { decide: boom })),
        store.ingest(req(cx('a1', 2000, { kind: 'Unavailable', code: LUNCH }), 'c3')),
        store.ingestAll([req(cx('a3', 1000, { kind: 'Available' }), 'c4'), req(cx('a3', 2000, { kind: 'Available' }), 'c5', { decide: boom })]),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
      expect((await decisions()).map((a) => a.agentId).sort()).toEqual(['a1', 'a1']);
      // A page is all or nothing: none of a3's changes is in, so the next poll brings them again.
      expect(await store.syncState.observed('t1', 'a3')).toEqual({});
      expect(await store.ingest(req(cx('a3', 1000, { kind: 'Available' }), 'c4'))).toMatchObject({ status: 'applied' });
      expect(await store.ingest(req(cx('a2', 1000, { kind: 'Available' }), 'c2'))).toMatchObject({ status: 'applied' });
    });

    describe('dispatch', () => {
      const want = (statusId: string) => ({ side: 'salesforce' as const, presence: { kind: 'Status' as const, statusId }, stateKey: `status:${statusId.toLowerCase()}` });
      const echoOf = (intent: ClaimedIntent): ExpectedEcho => ({ side: intent.target, stateKey: intent.desired.stateKey, expiresAt: clock.t + 60_000, commandId: `${intent.agentId}-${intent.generation}`, recordedAt: clock.t });
      const agents = ['a1', 'b2', 'b3'];
      beforeEach(async () => {
        for (const agentId of agents) await store.mailbox.upsert({ tenantId: 't1', agentId, target: 'salesforce', desired: want(BUSY.id), sourceAt: 100 });
      });
      const claimBatch = (owner = 'w1') => store.mailbox.claim({ owner, limit: 10, leaseMs: 30_000, expectEcho: echoOf });

      it('records the expected echo of every intent of a claim in the claim itself', async () => {
        const claimed = await claimBatch();
        expect(claimed.map((c) => c.agentId).sort()).toEqual(agents);
        for (const agentId of agents) {
          expect(await store.syncState.expectedEchoes('t1', agentId)).toEqual([{ side: 'salesforce', stateKey: `status:${BUSY.id.toLowerCase()}`, expiresAt: clock.t + 60_000, commandId: `${agentId}-1`, recordedAt: clock.t }]);
        }
      });

      it('a poisoned intent goes dead alone; the rest of the batch completes', async () => {
        const claimed = await claimBatch();
        const [poisoned, ...rest] = claimed;
        expect(await store.mailbox.fail(poisoned!, { kind: 'permanent', message: 'no such status' })).toMatchObject({ outcome: 'dead' });
        expect(await store.mailbox.completeAll(rest)).toEqual(['completed', 'completed']);
        expect(await store.mailbox.get(poisoned!)).toMatchObject({ status: 'dead', leaseOwner: null });
        for (const c of rest) expect(await store.mailbox.get(c)).toMatchObject({ status: 'completed', appliedGeneration: 1 });
      });

      it('a lease lost mid-batch is fenced: that completion changes nothing, the others complete', async () => {
        const claimed = await claimBatch('w1');
        clock.advance(31_000); // w1 stalls past its leases; w2 takes one of them over
        const [taken] = await store.mailbox.claim({ owner: 'w2', limit: 1, leaseMs: 30_000, agentIds: [claimed[1]!.agentId], tenantId: 't1' });
        expect(taken).toMatchObject({ agentId: claimed[1]!.agentId, leaseOwner: 'w2', generation: 1 });
        expect(await store.mailbox.completeAll(claimed)).toEqual(['completed', 'lost_lease', 'completed']);
        expect(await store.mailbox.get(taken!)).toMatchObject({ status: 'pending', leaseOwner: 'w2' });
        expect(await store.mailbox.complete(taken!)).toBe('completed');
      });

      it('after a crash between claim and completion the same generation is claimed again, its echo still expected', async () => {
        const before = await claimBatch('w1');
        // w1 is killed before any completion: a new store (the restarted process) frees its leases.
        const { database } = get();
        const restarted = createStore(database, { cipher: fakeCipher, clock });
        expect(await restarted.mailbox.releaseLeases('w1')).toBe(3);
        const again = await restarted.mailbox.claim({ owner: 'w1', limit: 10, leaseMs: 30_000, expectEcho: echoOf });
        expect(again.map((c) => [c.agentId, c.generation]).sort()).toEqual(before.map((c) => [c.agentId, c.generation]).sort());
        // The write that may have gone out before the crash comes back as an echo, not as a change.
        const echo = await restarted.ingest(req({ agentId: 'a1', at: clock.t, origin: 'console_manual', observation: { side: 'salesforce', presence: { kind: 'Status', statusId: BUSY.id } } }, 'echo-1'));
        expect(echo).toMatchObject({ status: 'applied', decision: { outcome: 'echo' } });
        expect(await restarted.mailbox.completeAll(again)).toEqual(['completed', 'completed', 'completed']);
      });
    });
  });
}
