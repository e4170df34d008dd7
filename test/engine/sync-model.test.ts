/**
 * Model-based test (architecture.md §3.3) of ingest + dispatch on the real SQLite store: random
 * changes on both sides, deliveries late, reordered and duplicated, dispatch ticks, crashed
 * workers, expired leases and failing writes. After every step: per-agent monotonic writes. When
 * the run goes quiet: convergence, no ping-pong (a fixed point, at most one write per decision),
 * every accepted event exactly once in the audit, and a replay that writes nothing.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AVAILABLE, status, unavailable, type AcdState, type SalesforcePresence } from '../../src/domain/index.ts';
import type { Dispatcher } from '../../src/engine/index.ts';
import type { AuditEntry, IngestResult } from '../../src/store/index.ts';
import { AVAILABLE_FOR_CHATS, BUSY, LUNCH, openHub, settle, type Hub } from './support/hub.ts';
import type { Delivery } from './support/world.ts';

const AGENTS = 3;
const CX_STATES: AcdState[] = [AVAILABLE, unavailable(LUNCH)];
const SF_STATES: SalesforcePresence[] = [status(AVAILABLE_FOR_CHATS.id), status(BUSY.id)];
const publish = (state: AcdState) => (state.kind === 'Available' ? SF_STATES[0]! : SF_STATES[1]!);
const key = (p: SalesforcePresence | undefined) => (p?.kind === 'Status' ? p.statusId : p?.kind);

interface Real {
  readonly hub: Hub;
  dispatcher: Dispatcher;
  readonly zombies: Promise<unknown>[];
  readonly delivered: Delivery[];
  readonly results: IngestResult[];
  /** Events the reconciliation passes ingested (each healing or unhealed agent is one). */
  reconciled: number;
}

type Model = Record<string, never>;

async function deliver(real: Real, batch: Delivery[]): Promise<void> {
  for (const d of batch) {
    real.results.push(await real.hub.ingest.ingest(d));
    real.delivered.push(d);
  }
}

function checkMonotonic(real: Real): void {
  const last = new Map<string, number>();
  for (const w of real.hub.world.writes) {
    const k = `${w.agentId}/${w.side}`;
    expect(w.sourceAt, `write to ${k} went back in time`).toBeGreaterThanOrEqual(last.get(k) ?? -Infinity);
    last.set(k, w.sourceAt);
  }
}

const agentArb = fc.integer({ min: 0, max: AGENTS - 1 }).map((i) => `a${i}`);

class ChangeCxone implements fc.AsyncCommand<Model, Real> {
  constructor(readonly agent: string, readonly state: number) {}
  check = () => true;
  async run(_m: Model, real: Real) {
    real.hub.world.changeCxone(this.agent, CX_STATES[this.state]!);
  }
  toString = () => `cx(${this.agent}, ${this.state})`;
}

class ChangeSalesforce implements fc.AsyncCommand<Model, Real> {
  constructor(readonly agent: string, readonly state: number) {}
  check = () => true;
  async run(_m: Model, real: Real) {
    real.hub.world.changeSalesforce(this.agent, SF_STATES[this.state]!);
  }
  toString = () => `sf(${this.agent}, ${this.state})`;
}

/** Delivers up to `count` pending observations; possibly the last first, possibly one twice. */
class Deliver implements fc.AsyncCommand<Model, Real> {
  constructor(readonly count: number, readonly reverse: boolean, readonly duplicate: boolean) {}
  check = () => true;
  async run(_m: Model, real: Real) {
    const batch = real.hub.world.outbox.splice(0, this.count);
    if (this.reverse) batch.reverse();
    if (this.duplicate && batch[0]) batch.push(batch[0]);
    await deliver(real, batch);
    checkMonotonic(real);
  }
  toString = () => `deliver(${this.count}${this.reverse ? ', reversed' : ''}${this.duplicate ? ', duplicated' : ''})`;
}

class Dispatch implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(_m: Model, real: Real) {
    await real.dispatcher.runOnce();
    checkMonotonic(real);
  }
  toString = () => 'dispatch';
}

/** The worker applies its next write and dies before completing; a fresh one takes over. */
class Crash implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(_m: Model, real: Real) {
    const { world } = real.hub;
    world.hangNext = true;
    let settled = false;
    const run = real.dispatcher.runOnce().finally(() => (settled = true));
    real.zombies.push(run);
    // Wait (bounded) until the write hangs or the worker found nothing to do.
    for (let i = 0; i < 200 && !settled && world.hangNext; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    world.hangNext = false;
    real.dispatcher = real.hub.newDispatcher();
    checkMonotonic(real);
  }
  toString = () => 'crash';
}

class ExpireLeases implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(_m: Model, real: Real) {
    real.hub.clock.advance(30_001);
  }
  toString = () => 'expire-leases';
}

class FailNextWrite implements fc.AsyncCommand<Model, Real> {
  constructor(readonly kind: 'retryable' | 'rate_limited' | 'permanent') {}
  check = () => true;
  async run(_m: Model, real: Real) {
    real.hub.world.failures.push(this.kind === 'rate_limited' ? { kind: this.kind, retryAfterMs: 20_000 } : { kind: this.kind });
  }
  toString = () => `fail-next(${this.kind})`;
}

const commands = [
  fc.tuple(agentArb, fc.integer({ min: 0, max: 1 })).map(([a, s]) => new ChangeCxone(a, s)),
  fc.tuple(agentArb, fc.integer({ min: 0, max: 1 })).map(([a, s]) => new ChangeSalesforce(a, s)),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.boolean()).map(([n, r, d]) => new Deliver(n, r, d)),
  fc.constant(new Dispatch()),
  fc.constant(new Dispatch()),
  fc.constant(new Crash()),
  fc.constant(new ExpireLeases()),
  fc.constantFrom('retryable', 'rate_limited', 'permanent').map((k) => new FailNextWrite(k as 'retryable' | 'rate_limited' | 'permanent')),
];

async function allDecisions(hub: Hub): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await hub.store.audit.query({ tenantId: 't1', kind: 'decision', limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...result.entries);
    if (!result.nextCursor) return out;
    cursor = result.nextCursor;
  }
  throw new Error('too many audit pages');
}

/** Goes quiet: the zombies wake (fenced), everything is delivered and dispatched, reconciliation heals what a lost race left. */
async function quiesce(real: Real): Promise<void> {
  const { hub } = real;
  hub.world.failures.length = 0;
  hub.world.releaseHung();
  await Promise.all(real.zombies);
  hub.clock.advance(30_001);
  for (let round = 0; round < 6; round++) {
    await deliver(real, hub.world.outbox.splice(0));
    await settle(hub, real.dispatcher, 200, () => deliver(real, hub.world.outbox.splice(0)));
    await deliver(real, hub.world.outbox.splice(0));
    const report = await hub.reconciler.runPass();
    real.reconciled += report.healing.length + report.unhealed.length;
    if (report.diverged.length === 0) return;
    expect(report.unhealed).toEqual([]);
  }
  throw new Error('reconciliation did not converge');
}

const hubs: Hub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.close()));
});

describe('sync engine model (fast-check, SQLite store)', () => {
  it('converges, keeps per-agent order, accounts for every event once, and never ping-pongs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (cmds) => {
        const hub = await openHub(AGENTS, { maxAttempts: 3 });
        hubs.push(hub);
        const real: Real = { hub, dispatcher: hub.newDispatcher(), zombies: [], delivered: [], results: [], reconciled: 0 };
        try {
          // Every agent starts known and in sync on both sides (the first poll and the consoles' hellos).
          for (const agent of hub.ids) {
            hub.world.changeCxone(agent, CX_STATES[0]!);
            hub.world.changeSalesforce(agent, SF_STATES[0]!);
          }
          await deliver(real, hub.world.outbox.splice(0));
          await fc.asyncModelRun(() => ({ model: {}, real }), cmds);
          await quiesce(real);
          checkMonotonic(real);

          // Convergence: both sides agree under the rule for every agent that changed.
          for (const agent of hub.ids) {
            const cx = hub.world.cxone.get(agent);
            const sf = hub.world.salesforce.get(agent);
            if (cx === undefined && sf === undefined) continue;
            expect(cx, `${agent} CXone`).toBeDefined();
            expect(key(sf), `${agent} Salesforce`).toBe(key(publish(cx!)));
          }

          // No ping-pong: going quiet again changes nothing, and no decision was written twice.
          const writes = hub.world.writes.length;
          await quiesce(real);
          expect(hub.world.writes).toHaveLength(writes);
          const generations = new Set(hub.world.writes.map((w) => `${w.agentId}/${w.side}/${w.generation}`));
          const decisions = await allDecisions(hub);
          expect(generations.size).toBeLessThanOrEqual(decisions.filter((d) => d.outcome === 'write').length);

          // Every accepted event has exactly one decision in the audit.
          const accepted = real.results.filter((r) => r.status === 'applied');
          expect(decisions).toHaveLength(accepted.length + real.reconciled);
          const keys = decisions.map((d) => JSON.stringify((d.details as { dedup: unknown }).dedup));
          expect(new Set(keys).size).toBe(keys.length);

          // Replay from the start writes nothing new.
          const replayed = real.delivered.slice();
          const before = hub.world.writes.length;
          for (const d of replayed) expect(await hub.ingest.ingest(d)).toEqual({ status: 'duplicate' });
          await settle(hub, real.dispatcher, 10, () => deliver(real, hub.world.outbox.splice(0)));
          expect(hub.world.writes).toHaveLength(before);
        } finally {
          hub.world.releaseHung();
          await Promise.all(real.zombies);
          hubs.splice(hubs.indexOf(hub), 1);
          await hub.close();
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
