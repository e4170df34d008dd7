import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocketConstructor } from '../../bridge-client/bridge-client.ts';
import { ConsoleFleet, SimulatedAgentConsole } from '../../emulators/salesforce/console/index.ts';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from '../../emulators/salesforce/index.ts';
import { OFFLINE, status } from '../../src/domain/index.ts';
import type { SetStatusOutcome } from '../../src/bridge/set-status-outcome.ts';
import { startHub, until, type RunningHub } from './support/hub-harness.ts';

const SECRET = 'psb1_emulated-org-secret';

let emulator: SalesforceEmulator;
let org: SeededOrg;
let hub: RunningHub;
const consoles: SimulatedAgentConsole[] = [];

beforeEach(async () => {
  emulator = await createSalesforceEmulator({
    orgs: [
      {
        id: '00D5g000004XyZa',
        name: 'Bridge Org',
        myDomain: 'bridge',
        settings: { allowUsernamePasswordFlows: true }, // as its administrator set it (off in new orgs)
        channels: [{ developerName: 'Case', label: 'Case' }],
        statuses: [{ label: 'Available', channels: ['Case'] }, { label: 'Busy' }, { label: 'On Break' }],
        profiles: [{ name: 'Agent', statusAccess: ['Available', 'Busy'] }],
        users: [{ username: 'ann@bridge.example', password: 'Pass-1234', lastName: 'Ann', profile: 'Agent', serviceCloudUser: true, presence: 'Busy' }],
      },
    ],
  });
  org = emulator.control.describeOrg('00D5g000004XyZa');
  hub = await startHub({
    secrets: { lookup: (orgId) => (orgId === org.id ? SECRET : undefined) },
    links: { resolve: (_orgId, sfUser) => `agent-${sfUser}` },
    graceMs: 2_000,
  });
});

afterEach(async () => {
  for (const c of consoles.splice(0)) c.closeBrowser();
  await hub.close();
  await emulator.close();
});

const ann = (): string => org.users['ann@bridge.example']!;
const agent = (): string => `agent-${ann()}`;
const statusId = (developerName: string): string => org.statuses[developerName]!;

function browser(): SimulatedAgentConsole {
  const c = new SimulatedAgentConsole({
    control: emulator.control,
    orgId: org.id,
    userId: ann(),
    hubUrl: hub.url,
    bridgeSecret: SECRET,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    backoff: { baseMs: 20, maxMs: 100 },
    leaseHeartbeatMs: 50,
  });
  consoles.push(c);
  return c;
}

/** The org's view: the current UserServicePresence row's status, or undefined when none is current. */
function orgPresence(): string | undefined {
  const rows = emulator.control.records(org.id, 'UserServicePresence').filter((r) => r.UserId === ann() && r.IsCurrentState === true);
  expect(rows.length).toBeLessThanOrEqual(1);
  return rows[0]?.ServicePresenceStatusId as string | undefined;
}

async function command(developerName: string | null): Promise<SetStatusOutcome> {
  return hub.hub.sendSetStatus(agent(), developerName === null ? OFFLINE : status(statusId(developerName)), { intentId: 'i', timeoutMs: 3_000 });
}

describe('simulated agent consoles over the real bridge client', () => {
  it('report what the org shows, and apply commands as UserServicePresence rows', async () => {
    const c = browser();
    c.openTab();
    await until(() => hub.hub.hasConsole(agent()), 'the console');
    await until(() => hub.events.length === 1, 'the hello');
    expect(hub.events[0]).toMatchObject({ origin: 'console_connected', observation: { presence: status(statusId('Busy')) } });

    expect(await command('Available')).toMatchObject({ kind: 'applied', presence: status(statusId('Available')) });
    expect(orgPresence()).toBe(statusId('Available'));
    await until(() => hub.events.length === 2, 'the echo');
    expect(hub.events[1]).toMatchObject({ origin: 'console_toolkit', hubCommandId: expect.any(String) });

    // A status the profile does not grant is refused, and the org is unchanged.
    expect(await command('On_Break')).toMatchObject({ kind: 'refused', why: expect.stringContaining("isn't available") });
    expect(orgPresence()).toBe(statusId('Available'));

    expect(await command(null)).toMatchObject({ kind: 'applied', presence: OFFLINE });
    expect(orgPresence()).toBeUndefined();
    const closed = emulator.control.records(org.id, 'UserServicePresence').filter((r) => r.UserId === ann());
    expect(closed.every((r) => r.IsCurrentState === false && typeof r.StatusEndDate === 'number')).toBe(true);
  });

  it('report manual and supervisor changes and logouts with their origins', async () => {
    const c = browser();
    c.openTab();
    await until(() => hub.events.length === 1, 'the hello');
    c.agentSets('Available');
    await until(() => hub.events.length === 2, 'the manual change');
    c.supervisorSets('Busy');
    await until(() => hub.events.length === 3, 'the supervisor change');
    c.supervisorLogsOut();
    await until(() => hub.events.length === 4, 'the logout');
    expect(hub.events.slice(1).map((e) => e.origin)).toEqual(['console_manual', 'console_supervisor', 'console_supervisor']);
    expect(hub.events[3]?.observation).toEqual({ side: 'salesforce', presence: OFFLINE });
    expect(orgPresence()).toBeUndefined();
  });

  it('count a closed browser as Offline after the grace period, in the hub and in the org', async () => {
    const c = browser();
    c.openTab();
    await until(() => hub.hub.hasConsole(agent()), 'the console');
    c.closeBrowser();
    expect(orgPresence()).toBeUndefined();
    await until(() => hub.events.some((e) => e.origin === 'console_closed'), 'the Offline conclusion');
  });

  it('lose no command across a network drop', async () => {
    const c = browser();
    c.openTab();
    await until(() => hub.hub.hasConsole(agent()), 'the console');
    c.dropNetwork();
    await until(() => !hub.hub.hasConsole(agent()), 'the hub to notice');
    const outcomes: SetStatusOutcome[] = [];
    setTimeout(() => c.restoreNetwork(), 100);
    for (let i = 0; i < 200 && outcomes.at(-1)?.kind !== 'applied'; i++) {
      outcomes.push(await command('Available'));
      if (outcomes.at(-1)?.kind !== 'applied') await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(outcomes[0]?.kind).toBe('no_console');
    expect(outcomes.at(-1)?.kind).toBe('applied');
    expect(orgPresence()).toBe(statusId('Available'));
    expect(hub.events.some((e) => e.origin === 'console_closed')).toBe(false);
  });

  it('keep one connection for two tabs and hand over when the active tab closes', async () => {
    const c = browser();
    const first = c.openTab();
    await until(() => first.phase === 'active', 'the first tab');
    const second = c.openTab();
    await until(() => second.phase === 'follower', 'the second tab to follow the first');
    expect(second.phase).toBe('follower');
    expect(hub.hub.stats().connections).toBe(1);
    first.close();
    await until(() => second.phase === 'active', 'the second tab to take over', 10_000);
    expect(await command('Available')).toMatchObject({ kind: 'applied' });
    expect(orgPresence()).toBe(statusId('Available'));
  });

  it('are opened and closed by username through a fleet', async () => {
    const fleet = new ConsoleFleet({
      control: emulator.control,
      hubUrl: hub.url,
      bridgeSecrets: { [org.id]: SECRET },
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      leaseHeartbeatMs: 50,
    });
    try {
      const c = fleet.open(org.id, 'ann@bridge.example');
      expect(fleet.of(org.id15, 'ann@bridge.example')).toEqual([c]);
      await until(() => hub.hub.hasConsole(agent()), 'the console');
      expect(() => fleet.open(org.id, 'nobody@bridge.example')).toThrow(/no user/);
    } finally {
      fleet.closeAll();
    }
    expect(orgPresence()).toBeUndefined();
  });
});

