import { afterEach, describe, expect, it } from 'vitest';
import { post, startHarness, type Harness } from './test-support/harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.emulator.close();
});

const FEED = '/inContactAPI/services/*/agents/states';
type Feed = { lastPollTime: string; agentStates: { agentId: number; outStateId: number; lastUpdateTime: string }[] };
const poll = (since: string) => h.json<Feed>(`/agents/states?updatedSince=${encodeURIComponent(since)}`);

describe('scripted faults', () => {
  it('answers 429 with Retry-After for the given count, then normally', async () => {
    h = await startHarness({ agents: 1 });
    h.emulator.control.addFault({ path: '/inContactAPI/services/*/agents', times: 2, action: { type: 'status', status: 429, retryAfterSeconds: 3 } });
    for (let i = 0; i < 2; i++) {
      const res = await h.api('/agents');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(await res.json()).toMatchObject({ error: 'TooManyRequests' });
    }
    expect((await h.api('/agents')).status).toBe(200);
    expect(h.emulator.control.faults()).toEqual([]);
  });

  it('answers 503 only for the matching method, after letting some through, until cleared when unlimited', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    h.emulator.control.addFault({ path: '*/agents/*/state', method: 'POST', after: 1, times: 'unlimited', action: { type: 'status', status: 503 } });
    expect((await h.api(`/agents/${agent}/state`, post({ state: 'Unavailable' }))).status).toBe(202);
    expect((await h.api(`/agents/${agent}/states`)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await h.api(`/agents/${agent}/state`, post({ state: 'Available' }))).status).toBe(503);
    expect(h.emulator.control.faults()[0]?.hits).toBe(3);
    h.emulator.control.clearFaults();
    expect((await h.api(`/agents/${agent}/state`, post({ state: 'Available' }))).status).toBe(202);
  });

  it('fails the token endpoint too, with a custom body', async () => {
    h = await startHarness({ agents: 0 });
    h.emulator.control.addFault({ path: '/auth/token', action: { type: 'status', status: 500, body: { error: 'server_error' } } });
    const key = h.seeded.accessKeyUser;
    const res = await h.tokenFor(key.accessKeyId, key.accessKeySecret);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'server_error' });
    expect((await h.tokenFor(key.accessKeyId, key.accessKeySecret)).status).toBe(200);
  });

  it('answers 401 as for a revoked token', async () => {
    h = await startHarness({ agents: 0 });
    const fault = h.emulator.control.addFault({ path: '*', times: 'unlimited', action: { type: 'status', status: 401 } });
    const res = await h.api('/agents');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_token' });
    h.emulator.control.removeFault(fault.id);
    expect((await h.api('/agents')).status).toBe(200);
  });

  it('delays an answer and then answers normally', async () => {
    h = await startHarness({ agents: 0 });
    h.emulator.control.addFault({ path: '*/server-time', action: { type: 'latency', ms: 20 } });
    expect((await h.api('/server-time')).status).toBe(200);
    expect(h.emulator.control.faults()).toEqual([]);
  });

  it('drops the connection without an answer', async () => {
    h = await startHarness({ agents: 0 });
    h.emulator.control.addFault({ path: '*/agents', action: { type: 'drop' } });
    await expect(h.api('/agents')).rejects.toThrow();
    expect((await h.api('/agents')).status).toBe(200);
  });

  it('repeats a poll\'s rows in the next poll (duplicate rows)', async () => {
    h = await startHarness({ agents: 2 });
    const [a, b] = h.seeded.agentIds as [number, number];
    const brk = h.seeded.codes[0]!;
    let since = (await h.json<Feed>('/agents/states')).lastPollTime;
    h.emulator.control.setState(a, 'Unavailable', brk.id);
    h.emulator.control.addFault({ path: FEED, action: { type: 'duplicateRows' } });
    const first = await poll(since);
    expect(first.agentStates.map((r) => r.agentId)).toEqual([a]);
    since = first.lastPollTime;
    h.emulator.control.setState(b, 'Unavailable', brk.id);
    const second = await poll(since);
    expect(second.agentStates.map((r) => r.agentId)).toEqual([a, b]);
    expect((await poll(second.lastPollTime)).agentStates).toEqual([]);
  });

  it('doubles rows within one answer', async () => {
    h = await startHarness({ agents: 1 });
    const a = h.seeded.agentIds[0]!;
    const since = (await h.json<Feed>('/agents/states')).lastPollTime;
    h.emulator.control.setState(a, 'Unavailable');
    h.emulator.control.addFault({ path: FEED, action: { type: 'duplicateRows', where: 'same' } });
    expect((await poll(since)).agentStates.map((r) => r.agentId)).toEqual([a, a]);
  });

  it('delivers held-back rows late, after newer ones, with their original time', async () => {
    h = await startHarness({ agents: 1 });
    const a = h.seeded.agentIds[0]!;
    const brk = h.seeded.codes[0]!;
    const lunch = h.seeded.codes[1]!;
    const since = (await h.json<Feed>('/agents/states')).lastPollTime;
    h.emulator.control.setState(a, 'Unavailable', brk.id);
    h.emulator.control.addFault({ path: FEED, action: { type: 'lateRows' } });
    const first = await poll(since);
    expect(first.agentStates).toEqual([]);
    h.emulator.control.setState(a, 'Unavailable', lunch.id);
    const second = await poll(first.lastPollTime);
    expect(second.agentStates.map((r) => r.outStateId)).toEqual([lunch.id, brk.id]);
    expect(Date.parse(second.agentStates[1]!.lastUpdateTime)).toBeLessThanOrEqual(Date.parse(first.lastPollTime));
  });

  it('reverses the rows of one answer', async () => {
    h = await startHarness({ agents: 1 });
    const a = h.seeded.agentIds[0]!;
    const since = (await h.json<Feed>('/agents/states')).lastPollTime;
    h.emulator.control.setState(a, 'Unavailable', h.seeded.codes[0]!.id);
    h.emulator.control.setState(a, 'Unavailable', h.seeded.codes[1]!.id);
    h.emulator.control.addFault({ path: FEED, action: { type: 'reorderRows' } });
    expect((await poll(since)).agentStates.map((r) => r.outStateId)).toEqual([h.seeded.codes[1]!.id, h.seeded.codes[0]!.id]);
  });

  it('never affects the control surface', async () => {
    h = await startHarness({ agents: 0 });
    h.emulator.control.addFault({ path: '*', times: 'unlimited', action: { type: 'status', status: 503 } });
    expect((await fetch(`${h.emulator.url}/emulator/faults`)).status).toBe(200);
  });
});

describe('request log', () => {
  it('records what the CXone surface answered, dropped connections with status 0, not the control surface', async () => {
    h = await startHarness({ agents: 0 });
    h.emulator.control.clearRequests();
    h.emulator.control.addFault({ path: '*/agents', action: { type: 'drop' } });
    await expect(h.api('/agents')).rejects.toThrow();
    await h.api('/agents?top=1');
    await h.api('/teams');
    await fetch(`${h.emulator.url}/emulator/faults`);
    expect(h.emulator.control.requests().map((r) => [r.method, r.path, r.query, r.status])).toEqual([
      ['GET', '/inContactAPI/services/v30.0/agents', '', 0],
      ['GET', '/inContactAPI/services/v30.0/agents', 'top=1', 200],
      ['GET', '/inContactAPI/services/v30.0/teams', '', 200],
    ]);
    expect(h.emulator.control.requests({ path: '*/teams', method: 'get' })).toHaveLength(1);
    const overHttp = (await (await fetch(`${h.emulator.url}/emulator/requests?path=*/agents`)).json()) as { requests: unknown[] };
    expect(overHttp.requests).toHaveLength(2);
    await fetch(`${h.emulator.url}/emulator/requests`, { method: 'DELETE' });
    expect(h.emulator.control.requests()).toEqual([]);
  });
});
