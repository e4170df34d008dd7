import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeClient } from '../../bridge-client/bridge-client.ts';
import { OFFLINE, status, toId18 } from '../../src/domain/index.ts';
import { FakeToolkit, STATUS } from './support/fake-toolkit.ts';
import { agentOf, startClient, startHub, until, user, type RunningHub } from './support/hub-harness.ts';

const id18 = (id: string): string => {
  const parsed = toId18(id);
  if (!parsed.ok) throw new Error(id);
  return parsed.value;
};
const agent = (n: number): string => agentOf(id18(user(n)));

let hub: RunningHub | undefined;
const clients: BridgeClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.stop();
  await hub?.close();
  hub = undefined;
});

async function connected(n: number, toolkit: FakeToolkit, options: Parameters<typeof startClient>[3] = {}): Promise<BridgeClient> {
  if (!hub) throw new Error('no hub');
  const client = startClient(hub.url, user(n), toolkit, options);
  clients.push(client);
  await until(() => client.phase === 'active' || client.phase === 'standby', 'the console to connect');
  return client;
}

describe('console bridge round trips', () => {
  it('reports the status a console shows when it connects, then applies a command and tags its echo', async () => {
    hub = await startHub();
    const toolkit = new FakeToolkit(STATUS.busy);
    await connected(1, toolkit);
    await until(() => hub!.events.length === 1, 'the connected event');
    expect(hub.events[0]).toMatchObject({ agentId: agent(1), origin: 'console_connected', observation: { side: 'salesforce', presence: status(STATUS.busy.statusId) } });

    const outcome = await hub.hub.sendSetStatus(agent(1), status(STATUS.available.statusId), { intentId: 'intent-1', timeoutMs: 2_000 });
    expect(outcome).toMatchObject({ kind: 'applied', presence: status(STATUS.available.statusId) });
    expect(toolkit.current).toEqual(STATUS.available);
    await until(() => hub!.events.length === 2, 'the echo');
    const commandId = outcome.kind === 'applied' ? outcome.commandId : '';
    expect(hub.events[1]).toMatchObject({ origin: 'console_toolkit', hubCommandId: commandId, observation: { presence: status(STATUS.available.statusId) } });
  });

  it('answers applied without touching the toolkit when the console already shows the target', async () => {
    hub = await startHub();
    const toolkit = new FakeToolkit(STATUS.busy);
    await connected(1, toolkit);
    const outcome = await hub.hub.sendSetStatus(agent(1), status(STATUS.busy.statusId), { intentId: 'i', timeoutMs: 2_000 });
    expect(outcome.kind).toBe('applied');
    expect(toolkit.calls).toEqual([]);
  });

  it('logs the agent out for an Offline command', async () => {
    hub = await startHub();
    const toolkit = new FakeToolkit(STATUS.busy);
    await connected(1, toolkit);
    const outcome = await hub.hub.sendSetStatus(agent(1), OFFLINE, { intentId: 'i', timeoutMs: 2_000 });
    expect(outcome).toMatchObject({ kind: 'applied', presence: OFFLINE });
    expect(toolkit.calls).toEqual(['logout']);
    await until(() => hub!.events.some((e) => e.origin === 'console_toolkit'), 'the logout echo');
    expect(hub.events.at(-1)).toMatchObject({ observation: { presence: OFFLINE }, hubCommandId: outcome.kind === 'applied' ? outcome.commandId : '' });
  });

  it('reports manual, supervisor and logout changes with their origins, and ignores a duplicate-login logout', async () => {
    hub = await startHub();
    const toolkit = new FakeToolkit(STATUS.busy);
    await connected(1, toolkit);
    toolkit.agentSets(STATUS.lunch);
    toolkit.supervisorSets(STATUS.available);
    toolkit.agentLogsOut('DuplicateLogin');
    toolkit.agentLogsOut();
    await until(() => hub!.events.length === 4, 'four events');
    expect(hub.events.map((e) => [e.origin, e.observation.side === 'salesforce' ? e.observation.presence : undefined])).toEqual([
      ['console_connected', status(STATUS.busy.statusId)],
      ['console_manual', status(STATUS.lunch.statusId)],
      ['console_supervisor', status(STATUS.available.statusId)],
      ['console_manual', OFFLINE],
    ]);
    expect(new Set(hub.events.map((e) => e.dedupKey)).size).toBe(4);
    expect(hub.events.every((e) => e.hubCommandId === undefined)).toBe(true);
  });

  it('classifies refused, no console and timed out', async () => {
    hub = await startHub();
    expect(await hub.hub.sendSetStatus(agent(1), status(STATUS.busy.statusId), { intentId: 'i', timeoutMs: 100 })).toEqual({ kind: 'no_console' });
    const toolkit = new FakeToolkit(STATUS.busy, [STATUS.busy]);
    await connected(1, toolkit);
    const refused = await hub.hub.sendSetStatus(agent(1), status(STATUS.lunch.statusId), { intentId: 'i', timeoutMs: 2_000 });
    expect(refused).toMatchObject({ kind: 'refused', why: expect.stringContaining("isn't available") });
    toolkit.hang = true;
    const timedOut = await hub.hub.sendSetStatus(agent(1), status(STATUS.available.statusId), { intentId: 'i', timeoutMs: 50 });
    expect(timedOut).toMatchObject({ kind: 'timed_out', why: 'no_answer' });
    await expect(hub.hub.sendSetStatus(agent(1), OFFLINE, { intentId: 'not valid!', timeoutMs: 50 })).rejects.toThrow(/PSYNC_BRIDGE_INTENT_ID/);
    const controller = new AbortController();
    const aborted = hub.hub.sendSetStatus(agent(1), status(STATUS.available.statusId), { intentId: 'i', timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    expect(await aborted).toMatchObject({ kind: 'timed_out', why: 'aborted' });
    expect(hub.hub.stats().pendingCommands).toBe(0);
    expect(hub.hub.activeConsoles()).toEqual([{ agentId: agent(1), orgId: '00D000000000001EAA', sfUserId: id18(user(1)) }]);
  });

  it('runs the initial-sync hook when a console connects', async () => {
    const results: string[] = [];
    const started: RunningHub = await startHub({
      onConsoleConnected: async (c) => {
        const outcome = await started.hub.sendSetStatus(c.agentId, status(STATUS.available.statusId), { intentId: 'initial', timeoutMs: 2_000 });
        results.push(outcome.kind);
      },
    });
    hub = started;
    const toolkit = new FakeToolkit(null);
    await connected(1, toolkit);
    await until(() => results.length === 1, 'the initial sync');
    expect(results).toEqual(['applied']);
    expect(toolkit.current).toEqual(STATUS.available);
    expect(hub.events[0]).toMatchObject({ origin: 'console_connected', observation: { presence: OFFLINE } });
  });

  it('makes the agent Offline when the console stays away past the grace period, not when it comes back in time', async () => {
    hub = await startHub({ graceMs: 150 });
    const toolkit = new FakeToolkit(STATUS.busy);
    const first = await connected(1, toolkit);
    first.stop();
    await until(() => hub!.events.some((e) => e.origin === 'console_closed'), 'the console_closed event');
    expect(hub.events.at(-1)).toMatchObject({ agentId: agent(1), origin: 'console_closed', observation: { presence: OFFLINE } });
    expect(hub.hub.stats()).toMatchObject({ agents: 0, connections: 0 });

    // Back within the grace period: no Offline.
    hub.events.length = 0;
    const back = await connected(2, new FakeToolkit(STATUS.busy));
    back.stop();
    await until(() => hub!.hub.stats().inGrace === 1, 'the grace period to start');
    await connected(2, new FakeToolkit(STATUS.busy));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hub.events.map((e) => e.origin)).toEqual(['console_connected', 'console_connected']);
  });

  it('keeps a second tab standing by and lets it take over when the active one goes', async () => {
    hub = await startHub();
    const toolkitA = new FakeToolkit(STATUS.busy);
    const toolkitB = new FakeToolkit(STATUS.busy);
    const a = await connected(1, toolkitA, { tabId: 'tab-a' });
    const b = await connected(1, toolkitB, { tabId: 'tab-b' });
    expect([a.phase, b.phase]).toEqual(['active', 'standby']);
    toolkitB.agentSets(STATUS.lunch); // a standby tab reports nothing
    a.stop();
    await until(() => b.phase === 'active', 'tab b to take over');
    await until(() => hub!.events.length === 2, 'the takeover event');
    expect(hub.events[1]).toMatchObject({ origin: 'console_connected', observation: { presence: status(STATUS.lunch.statusId) }, dedupKey: expect.stringContaining('tab-b') });
    const outcome = await hub.hub.sendSetStatus(agent(1), status(STATUS.available.statusId), { intentId: 'i', timeoutMs: 2_000 });
    expect(outcome.kind).toBe('applied');
    expect(toolkitB.current).toEqual(STATUS.available);
    expect(toolkitA.calls).toEqual([]);
    expect(hub.hub.stats()).toMatchObject({ active: 1, standby: 0, inGrace: 0 });
  });

  it('refuses a console whose user is not linked, and the console waits', async () => {
    const logs: string[] = [];
    hub = await startHub();
    const client = startClient(hub.url, '005900000000001', new FakeToolkit(null), { log: (_l, m) => logs.push(m) });
    clients.push(client);
    await until(() => logs.some((m) => m.includes('unknown_user')), 'the refusal');
    await until(() => client.phase === 'waiting', 'the console to wait');
    expect(hub.events).toEqual([]);
  });

  it('reconnects a console whose event the sink could not take, which then reports again', async () => {
    let failures = 1;
    const taken: string[] = [];
    hub = await startHub({
      sink: async (event) => {
        if (failures-- > 0) throw new Error('database unavailable');
        taken.push(event.origin);
      },
    });
    const toolkit = new FakeToolkit(STATUS.busy);
    const client = startClient(hub.url, user(1), toolkit);
    clients.push(client);
    await until(() => taken.length === 1, 'the event after the reconnect');
    expect(taken).toEqual(['console_connected']);
    // The hub's welcome may reach the client a moment after the sink took the hello.
    await until(() => client.phase === 'active', 'the client to become the active console');
    expect(client.phase).toBe('active');
  });
});

