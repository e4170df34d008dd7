import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCxoneEmulator, type CxoneEmulator, type SeedResult } from '../../emulators/cxone/index.ts';
import { AVAILABLE, DEFAULT_UNAVAILABLE, LOGGED_OUT, unavailable, working, type AcdState } from '../../src/domain/index.ts';
import {
  createCxoneConnector,
  type ConcreteAcdTarget,
  type CxoneConnector,
  type CxoneDirectoryChangeSummary,
  type CxoneDirectorySnapshot,
  type SetAgentStateOptions,
} from '../../src/connectors/cxone/index.ts';
import { cxoneSettingsOf } from './support/cxone-settings.ts';

/** The state writer and "Get CXone users" against the emulator. */

let emulator: CxoneEmulator;
let seed: SeedResult;
let connector: CxoneConnector;

beforeAll(async () => {
  let time = Date.UTC(2026, 0, 5, 9);
  emulator = await createCxoneEmulator({ now: () => (time += 1) });
  seed = emulator.control.seed({ agents: 40, teams: 2 });
  const settings = cxoneSettingsOf(emulator, seed);
  connector = createCxoneConnector({ connections: { get: async () => settings } });
});

afterAll(async () => {
  await emulator.close();
});

const code = (name: string) => seed.codes.find((c) => c.name === name)!;
const view = (i: number) => emulator.control.agent(seed.agentIds[i]!);
const set = (i: number, state: AcdState | ConcreteAcdTarget, options?: SetAgentStateOptions) => connector.writer.setAgentState('acme', String(seed.agentIds[i]), state, options);

describe('CXone state writer against the emulator', () => {
  it('applies Available, an unavailable code and the default Unavailable state, recorded as API changes', async () => {
    expect(await set(0, unavailable({ id: String(code('Lunch').id), name: 'Lunch' }))).toEqual({ ok: true, via: 'agent-state', effective: 'now' });
    expect(view(0)).toMatchObject({ state: 'Unavailable', outStateId: code('Lunch').id });
    await set(0, DEFAULT_UNAVAILABLE);
    expect(view(0)).toMatchObject({ state: 'Unavailable', outStateId: 0 });
    await set(0, { kind: 'Available' });
    expect(view(0).state).toBe('Available');
    const causes = emulator.control.changes({ agentId: seed.agentIds[0]! }).slice(-3).map((c) => c.cause);
    expect(causes).toEqual(['api', 'api', 'api']);
  });

  it('while the agent is on a contact, the change waits for the end of the contact', async () => {
    emulator.control.startContact(seed.agentIds[1]!);
    expect(await set(1, unavailable({ id: String(code('Break').id), name: 'Break' }), { whenContactEnds: true })).toEqual({ ok: true, via: 'agent-state', effective: 'when_contact_ends' });
    expect(view(1)).toMatchObject({ state: 'InboundContact', nextState: { state: 'Unavailable', outStateId: code('Break').id } });
    emulator.control.endContact(seed.agentIds[1]!);
    expect(view(1)).toMatchObject({ state: 'Unavailable', outStateId: code('Break').id });
  });

  it('logs an agent out through the session API, and is refused while the agent is on a contact', async () => {
    expect(await set(2, LOGGED_OUT)).toEqual({ ok: true, via: 'agent-session', effective: 'now' });
    expect(view(2).state).toBe('LoggedOut');
    expect(await set(2, LOGGED_OUT)).toMatchObject({ ok: false, failure: { kind: 'conflict' } });
    emulator.control.startContact(seed.agentIds[3]!);
    expect(await set(3, LOGGED_OUT, { whenContactEnds: true })).toMatchObject({ ok: false, failure: { kind: 'conflict', message: expect.stringContaining('contact') } });
    expect(view(3).state).toBe('InboundContact');
    emulator.control.endContact(seed.agentIds[3]!);
    expect(await set(3, LOGGED_OUT)).toMatchObject({ ok: true });
  });

  it('classifies refusals: a code the team lacks, ACW without a contact, a logged-out agent, a working state', async () => {
    const other = emulator.control.createCode(seed.tenant.tenantId, { name: 'Team 2 only', teamIds: [seed.teams[1]!.teamId] });
    expect(await set(4, unavailable({ id: String(other.id), name: other.name }))).toMatchObject({ ok: false, failure: { kind: 'invalid' } });
    expect(await set(4, { kind: 'Unavailable', codeId: String(code('ACW').id) })).toMatchObject({ ok: false, failure: { kind: 'conflict' } });
    emulator.control.logout(seed.agentIds[6]!);
    expect(await set(6, AVAILABLE)).toMatchObject({ ok: false, failure: { kind: 'invalid' } });
    expect(await set(4, working('InboundContact'))).toMatchObject({ ok: false, failure: { kind: 'invalid' } });
  });

  it("serves the engine's writer port", async () => {
    const outcome = await connector.writer.setState({ tenantId: 'acme', agentId: String(seed.agentIds[8]), state: DEFAULT_UNAVAILABLE, whenContactEnds: false, signal: new AbortController().signal });
    expect(outcome).toEqual({ ok: true, via: 'agent-state', effective: 'now' });
    expect(view(8)).toMatchObject({ state: 'Unavailable', outStateId: 0 });
  });
});

describe('Get CXone users against the emulator', () => {
  it('hands users, teams and codes with their team assignments to the store and answers its summary', async () => {
    const extra = emulator.control.createCode(seed.tenant.tenantId, { name: 'Coaching', teamIds: [seed.teams[0]!.teamId] });
    let received: CxoneDirectorySnapshot | undefined;
    const summary: CxoneDirectoryChangeSummary = {
      users: { added: 41, updated: 0, removed: 0 },
      teams: { added: 2, updated: 0, removed: 0 },
      unavailableCodes: { added: 7, updated: 0, removed: 0 },
      teamCodeAssignments: { added: 12, removed: 0 },
    };
    const result = await connector.getCxoneUsers('acme', { replace: async (_tenant, snapshot) => ((received = snapshot), summary) });
    expect(result).toMatchObject({ ok: true, value: { summary } });
    expect(received?.users).toHaveLength(41);
    const user = received?.users.find((u) => u.agentId === String(seed.agentIds[0]));
    expect(user).toMatchObject({ userId: view(0).userId, emailAddress: view(0).emailAddress, teamId: String(seed.teams[0]!.teamId), isActive: true });
    expect(received?.teams.map((t) => [t.teamName, t.unavailableCodeIds.length])).toEqual([
      ['Team 1', 6],
      ['Team 2', 6],
    ]);
    expect(received?.teams[0]?.unavailableCodeIds).toContain(String(extra.id));
    expect(received?.unavailableCodes.map((c) => c.name)).toEqual(['Break', 'Lunch', 'Meeting', 'Training', 'ACW', 'Team 2 only', 'Coaching']);
  });
});
