import { describe, expect, it } from 'vitest';
import { failed, success, type CxoneFailure, type CxoneResult } from './failure.ts';
import type { CxoneAgentStateRow, CxoneAgentStates } from './payloads.ts';
import type { CxoneStateEvent } from './state-events.ts';
import { CXONE_STATES_SOURCE, CxoneStatePoller, type CheckpointPort } from './state-source.ts';
import { ManualClock } from './test-support/fakes.ts';

const row = (agentId: string, startTime: number): CxoneAgentStateRow => ({
  agentId,
  stateId: null,
  stateName: 'Available',
  outStateId: null,
  outStateName: null,
  isAcw: false,
  startTime,
  lastUpdateTime: startTime,
  contactId: null,
  teamId: null,
});
const answer = (lastPollTime: string | null, rows: CxoneAgentStateRow[] = []): CxoneResult<CxoneAgentStates> => success({ rows, lastPollTime, totalRecords: rows.length, next: null });
const unavailable: CxoneFailure = { kind: 'retryable', status: 503, code: 'PSYNC_CXONE_UNAVAILABLE', message: 'down' };

function setup(answers: CxoneResult<CxoneAgentStates>[], stored?: string) {
  const asked: (string | undefined)[] = [];
  const delivered: { events: readonly CxoneStateEvent[]; checkpoint: string }[] = [];
  const checkpointReads: string[] = [];
  const checkpoints: CheckpointPort = {
    get: async (tenant, source) => {
      checkpointReads.push(`${tenant}:${source}`);
      return stored;
    },
  };
  const client = {
    agentStates: async (since?: string) => {
      asked.push(since);
      return answers.shift() ?? answer(since ?? null);
    },
  };
  const sink = async (events: readonly CxoneStateEvent[], checkpoint: string) => {
    delivered.push({ events, checkpoint });
    stored = checkpoint;
  };
  return { asked, delivered, checkpointReads, checkpoints, client, sink };
}

describe('CxoneStatePoller.pollOnce', () => {
  it('starts with a snapshot, then asks for changes since each lastPollTime', async () => {
    const s = setup([answer('T1', [row('1', 10), row('2', 5)]), answer('T2', [row('1', 20)]), answer('T3')]);
    const poller = new CxoneStatePoller({ tenant: 'acme', ...s, clock: new ManualClock() });
    expect(await poller.pollOnce()).toMatchObject({ ok: true, value: { events: 2, checkpoint: 'T1' } });
    await poller.pollOnce();
    await poller.pollOnce();
    expect(s.asked).toEqual([undefined, 'T1', 'T2']);
    expect(s.checkpointReads).toEqual([`acme:${CXONE_STATES_SOURCE}`]);
    expect(s.delivered.map((d) => [d.checkpoint, d.events.map((e) => e.dedupKey)])).toEqual([
      ['T1', ['2/Available/5', '1/Available/10']],
      ['T2', ['1/Available/20']],
      ['T3', []],
    ]);
  });

  it('resumes from the stored checkpoint', async () => {
    const s = setup([answer('T8')], 'T7');
    await new CxoneStatePoller({ tenant: 'acme', ...s }).pollOnce();
    expect(s.asked).toEqual(['T7']);
  });

  it('does not bother the sink when nothing changed and the checkpoint stays', async () => {
    const s = setup([answer(null), answer('T1'), answer('T1')]);
    const poller = new CxoneStatePoller({ tenant: 'acme', ...s });
    expect(await poller.pollOnce()).toMatchObject({ ok: true, value: { events: 0, checkpoint: undefined } });
    await poller.pollOnce();
    await poller.pollOnce();
    expect(s.delivered.map((d) => d.checkpoint)).toEqual(['T1']);
  });

  it('keeps the checkpoint when a poll fails, and after a failed sink reads it from the store again', async () => {
    const s = setup([answer('T1', [row('1', 1)]), failed(unavailable), answer('T2', [row('1', 2)]), answer('T2b', [row('1', 2)])]);
    let failSink = false;
    const poller = new CxoneStatePoller({
      tenant: 'acme',
      ...s,
      sink: async (events, checkpoint) => {
        if (failSink) throw new Error('database is gone');
        await s.sink(events, checkpoint);
      },
    });
    await poller.pollOnce();
    expect(await poller.pollOnce()).toMatchObject({ ok: false, failure: { kind: 'retryable' } });
    failSink = true;
    expect(await poller.pollOnce()).toMatchObject({ ok: false, failure: { code: 'PSYNC_CXONE_INGEST_FAILED', message: expect.stringContaining('database is gone') } });
    failSink = false;
    await poller.pollOnce();
    expect(s.asked).toEqual([undefined, 'T1', 'T1', 'T1']);
    expect(s.checkpointReads).toHaveLength(2);
  });

  it('joins a poll already in flight rather than starting a second one', async () => {
    const s = setup([answer('T1', [row('1', 1)])]);
    const poller = new CxoneStatePoller({ tenant: 'acme', ...s });
    const [a, b] = await Promise.all([poller.pollOnce(), poller.pollOnce()]);
    expect(a).toBe(b);
    expect(s.asked).toEqual([undefined]);
  });

  it('reports a checkpoint that cannot be read', async () => {
    const s = setup([]);
    const poller = new CxoneStatePoller({ tenant: 'acme', ...s, checkpoints: { get: () => Promise.reject(new Error('locked')) } });
    expect(await poller.pollOnce()).toMatchObject({ ok: false, failure: { code: 'PSYNC_CXONE_INGEST_FAILED' } });
    expect(s.asked).toEqual([]);
  });

  it('tells about rows it skipped', async () => {
    const s = setup([answer('T1', [{ ...row('1', 1), stateName: 'Mystery' }])]);
    const skipped: unknown[] = [];
    await new CxoneStatePoller({ tenant: 'acme', ...s, onSkipped: (rows) => skipped.push(...rows) }).pollOnce();
    expect(skipped).toEqual([{ agentId: '1', reason: 'unknown agent state Mystery' }]);
  });
});

describe('CxoneStatePoller loop', () => {
  it('polls every interval, backs off on failures (honouring Retry-After) and stops', async () => {
    const clock = new ManualClock();
    const limited: CxoneFailure = { kind: 'rate_limited', status: 429, code: 'PSYNC_CXONE_RATE_LIMITED', message: 'slow down', retryAfterMs: 30_000 };
    const s = setup([answer('T1'), failed(unavailable), failed(unavailable), failed(unavailable), failed(limited), answer('T2'), answer('T3')]);
    const failures: number[] = [];
    let polls = 0;
    let seventh!: (stopped: Promise<void>) => void;
    const stoppedAtSeventh = new Promise<Promise<void>>((resolve) => (seventh = resolve));
    const client = {
      agentStates: async (since?: string) => {
        if (++polls === 7) seventh(poller.stop());
        return s.client.agentStates(since);
      },
    };
    const poller: CxoneStatePoller = new CxoneStatePoller({ tenant: 'acme', ...s, client, clock, intervalMs: 1000, initialBackoffMs: 2000, maxBackoffMs: 5000, onFailure: (_f, n) => failures.push(n) });
    poller.start();
    poller.start();
    expect(poller.running).toBe(true);
    await (await stoppedAtSeventh);
    expect(poller.running).toBe(false);
    expect(polls).toBe(7);
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 5000, 30_000, 1000]);
    expect(failures).toEqual([1, 2, 3, 4]);
  });

  it('stop() waits for the poll in flight, whose sink call completes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const s = setup([answer('T1', [row('1', 1)])]);
    const poller = new CxoneStatePoller({
      tenant: 'acme',
      ...s,
      client: {
        agentStates: async (since?: string) => {
          await gate;
          return s.client.agentStates(since);
        },
      },
    });
    poller.start();
    const stopped = poller.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    release();
    await stopped;
    expect(s.delivered.map((d) => d.checkpoint)).toEqual(['T1']);
  });

  it('survives an observer that throws', async () => {
    const clock = new ManualClock();
    const s = setup([failed(unavailable)]);
    const poller: CxoneStatePoller = new CxoneStatePoller({
      tenant: 'acme',
      ...s,
      clock,
      onFailure: () => {
        void poller.stop();
        throw new Error('observer bug');
      },
    });
    poller.start();
    await poller.stop();
    expect(s.asked).toHaveLength(1);
  });
});
