/**
 * Design §5 end to end: the hub (startHub, SQLite) between the CXone emulator (polled over REST)
 * and the Salesforce emulator's simulated Omni-Channel consoles (real bridge over WebSocket),
 * seeded as the demo's administrator does it, with the demo's bidirectional rule:
 *   publisher  Available → Available for Chats, Lunch → Busy, Break → On Break, on a call → On a Call, logged out → Offline
 *   subscriber Busy → Lunch, On Break → Break, Available for Chats → PREVIOUS
 * Each scenario uses its own agent, so they share one world.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAgent } from '../../demo/demo-world.ts';
import { OFFLINE, startE2e, until, type E2e } from './support/e2e-hub.ts';

const LUNCH = 'Unavailable:Lunch';
const BREAK = 'Unavailable:Break';

let e2e: E2e;
let next = 0;
/** A fresh agent for each scenario. */
const agent = (): DemoAgent => e2e.world.agents[next++]!;

beforeAll(async () => {
  e2e = await startE2e({ agents: 15 });
});

afterAll(async () => {
  await e2e?.close();
});

const code = (name: string) => Number(e2e.world.codes[name]);

async function waitCx(a: DemoAgent, state: string): Promise<void> {
  await until(() => e2e.cxoneState(a) === state, { what: () => `${a.name} CXone ${state} (is ${e2e.cxoneState(a)})` });
}
async function waitSf(a: DemoAgent, status: string): Promise<void> {
  await until(() => e2e.sfStatus(a) === status, { what: () => `${a.name} Salesforce ${status} (is ${e2e.sfStatus(a)})` });
}
/** Logged in, Available on CXone, console open and showing Available for Chats. */
async function ready(a: DemoAgent): Promise<void> {
  e2e.openConsole(a);
  e2e.cx.login(a.cxoneAgentId);
  e2e.cx.setState(a.cxoneAgentId, 'Available');
  await waitSf(a, 'Available_for_Chats');
}
/** Waits until the hub has polled CXone `n` more times (a bound for "nothing else happens"). */
async function polls(n: number): Promise<void> {
  const count = () => e2e.cx.requests().filter((r) => r.path.includes('/agents/states')).length;
  const start = count();
  await until(() => count() >= start + n, { what: `${n} more CXone polls` });
}
const hubCxWrites = (a: DemoAgent) => e2e.cx.changes({ agentId: a.cxoneAgentId }).filter((c) => c.cause === 'api');
const hubSfWrites = (a: DemoAgent) => e2e.consoleEvents.filter((ev) => ev.userId === e2e.sfUserId(a) && ev.byHub);
const reasons = async (a: DemoAgent) => (await e2e.decisions(a)).map((d) => d.reason);

describe('every row kind, end to end', () => {
  it('publisher: a CXone change sets the Omni-Channel status the row names', async () => {
    const a = agent();
    await ready(a);
    e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code('Lunch'));
    await waitSf(a, 'Busy');
    const last = (await e2e.decisions(a)).filter((d) => d.outcome === 'write').at(-1)!;
    expect(last.reason).toBe('publisher_row');
    expect(last.rule?.id).toBe('voice-agents');
    expect(hubCxWrites(a)).toEqual([]);
  });

  it('subscriber: an Omni-Channel change sets the CXone state the row names', async () => {
    const a = agent();
    await ready(a);
    e2e.agentSets(a, 'On_Break');
    await waitCx(a, BREAK);
    expect(hubCxWrites(a).map((c) => [c.to.name, c.to.outStateId])).toEqual([['Unavailable', code('Break')]]);
    expect(await reasons(a)).toContain('subscriber_row');
  });

  it('PREVIOUS returns to the CXone state before the hub’s last CXone change (not simply Available)', async () => {
    const a = agent();
    await ready(a);
    e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code('Break'));
    await waitSf(a, 'On_Break');
    e2e.agentSets(a, 'Busy');
    await waitCx(a, LUNCH); // the hub's change: the state before it was Break
    // The hub learns of its applied change from the poll (the next test asks before that).
    await until(async () => (await e2e.decisions(a)).some((d) => d.outcome === 'echo' && d.explanation.includes('on cxone')), { what: 'the CXone echo' });
    e2e.agentSets(a, 'Available_for_Chats');
    await waitCx(a, BREAK);
    const writes = (await e2e.decisions(a)).filter((d) => d.outcome === 'write');
    expect(writes.at(-1)!.reason).toBe('previous_state');
    // CXone's return to Break is the hub's own write: its echo decides nothing, Salesforce keeps what the agent chose.
    await polls(3);
    expect(e2e.sfStatus(a)).toBe('Available_for_Chats');
    expect(hubCxWrites(a).map((c) => c.to.outStateId)).toEqual([code('Lunch'), code('Break')]);
  });

  it('PREVIOUS asked before the hub’s CXone change has come back still returns to the state before it', async () => {
    const a = agent();
    await ready(a);
    e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code('Break'));
    await waitSf(a, 'On_Break');
    // CXone's states feed stops answering: the hub cannot see its own change come back.
    const blind = e2e.cx.addFault({ path: '/inContactAPI/services/*/agents/states', method: 'GET', times: 'unlimited', action: { type: 'status', status: 503 } });
    try {
      e2e.agentSets(a, 'Busy');
      await waitCx(a, LUNCH);
      e2e.agentSets(a, 'Available_for_Chats');
      await waitCx(a, BREAK);
    } finally {
      e2e.cx.removeFault(blind.id);
    }
    const writes = (await e2e.decisions(a)).filter((d) => d.outcome === 'write');
    expect(writes.at(-1)).toMatchObject({ reason: 'previous_state' });
    expect(writes.at(-1)!.explanation).toMatch(/set CXone to Unavailable – Break/);
    await polls(3);
    expect(e2e.sfStatus(a)).toBe('Available_for_Chats');
    expect(hubCxWrites(a).map((c) => c.to.outStateId)).toEqual([code('Lunch'), code('Break')]);
  });

  it('echo: the hub’s own write comes back once as an echo and decides nothing more', async () => {
    const a = agent();
    await ready(a);
    await polls(3);
    const before = (await e2e.decisions(a)).length;
    e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code('Lunch'));
    await waitSf(a, 'Busy');
    await until(async () => (await e2e.decisions(a)).slice(before).some((d) => d.outcome === 'echo'), { what: 'the echo decision' });
    await polls(3);
    const after = (await e2e.decisions(a)).slice(before).map((d) => `${d.outcome}:${d.reason}`);
    expect(after).toEqual(['write:publisher_row', 'echo:echo']);
    expect(hubSfWrites(a).map((ev) => ev.status)).toEqual(['Available_for_Chats', 'Busy']);
    expect(hubCxWrites(a)).toEqual([]);
  });

  it('initial sync: a console that connects is pushed the status the CXone state maps to', async () => {
    const a = agent();
    e2e.cx.login(a.cxoneAgentId);
    e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code('Break'));
    // No console yet: the hub observes CXone and has nowhere to write.
    await until(async () => (await e2e.decisions(a)).some((d) => d.explanation.includes('Break')), { what: 'the CXone change decided' });
    expect(e2e.sfStatus(a)).toBe(OFFLINE);
    e2e.openConsole(a);
    await waitSf(a, 'On_Break');
    // The write CXone's change asked for is the one the console gets: its hello decides no second one (#14).
    const hello = (await e2e.decisions(a)).find((d) => (d.details.event as { origin: string }).origin === 'console_connected');
    expect(hello).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
  });

  it('console closed: after the grace period the agent counts as Offline, which the rule does not map back to CXone', async () => {
    const a = agent();
    await ready(a);
    e2e.closeConsole(a);
    await until(async () => (await e2e.decisions(a)).some((d) => d.explanation.includes('Offline') && d.reason === 'no_subscriber_row'), {
      what: async () => `an Offline decision; got ${(await reasons(a)).join(',')}`,
    });
    expect(e2e.cxoneState(a)).toBe('Available');
    // While closed, CXone changes wait for the console; it gets them when it connects again.
    e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code('Lunch'));
    await until(async () => (await e2e.decisions(a)).some((d) => d.reason === 'salesforce_console_closed'), { what: 'the console-closed decision' });
    e2e.openConsole(a);
    await waitSf(a, 'Busy');
  });

  it('on a contact: a subscriber change waits for the contact to end', async () => {
    const a = agent();
    await ready(a);
    e2e.cx.startContact(a.cxoneAgentId, 'inbound');
    await waitSf(a, 'On_a_Call');
    e2e.agentSets(a, 'Busy');
    await until(() => e2e.cxoneNextState(a) === LUNCH, { what: () => `${a.name}'s next state Lunch (is ${e2e.cxoneNextState(a)})` });
    expect(e2e.cxoneState(a)).toBe('InboundContact');
    const write = (await e2e.decisions(a)).filter((d) => d.outcome === 'write').at(-1)!;
    expect(write.explanation).toMatch(/once the agent's current contact ends/);
    e2e.cx.endContact(a.cxoneAgentId);
    await waitCx(a, LUNCH);
    await polls(3);
    expect(e2e.sfStatus(a)).toBe('Busy');
  });

  it('conflict: both sides change close together; the change observed last wins, the older one is superseded', async () => {
    const a = agent();
    await ready(a);
    // CXone answers the hub's write with 503s, so the subscriber write is still waiting when the newer CXone change arrives.
    const fault = e2e.cx.addFault({ path: '/inContactAPI/services/*/agents/*/state', method: 'POST', times: 'unlimited', action: { type: 'status', status: 503 } });
    e2e.agentSets(a, 'On_Break');
    await until(async () => (await e2e.hub.store.mailbox.get({ tenantId: 'demo', agentId: String(a.cxoneAgentId), target: 'cxone' }))?.status === 'pending', { what: 'the pending CXone write' });
    e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code('Lunch'));
    await waitSf(a, 'Busy');
    e2e.cx.removeFault(fault.id);
    const intent = await e2e.hub.store.mailbox.get({ tenantId: 'demo', agentId: String(a.cxoneAgentId), target: 'cxone' });
    expect(intent?.status).toBe('superseded');
    const winner = (await e2e.decisions(a)).filter((d) => d.outcome === 'write').at(-1)!;
    expect(winner.reason).toBe('publisher_row');
    expect(winner.details.superseded).toBe('cxone');
    await polls(3);
    expect(e2e.cxoneState(a)).toBe(LUNCH);
    expect(hubCxWrites(a)).toEqual([]);
  });
});
