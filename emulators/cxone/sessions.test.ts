import { afterEach, describe, expect, it } from 'vitest';
import { post, startHarness, type Harness } from './test-support/harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.emulator.close();
});

type Events = { sessionId: string; events: { Type: string; CurrentState?: string; CurrentOutReason?: string; NextStates?: unknown[] }[] };

const join = async (agentId: number): Promise<string> => {
  const res = await h.api('/agent-sessions/join', post({ asAgentId: agentId }));
  expect(res.status).toBe(202);
  return ((await res.json()) as { sessionId: string }).sessionId;
};
const nextEvent = (sessionId: string, timeout = 0) => h.api(`/agent-sessions/${sessionId}/get-next-event?timeout=${timeout}`);
const drain = async (sessionId: string): Promise<Events['events']> => {
  const res = await nextEvent(sessionId);
  return res.status === 200 ? ((await res.json()) as Events).events : [];
};

describe('agent sessions', () => {
  it('starts a session for the token\'s user, which logs it in (default Unavailable)', async () => {
    h = await startHarness({ agents: 0 });
    const res = await h.api('/agent-sessions', post({ stationPhoneNumber: '5551234' }));
    expect(res.status).toBe(202);
    const { sessionId } = (await res.json()) as { sessionId: string };
    expect(h.emulator.control.agent(h.seeded.accessKeyUser.agentId)).toMatchObject({ state: 'Unavailable', outStateId: 0 });
    const events = await drain(sessionId);
    expect(events.map((e) => e.Type)).toEqual(['AgentSessionStart', 'AgentState']);
    expect((await h.api('/agent-sessions', post({ stationId: 'S1' }))).status).toBe(409);
    expect((await h.api('/agent-sessions', post({}))).status).toBe(400);
  });

  it('starts a session as another agent with asAgentId', async () => {
    h = await startHarness({ agents: 1, loggedIn: false });
    const agent = h.seeded.agentIds[0]!;
    expect((await h.api('/agent-sessions', post({ stationId: 'S1', asAgentId: agent }))).status).toBe(202);
    expect(h.emulator.control.agent(agent).state).toBe('Unavailable');
  });

  it('joins a logged-in agent\'s session and sets state by reason name', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const sessionId = await join(agent);
    const set = await h.api(`/agent-sessions/${sessionId}/state`, post({ state: 'Unavailable', reason: 'Lunch' }));
    expect(set.status).toBe(202);
    expect(h.emulator.control.agent(agent)).toMatchObject({ state: 'Unavailable', outStateName: 'Lunch' });
    expect(h.emulator.control.changes({ agentId: agent }).at(-1)).toMatchObject({ cause: 'api', detail: 'agent-session state' });
    const events = await drain(sessionId);
    expect(events.at(-1)).toMatchObject({ Type: 'AgentState', CurrentState: 'Unavailable', CurrentOutReason: 'Lunch' });
  });

  it('records plain Unavailable for a reason that matches no code exactly (case-sensitive)', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const sessionId = await join(agent);
    await h.api(`/agent-sessions/${sessionId}/state?state=Unavailable&reason=lunch`, { method: 'POST' });
    expect(h.emulator.control.agent(agent)).toMatchObject({ state: 'Unavailable', outStateId: 0 });
    await h.api(`/agent-sessions/${sessionId}/state`, post({ state: 'Available' }));
    expect(h.emulator.control.agent(agent).state).toBe('Available');
    expect((await h.api(`/agent-sessions/${sessionId}/state`, post({ state: 'Away' }))).status).toBe(400);
    expect((await h.api(`/agent-sessions/${sessionId}/state`, post({ state: 'Unavailable', reason: 'ACW' }))).status).toBe(409);
  });

  it('long-polls get-next-event: 304 when nothing happens, 200 as soon as the agent changes', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const sessionId = await join(agent);
    await drain(sessionId);
    expect((await nextEvent(sessionId, 0)).status).toBe(304);
    expect((await nextEvent(sessionId, 1)).status).toBe(304);
    const waiting = nextEvent(sessionId, 30);
    await new Promise((resolve) => setTimeout(resolve, 50));
    h.emulator.control.setState(agent, 'Unavailable', h.seeded.codes[0]!.id);
    const res = await waiting;
    expect(res.status).toBe(200);
    const body = (await res.json()) as Events;
    expect(body.sessionId).toBe(sessionId);
    expect(body.events[0]).toMatchObject({ Type: 'AgentState', CurrentState: 'Unavailable', CurrentOutReason: 'Break' });
  });

  it('reports next states while the agent is on a contact', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const sessionId = await join(agent);
    h.emulator.control.startContact(agent);
    await h.api(`/agent-sessions/${sessionId}/state`, post({ state: 'Unavailable', reason: 'ACW' }));
    h.emulator.control.endContact(agent);
    const events = await drain(sessionId);
    expect(events.at(-1)).toMatchObject({ Type: 'AgentState', CurrentState: 'Unavailable', CurrentOutReason: 'ACW', IsAcw: true });
  });

  it('ends a joined session without logging out; with forceLogoff it logs the agent out, then 409', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const first = await join(agent);
    expect((await h.api(`/agent-sessions/${first}`, { method: 'DELETE' })).status).toBe(202);
    expect(h.emulator.control.agent(agent).state).toBe('Available');
    expect((await h.api(`/agent-sessions/${first}/state`, post({ state: 'Available' }))).status).toBe(409);

    const second = await join(agent);
    await drain(second);
    expect((await h.api(`/agent-sessions/${second}?forceLogoff=true`, { method: 'DELETE' })).status).toBe(202);
    expect(h.emulator.control.agent(agent).state).toBe('LoggedOut');
    expect((await drain(second)).map((e) => e.Type)).toEqual(['AgentSessionEnd']);
    expect((await nextEvent(second)).status).toBe(409);
    expect((await h.api(`/agent-sessions/${second}/keep-alive`, { method: 'POST' })).status).toBe(409);
    expect((await h.api('/agent-sessions/join', post({ asAgentId: agent }))).status).toBe(409);
  });

  it('needs endContacts to end the session of an agent on a contact', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const sessionId = await join(agent);
    h.emulator.control.startContact(agent);
    const refused = await h.api(`/agent-sessions/${sessionId}`, { method: 'DELETE', body: JSON.stringify({ forceLogoff: true }) });
    expect(refused.status).toBe(409);
    const ok = await h.api(`/agent-sessions/${sessionId}`, { method: 'DELETE', body: JSON.stringify({ forceLogoff: true, endContacts: true }) });
    expect(ok.status).toBe(202);
    expect(h.emulator.control.agent(agent)).toMatchObject({ state: 'LoggedOut', contactId: null });
  });

  it('ends every session when the agent logs out elsewhere', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const sessionId = await join(agent);
    await drain(sessionId);
    const waiting = nextEvent(sessionId, 30);
    await new Promise((resolve) => setTimeout(resolve, 50));
    h.emulator.control.logout(agent);
    const res = await waiting;
    expect(((await res.json()) as Events).events.map((e) => e.Type)).toEqual(['AgentSessionEnd']);
    expect((await nextEvent(sessionId)).status).toBe(409);
  });

  it('keeps a session alive, and refuses impersonation for a user without it', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const sessionId = await join(agent);
    expect((await h.api(`/agent-sessions/${sessionId}/keep-alive`, { method: 'POST' })).status).toBe(202);
    h.emulator.control.updateUser(h.seeded.accessKeyUser.agentId, { canImpersonate: false });
    const refused = await h.api('/agent-sessions/join', post({ asAgentId: agent }));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'ImpersonateNotEnabled' });
    expect((await h.api('/agent-sessions/join', post({}))).status).toBe(400);
  });

  it('keeps only the newest 1,000 events of a session nobody polls', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const sessionId = await join(agent);
    for (let i = 0; i < 1_010; i++) h.emulator.control.setState(agent, i % 2 === 0 ? 'Unavailable' : 'Available');
    const events = await drain(sessionId);
    expect(events).toHaveLength(1_000);
    expect(events.at(-1)).toMatchObject({ CurrentState: 'Available' });
  });

  it('answers 404 for an unknown session', async () => {
    h = await startHarness({ agents: 1 });
    expect((await nextEvent('nope')).status).toBe(404);
    expect((await h.api('/agent-sessions/nope/state', post({ state: 'Available' }))).status).toBe(404);
  });
});
