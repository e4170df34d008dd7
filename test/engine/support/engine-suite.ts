import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AVAILABLE, OFFLINE, status, unavailable, working } from '../../../src/domain/index.ts';
import { intentIdOf } from '../../../src/engine/index.ts';
import { AVAILABLE_FOR_CHATS, BUSY, LUNCH, RULE, openHub, settle, type Hub, type OpenedDatabase } from './hub.ts';

const decisions = async (hub: Hub, agentId: string) =>
  (await hub.store.audit.query({ tenantId: 't1', agentId, kind: 'decision', limit: 500 })).entries.slice().reverse();

/** The engine's behaviour over a real store; the same on SQLite and PostgreSQL. */
export function describeEngineSuite(label: string, openDatabase: () => Promise<OpenedDatabase>, teardown?: () => Promise<void>): void {
  describe(`sync engine on the ${label} store`, () => {
    if (teardown) afterAll(teardown);
    const hubs: Hub[] = [];
    afterEach(async () => {
      await Promise.all(hubs.splice(0).map((h) => h.close()));
    });
    const open = async (agents = 1, options: { maxAttempts?: number } = {}) => {
      const hub = await openHub(agents, { ...options, open: openDatabase });
      hubs.push(hub);
      return hub;
    };

    it('drives Salesforce from a CXone change through the mailbox, and suppresses the echo', async () => {
      const hub = await open();
      const dispatcher = hub.newDispatcher();
      hub.world.changeCxone('a0', AVAILABLE);
      await hub.deliver();
      hub.clock.advance(10);
      expect(await dispatcher.runOnce()).toBe(1);
      expect(hub.world.salesforce.get('a0')).toEqual(status(AVAILABLE_FOR_CHATS.id));
      expect(hub.world.outbox).toHaveLength(1);
      const [echo] = await hub.deliver();
      expect(echo).toMatchObject({ status: 'applied', decision: { outcome: 'echo' } });
      expect(await dispatcher.runOnce()).toBe(0);
      expect(hub.world.writes).toHaveLength(1);
      expect((await decisions(hub, 'a0')).map((d) => d.outcome)).toEqual(['write', 'echo']);
      expect(hub.metrics.echoesSuppressed.value({ side: 'salesforce' })).toBe(1);
    });

    it('drives CXone from a Salesforce change, and suppresses that echo too', async () => {
      const hub = await open();
      const dispatcher = hub.newDispatcher();
      hub.world.changeSalesforce('a0', status(BUSY.id));
      await hub.deliver();
      await settle(hub, dispatcher);
      expect(hub.world.cxone.get('a0')).toEqual(unavailable(LUNCH));
      expect(hub.world.writes).toMatchObject([{ agentId: 'a0', side: 'cxone', stateKey: `Unavailable:${LUNCH.id}` }]);
      expect((await decisions(hub, 'a0')).map((d) => `${d.outcome}:${d.reason}`)).toEqual(['write:subscriber_row', 'echo:echo']);
    });

    it('keeps per-agent order under many changes: writes never go back in time and the last change wins', async () => {
      const hub = await open(3);
      const dispatcher = hub.newDispatcher();
      const STEPS = 20;
      for (let step = 0; step < STEPS; step++) {
        for (const agent of hub.ids) {
          hub.clock.advance(7);
          hub.world.changeCxone(agent, (step + agent.length) % 2 === 0 ? AVAILABLE : unavailable(LUNCH));
        }
        // Deliver in bursts and dispatch in between, so that newer intents replace older ones in flight.
        if (step % 3 === 0) await hub.deliver();
        if (step % 4 === 0) await dispatcher.runOnce();
      }
      await hub.deliver();
      await settle(hub, dispatcher);
      for (const agent of hub.ids) {
        const times = hub.world.writes.filter((w) => w.agentId === agent && w.side === 'salesforce').map((w) => w.sourceAt);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        const last = hub.world.cxone.get(agent)!;
        expect(hub.world.salesforce.get(agent)).toEqual(status(last.kind === 'Available' ? AVAILABLE_FOR_CHATS.id : BUSY.id));
      }
      // Coalescing: far fewer writes than changes.
      expect(hub.world.writes.length).toBeLessThan(STEPS * hub.ids.length);
    });

    it('survives a crash mid-write: after the lease expires a new dispatcher repeats the same generation, nothing is lost or applied twice', async () => {
      const hub = await open();
      const first = hub.newDispatcher();
      hub.world.changeSalesforce('a0', status(BUSY.id));
      await hub.deliver();
      hub.world.hangNext = true;
      const zombie = first.runOnce(); // applies, then never answers: the process is gone
      for (let i = 0; i < 50 && hub.world.writes.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 1));
      expect(hub.world.writes).toHaveLength(1);
      expect(await hub.store.mailbox.get({ tenantId: 't1', agentId: 'a0', target: 'cxone' })).toMatchObject({ status: 'pending', leaseOwner: 'hub-1' });

      const second = hub.newDispatcher();
      expect(await second.runOnce()).toBe(0); // the lease still holds
      hub.clock.advance(30_001);
      expect(await second.runOnce()).toBe(1);
      expect(hub.world.writes.map((w) => [w.side, w.stateKey, w.generation])).toEqual([
        ['cxone', `Unavailable:${LUNCH.id}`, 1],
        ['cxone', `Unavailable:${LUNCH.id}`, 1],
      ]);
      expect(await hub.store.mailbox.get({ tenantId: 't1', agentId: 'a0', target: 'cxone' })).toMatchObject({ status: 'completed', appliedGeneration: 1 });
      // The zombie wakes up: its completion is fenced off and changes nothing.
      hub.world.releaseHung();
      await zombie;
      expect(hub.metrics.writes.value({ side: 'cxone', result: 'lost_lease' })).toBe(1);
      await settle(hub, second);
      expect(hub.world.writes).toHaveLength(2);
      expect(hub.world.cxone.get('a0')).toEqual(unavailable(LUNCH));
      expect(intentIdOf('t1', 'a0', 'cxone', 1)).toMatch(/^c[\w-]+-1$/);
    });

    it('resolves a conflict by the change observed last and audits the loser as superseded', async () => {
      const hub = await open(2);
      const dispatcher = hub.newDispatcher();
      // a0: CXone changes first, Salesforce a moment later, before the hub wrote anything.
      hub.world.changeCxone('a0', unavailable(LUNCH));
      hub.clock.advance(5);
      hub.world.changeSalesforce('a0', status(AVAILABLE_FOR_CHATS.id));
      await hub.deliver();
      expect(await hub.store.mailbox.get({ tenantId: 't1', agentId: 'a0', target: 'salesforce' })).toMatchObject({ status: 'superseded' });
      const a0 = await decisions(hub, 'a0');
      expect(a0.at(-1)).toMatchObject({ outcome: 'write', details: { superseded: 'salesforce' } });
      // a1: the older CXone change arrives after the newer Salesforce one.
      const older = hub.world.changeCxone('a1', unavailable(LUNCH));
      hub.world.outbox.pop();
      hub.clock.advance(5);
      hub.world.changeSalesforce('a1', status(AVAILABLE_FOR_CHATS.id));
      await hub.deliver();
      await hub.deliver([older]);
      expect((await decisions(hub, 'a1')).at(-1)).toMatchObject({ outcome: 'superseded', reason: 'superseded_by_newer_change' });
      await settle(hub, dispatcher);
      for (const agent of hub.ids) {
        expect(hub.world.cxone.get(agent)).toEqual(AVAILABLE);
        expect(hub.world.salesforce.get(agent)).toEqual(status(AVAILABLE_FOR_CHATS.id));
      }
    });

    it('dead-letters after the bounded attempts, audits why, and a newer change revives the agent', async () => {
      const hub = await open(1, { maxAttempts: 2 });
      const dispatcher = hub.newDispatcher();
      hub.world.failures.push({ kind: 'retryable' }, { kind: 'retryable' });
      hub.world.changeSalesforce('a0', status(BUSY.id));
      await hub.deliver();
      await settle(hub, dispatcher);
      expect(await hub.store.mailbox.get({ tenantId: 't1', agentId: 'a0', target: 'cxone' })).toMatchObject({ status: 'dead' });
      const dead = (await hub.store.audit.query({ tenantId: 't1', kind: 'dispatch' })).entries;
      expect(dead).toMatchObject([{ outcome: 'dead', reason: 'PSYNC_TEST_FAULT', agentId: 'a0' }]);
      hub.clock.advance(1_000);
      hub.world.changeSalesforce('a0', status(AVAILABLE_FOR_CHATS.id));
      hub.world.changeCxone('a0', unavailable(LUNCH), hub.clock.t - 500);
      await hub.deliver();
      await settle(hub, dispatcher);
      expect(hub.world.cxone.get('a0')).toEqual(AVAILABLE);
    });

    it('heals a divergence by reconciliation through an audited decision', async () => {
      const hub = await open();
      const dispatcher = hub.newDispatcher();
      hub.world.failures.push({ kind: 'permanent' });
      hub.world.changeCxone('a0', AVAILABLE);
      hub.clock.advance(1);
      hub.world.changeSalesforce('a0', status(BUSY.id), hub.clock.t - 1_000);
      await hub.deliver();
      await settle(hub, dispatcher);
      expect(await hub.store.mailbox.get({ tenantId: 't1', agentId: 'a0', target: 'salesforce' })).toMatchObject({ status: 'dead' });
      const report = await hub.reconciler.runPass();
      expect(report).toMatchObject({ diverged: [{ agentId: 'a0' }], healing: [{ agentId: 'a0' }] });
      await settle(hub, dispatcher);
      expect(hub.world.salesforce.get('a0')).toEqual(status(AVAILABLE_FOR_CHATS.id));
      expect((await hub.reconciler.runPass()).diverged).toEqual([]);
      expect((await decisions(hub, 'a0')).some((d) => (d.details as { event?: { origin?: string } }).event?.origin === 'reconcile')).toBe(true);
    });

    it('writes nothing new when a source replays from an old checkpoint', async () => {
      const hub = await open(2);
      const dispatcher = hub.newDispatcher();
      const sent = [hub.world.changeCxone('a0', AVAILABLE), hub.world.changeSalesforce('a1', status(BUSY.id))];
      await hub.deliver();
      await settle(hub, dispatcher);
      const writes = hub.world.writes.length;
      const replay = await hub.deliver(sent);
      expect(replay).toEqual([{ status: 'duplicate' }, { status: 'duplicate' }]);
      await settle(hub, dispatcher);
      expect(hub.world.writes).toHaveLength(writes);
    });

    it('applies a saved rule to the next event, without a restart, and audits the version', async () => {
      const hub = await open();
      const dispatcher = hub.newDispatcher();
      hub.world.changeCxone('a0', AVAILABLE);
      await hub.deliver();
      await settle(hub, dispatcher);
      expect(hub.world.salesforce.get('a0')).toEqual(status(AVAILABLE_FOR_CHATS.id));
      const before = (await decisions(hub, 'a0')).find((d) => d.outcome === 'write')!.rule!.version;
      await hub.store.rules.save('t1', { ...RULE, publisher: [{ acd: { kind: 'Available' }, salesforce: status(BUSY.id) }], subscriber: [] });
      hub.world.changeCxone('a0', unavailable(LUNCH));
      hub.world.changeCxone('a0', AVAILABLE);
      await hub.deliver();
      await settle(hub, dispatcher);
      expect(hub.world.salesforce.get('a0')).toEqual(status(BUSY.id));
      const last = (await decisions(hub, 'a0')).filter((d) => d.outcome === 'write').at(-1)!;
      expect(last.rule!.version).toBeGreaterThan(before);
    });

    it('holds Salesforce writes while the console is closed and pushes the mapped status when it connects', async () => {
      const hub = await open();
      const dispatcher = hub.newDispatcher();
      const offline = { agentId: 'a0', observation: { side: 'salesforce' as const, presence: OFFLINE }, at: hub.clock.t, origin: 'console_closed' as const };
      await hub.ingest.ingest({ tenantId: 't1', source: 'bridge', dedupKey: 'closed-1', event: offline });
      hub.world.salesforce.set('a0', OFFLINE);
      hub.world.changeCxone('a0', AVAILABLE);
      const [held] = await hub.deliver();
      expect(held).toMatchObject({ decision: { outcome: 'noop', reason: 'salesforce_console_closed' } });
      await settle(hub, dispatcher);
      expect(hub.world.writes).toEqual([]);
      hub.clock.advance(1_000);
      const hello = { agentId: 'a0', observation: { side: 'salesforce' as const, presence: status(BUSY.id) }, at: hub.clock.t, origin: 'console_connected' as const };
      hub.world.salesforce.set('a0', status(BUSY.id));
      expect(await hub.ingest.ingest({ tenantId: 't1', source: 'bridge', dedupKey: 'hello-1', event: hello })).toMatchObject({ decision: { outcome: 'write', reason: 'initial_sync' } });
      await settle(hub, dispatcher);
      expect(hub.world.salesforce.get('a0')).toEqual(status(AVAILABLE_FOR_CHATS.id));
      expect(hub.world.cxone.get('a0')).toEqual(AVAILABLE);
    });

    it('asks CXone for the state to take effect when the contact ends while the agent is on a contact', async () => {
      const hub = await open();
      const dispatcher = hub.newDispatcher();
      hub.world.changeCxone('a0', working('InboundContact'));
      hub.world.changeSalesforce('a0', status(BUSY.id));
      await hub.deliver();
      expect(await hub.store.mailbox.get({ tenantId: 't1', agentId: 'a0', target: 'cxone' })).toMatchObject({ desired: { side: 'cxone', whenContactEnds: true, stateKey: `Unavailable:${LUNCH.id}` } });
      await settle(hub, dispatcher);
      expect(hub.world.writes.filter((w) => w.side === 'cxone')).toHaveLength(1);
    });

    it('lets two instances claim at once without serving one intent twice', async () => {
      const hub = await open(12);
      const [a, b] = [hub.newDispatcher(), hub.newDispatcher()];
      for (const agent of hub.ids) hub.world.changeSalesforce(agent, status(BUSY.id));
      await hub.deliver();
      for (let round = 0; round < 10; round++) {
        const handled = await Promise.all([a.runOnce(), b.runOnce()]);
        if (handled[0] + handled[1] === 0) break;
      }
      const served = hub.world.writes.map((w) => `${w.agentId}/${w.side}/${w.generation}`);
      expect(new Set(served).size).toBe(served.length);
      expect(served).toHaveLength(12);
      expect(hub.ids.every((agent) => hub.world.cxone.get(agent)?.kind === 'Unavailable')).toBe(true);
    });

    it('stops gracefully: in-flight writes finish and leases are released', async () => {
      const hub = await open(4);
      const dispatcher = hub.newDispatcher();
      for (const agent of hub.ids) hub.world.changeCxone(agent, AVAILABLE);
      await hub.deliver();
      dispatcher.start();
      await dispatcher.stop();
      const rows = await hub.store.mailbox.list('t1');
      expect(rows.every((r) => r.leaseOwner === null)).toBe(true);
      const next = hub.newDispatcher();
      await settle(hub, next);
      expect(hub.ids.every((a) => hub.world.salesforce.get(a)?.kind === 'Status')).toBe(true);
    });
  });
}
