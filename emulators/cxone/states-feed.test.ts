import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, startHarness, type Harness } from './test-support/harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.emulator.close();
});

interface Feed {
  lastPollTime: string;
  totalRecords: number;
  agentStates: { agentId: number; agentStateName: string; agentStateId: number; outStateId: number; outStateDescription: string; lastUpdateTime: string; isACW: boolean; contactId: number }[];
}

const poll = (since?: string, extra = '') => h.json<Feed>(`/agents/states${since ? `?updatedSince=${encodeURIComponent(since)}${extra}` : extra ? `?${extra.slice(1)}` : ''}`);

describe('GET /agents/states', () => {
  it('answers every agent\'s current state without updatedSince', async () => {
    h = await startHarness({ agents: 3 });
    const feed = await poll();
    expect(feed.totalRecords).toBe(4);
    const byAgent = new Map(feed.agentStates.map((r) => [r.agentId, r]));
    expect(byAgent.get(h.seeded.accessKeyUser.agentId)).toMatchObject({ agentStateName: 'LoggedOut', agentStateId: 0 });
    for (const id of h.seeded.agentIds) expect(byAgent.get(id)).toMatchObject({ agentStateName: 'Available', agentStateId: 1, outStateId: 0 });
    expect(Date.parse(feed.lastPollTime)).not.toBeNaN();
  });

  it('returns every change since updatedSince exactly once, even several of one agent in one interval', async () => {
    const clock = manualClock();
    h = await startHarness({ agents: 3 }, { now: clock.now });
    const [a, b] = h.seeded.agentIds as [number, number];
    const [lunch, brk] = [h.seeded.codes.find((c) => c.name === 'Lunch')!, h.seeded.codes.find((c) => c.name === 'Break')!];
    const first = await poll();
    // All within the same millisecond as the poll: stamps must still order them after it.
    h.emulator.control.setState(a, 'Unavailable', lunch.id);
    h.emulator.control.setState(a, 'Available');
    h.emulator.control.setState(b, 'Unavailable', brk.id);
    const second = await poll(first.lastPollTime);
    expect(second.agentStates.map((r) => [r.agentId, r.agentStateName, r.outStateId])).toEqual([
      [a, 'Unavailable', lunch.id],
      [a, 'Available', 0],
      [b, 'Unavailable', brk.id],
    ]);
    expect(second.agentStates[0]?.outStateDescription).toBe('Lunch');
    const third = await poll(second.lastPollTime);
    expect(third.agentStates).toEqual([]);
    h.emulator.control.setState(a, 'Unavailable', brk.id);
    clock.advance(5);
    const fourth = await poll(third.lastPollTime);
    expect(fourth.agentStates.map((r) => r.agentId)).toEqual([a]);
    expect(Date.parse(fourth.lastPollTime)).toBeGreaterThanOrEqual(Date.parse(fourth.agentStates[0]!.lastUpdateTime));
  });

  it('keeps every change once across many interleaved polls (checked against the emulator\'s record)', async () => {
    const clock = manualClock();
    h = await startHarness({ agents: 5 }, { now: clock.now });
    const codes = h.seeded.codes.filter((c) => !c.isAcw);
    let since = (await poll()).lastPollTime;
    const seen: number[][] = [];
    const afterSeq = h.emulator.control.changes().at(-1)!.seq;
    for (let step = 0; step < 60; step++) {
      const agent = h.seeded.agentIds[step % 5]!;
      const code = codes[step % codes.length]!;
      h.emulator.control.setState(agent, step % 3 === 0 ? 'Available' : 'Unavailable', code.id);
      if (step % 2 === 0) clock.advance(step % 4);
      if (step % 7 === 0) {
        const feed = await poll(since);
        seen.push(...feed.agentStates.map((r) => [r.agentId, r.agentStateId, r.outStateId]));
        since = feed.lastPollTime;
      }
    }
    const feed = await poll(since);
    seen.push(...feed.agentStates.map((r) => [r.agentId, r.agentStateId, r.outStateId]));
    const record = h.emulator.control.changes({ tenantId: h.seeded.tenant.tenantId, afterSeq });
    expect(seen).toEqual(record.map((c) => [c.agentId, c.to.name === 'Available' ? 1 : 2, c.to.outStateId]));
  });

  it('answers one row per changed agent in latest-per-agent mode', async () => {
    h = await startHarness({ agents: 2 }, { behaviour: { statesFeed: 'latest-per-agent' } });
    const [a, b] = h.seeded.agentIds as [number, number];
    const brk = h.seeded.codes.find((c) => c.name === 'Break')!;
    const since = (await poll()).lastPollTime;
    h.emulator.control.setState(a, 'Unavailable', brk.id);
    h.emulator.control.setState(b, 'Unavailable', brk.id);
    h.emulator.control.setState(a, 'Available');
    const feed = await poll(since);
    expect(feed.agentStates.map((r) => [r.agentId, r.agentStateName])).toEqual([
      [b, 'Unavailable'],
      [a, 'Available'],
    ]);
  });

  it('answers 204 without a body for no changes when switched, 200 with an empty list by default', async () => {
    h = await startHarness({ agents: 1 });
    const since = (await poll()).lastPollTime;
    const empty = await h.api(`/agents/states?updatedSince=${encodeURIComponent(since)}`);
    expect(empty.status).toBe(200);
    h.emulator.control.setBehaviour({ emptyResultStatus: 204 });
    const none = await h.api(`/agents/states?updatedSince=${encodeURIComponent(since)}`);
    expect(none.status).toBe(204);
    expect(await none.text()).toBe('');
  });

  it('pages with top/skip and _links, and projects fields', async () => {
    h = await startHarness({ agents: 5 });
    const page = await poll(undefined, '&top=2&skip=2&fields=agentId,agentStateName');
    expect(page.totalRecords).toBe(6);
    expect(page.agentStates).toHaveLength(2);
    expect(Object.keys(page.agentStates[0]!).sort()).toEqual(['agentId', 'agentStateName']);
    const links = (page as unknown as { _links: Record<string, string | null> })._links;
    expect(links['next']).toContain('skip=4');
    expect(links['previous']).toContain('skip=0');
  });

  it('refuses an unparseable updatedSince with 400, and accepts the spec\'s updateSince spelling', async () => {
    h = await startHarness({ agents: 1 });
    const bad = await h.api('/agents/states?updatedSince=yesterday');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'InvalidRequest' });
    const feed = await h.json<Feed>(`/agents/states?updateSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(feed.agentStates).toEqual([]);
  });

  it('shows contact states, ACW and next states as CXone reports them', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const since = (await poll()).lastPollTime;
    const { contactId } = h.emulator.control.startContact(agent, 'outbound');
    h.emulator.control.endContact(agent);
    const feed = await poll(since);
    expect(feed.agentStates.map((r) => [r.agentStateName, r.contactId])).toEqual([
      ['OutboundContact', contactId],
      ['Available', 0],
    ]);
  });

  it('serves one agent\'s state at /agents/{id}/states', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const body = await h.json<Feed>(`/agents/${agent}/states`);
    expect(body.agentStates).toHaveLength(1);
    expect(body.agentStates[0]).toMatchObject({ agentId: agent, agentStateName: 'Available' });
    expect((await h.api('/agents/999999/states')).status).toBe(404);
  });
});
