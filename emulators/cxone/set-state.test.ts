import { afterEach, describe, expect, it } from 'vitest';
import { post, startHarness, type Harness } from './test-support/harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.emulator.close();
});

const code = (name: string) => h.seeded.codes.find((c) => c.name === name)!;

describe('POST /agents/{agentId}/state', () => {
  it('sets Unavailable with a code from a JSON body and records the API as the cause', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const res = await h.api(`/agents/${agent}/state`, post({ state: 'Unavailable', outStateId: code('Lunch').id }));
    expect(res.status).toBe(202);
    expect(h.emulator.control.agent(agent)).toMatchObject({ state: 'Unavailable', outStateId: code('Lunch').id, outStateName: 'Lunch' });
    expect(h.emulator.control.changes({ agentId: agent }).at(-1)).toMatchObject({ cause: 'api', detail: 'POST /agents/{agentId}/state' });
  });

  it('accepts state and outStateId as query parameters, with or without a body', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    expect((await h.api(`/agents/${agent}/state?state=Unavailable&outStateId=${code('Break').id}`, { method: 'POST' })).status).toBe(202);
    expect(h.emulator.control.agent(agent).outStateName).toBe('Break');
    const empty = await h.api(`/agents/${agent}/state?state=Available`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '' });
    expect(empty.status).toBe(202);
    expect(h.emulator.control.agent(agent).state).toBe('Available');
  });

  it('sets the default Unavailable state without a code, and Available ignores a code', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    await h.api(`/agents/${agent}/state`, post({ state: 'Unavailable' }));
    expect(h.emulator.control.agent(agent)).toMatchObject({ state: 'Unavailable', outStateId: 0, outStateName: '' });
    await h.api(`/agents/${agent}/state`, post({ state: 'Available', outStateId: code('Lunch').id }));
    expect(h.emulator.control.agent(agent)).toMatchObject({ state: 'Available', outStateId: 0 });
  });

  it('refuses a code the agent\'s team lacks (400, or 409 when switched), an inactive or unknown code', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const tenantId = h.seeded.tenant.tenantId;
    const other = h.emulator.control.createCode(tenantId, { name: 'Elsewhere' });
    const res = await h.api(`/agents/${agent}/state`, post({ state: 'Unavailable', outStateId: other.id }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'InvalidOutState' });
    h.emulator.control.setBehaviour({ codeNotOnTeamStatus: 409 });
    expect((await h.api(`/agents/${agent}/state`, post({ state: 'Unavailable', outStateId: other.id }))).status).toBe(409);
    h.emulator.control.updateCode(tenantId, code('Lunch').id, { isActive: false });
    expect((await h.api(`/agents/${agent}/state`, post({ state: 'Unavailable', outStateId: code('Lunch').id }))).status).toBe(409);
    expect((await h.api(`/agents/${agent}/state`, post({ state: 'Unavailable', outStateId: 424242 }))).status).toBe(400);
    expect(h.emulator.control.agent(agent).state).toBe('Available');
  });

  it('answers 409 for an ACW code without an active contact', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const res = await h.api(`/agents/${agent}/state`, post({ state: 'Unavailable', outStateId: code('ACW').id }));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: 'NoActiveContact' });
  });

  it('refuses a logged-out agent (400, or 409 when switched)', async () => {
    h = await startHarness({ agents: 1, loggedIn: false });
    const agent = h.seeded.agentIds[0]!;
    const res = await h.api(`/agents/${agent}/state`, post({ state: 'Available' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'AgentNotLoggedIn' });
    h.emulator.control.setBehaviour({ loggedOutStatus: 409 });
    expect((await h.api(`/agents/${agent}/state`, post({ state: 'Available' }))).status).toBe(409);
  });

  it('queues the change as the next state while the agent is on a contact and applies it when the contact ends', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    h.emulator.control.startContact(agent);
    expect((await h.api(`/agents/${agent}/state`, post({ state: 'Unavailable', outStateId: code('ACW').id }))).status).toBe(202);
    expect(h.emulator.control.agent(agent)).toMatchObject({ state: 'InboundContact', nextState: { state: 'Unavailable', outStateId: code('ACW').id } });
    h.emulator.control.endContact(agent);
    expect(h.emulator.control.agent(agent)).toMatchObject({ state: 'Unavailable', outStateName: 'ACW', isAcw: true, nextState: null });
    expect(h.emulator.control.changes({ agentId: agent }).at(-1)).toMatchObject({ cause: 'api' });
  });

  it('returns the agent to its pre-contact state when no next state is queued', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    h.emulator.control.setState(agent, 'Unavailable', code('Break').id);
    h.emulator.control.startContact(agent, 'outbound');
    h.emulator.control.endContact(agent);
    expect(h.emulator.control.agent(agent)).toMatchObject({ state: 'Unavailable', outStateName: 'Break' });
    expect(h.emulator.control.changes({ agentId: agent }).at(-1)).toMatchObject({ cause: 'system', detail: 'contact-end' });
  });

  it('records nothing for the state the agent already has, unless switched to record it', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    const before = h.emulator.control.changes().length;
    await h.api(`/agents/${agent}/state`, post({ state: 'Available' }));
    expect(h.emulator.control.changes()).toHaveLength(before);
    h.emulator.control.setBehaviour({ sameStateChange: 'recorded' });
    await h.api(`/agents/${agent}/state`, post({ state: 'Available' }));
    expect(h.emulator.control.changes()).toHaveLength(before + 1);
  });

  it('answers with the switched success status', async () => {
    h = await startHarness({ agents: 1 }, { behaviour: { setStateStatus: 200 } });
    const agent = h.seeded.agentIds[0]!;
    const res = await h.api(`/agents/${agent}/state`, post({ state: 'Unavailable' }));
    expect(res.status).toBe(200);
    h.emulator.control.setBehaviour({ setStateStatus: 204 });
    expect((await h.api(`/agents/${agent}/state`, post({ state: 'Available' }))).status).toBe(204);
  });

  it('answers 400 for a bad state, outStateId or body, and 404 for an unknown or foreign agent', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    expect((await h.api(`/agents/${agent}/state`, post({ state: 'Busy' }))).status).toBe(400);
    expect((await h.api(`/agents/${agent}/state`, post({ state: 'Unavailable', outStateId: 'x' }))).status).toBe(400);
    expect((await h.api(`/agents/${agent}/state`, { method: 'POST', body: '{nope' })).status).toBe(400);
    expect((await h.api('/agents/999999/state', post({ state: 'Available' }))).status).toBe(404);
    expect((await h.api('/agents/abc/state', post({ state: 'Available' }))).status).toBe(400);
    const other = h.emulator.control.seed({ agents: 1 });
    expect((await h.api(`/agents/${other.agentIds[0]}/state`, post({ state: 'Available' }))).status).toBe(404);
  });

  it('accepts the state case-insensitively', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.seeded.agentIds[0]!;
    expect((await h.api(`/agents/${agent}/state`, post({ state: 'unavailable' }))).status).toBe(202);
    expect(h.emulator.control.agent(agent).state).toBe('Unavailable');
  });
});
