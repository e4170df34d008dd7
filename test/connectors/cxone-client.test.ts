import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCxoneEmulator, type CxoneEmulator, type SeedResult } from '../../emulators/cxone/index.ts';
import { createCxoneConnector, generateCxoneAccessKey, type CxoneConnectionSettings, type CxoneConnector } from '../../src/connectors/cxone/index.ts';
import { recordingFetch } from '../../src/connectors/cxone/test-support/feed-store.ts';

/** The connector's typed calls against the emulated CXone over loopback. */

let emulator: CxoneEmulator;
let seed: SeedResult;
let settings: CxoneConnectionSettings;
let connector: CxoneConnector;
let calls: ReturnType<typeof recordingFetch>['calls'];
let clock = Date.UTC(2026, 0, 5, 9);

const AGENTS = 2_100; // more than two pages of 1,000

beforeAll(async () => {
  emulator = await createCxoneEmulator({ now: () => (clock += 1) });
  seed = emulator.control.seed({ agents: AGENTS, teams: 3, loggedIn: true });
  settings = {
    clientId: seed.application.clientId,
    clientSecret: seed.application.clientSecret,
    accessKeyId: seed.accessKeyUser.accessKeyId,
    accessKeySecret: seed.accessKeyUser.accessKeySecret,
    issuer: emulator.url,
  };
  const recorded = recordingFetch();
  calls = recorded.calls;
  connector = createCxoneConnector({ connections: { get: async (tenant) => (tenant === 'acme' ? settings : undefined) }, fetch: recorded.fetch, rateLimit: { burst: 1000, perSecond: 1000 } });
});

afterAll(async () => {
  await emulator.close();
});

const client = () => connector.client('acme');
const agentId = (i: number) => String(seed.agentIds[i]);
const lunch = () => seed.codes.find((c) => c.name === 'Lunch')!;
const acw = () => seed.codes.find((c) => c.isAcw)!;

describe('CXone client against the emulator', () => {
  it('signs in with the access key, discovers the api_endpoint once and reads every page of agents', async () => {
    const agents = await client().listAgents();
    expect(agents.ok && agents.value.length).toBe(AGENTS + 1); // and the access key user
    expect(agents.ok && agents.value.find((a) => a.agentId === agentId(0))).toMatchObject({ isActive: true, userName: expect.any(String), teamId: String(seed.teams[0]!.teamId) });
    expect(calls.filter((c) => c.path === '/auth/token').map((c) => c.grant)).toEqual(['password']);
    expect(calls.filter((c) => c.path === '/.well-known/cxone-configuration')).toHaveLength(1);
    expect(calls.filter((c) => c.path.endsWith('/agents'))).toHaveLength(3);
  });

  it('reads teams, team agents, the tenant codes and each team codes in either casing', async () => {
    const teams = await client().listTeams();
    expect(teams.ok && teams.value.map((t) => t.teamName)).toEqual(['Team 1', 'Team 2', 'Team 3']);
    const members = await client().listTeamAgents(String(seed.teams[1]!.teamId));
    expect(members.ok && members.value.length).toBe(AGENTS / 3);
    const codes = await client().listUnavailableCodes();
    expect(codes.ok && codes.value.map((c) => [c.name, c.isAcw])).toEqual([
      ['Break', false],
      ['Lunch', false],
      ['Meeting', false],
      ['Training', false],
      ['ACW', true],
    ]);
    for (const casing of ['outstate', 'outState'] as const) {
      emulator.control.setBehaviour({ teamCodeCasing: casing });
      const teamCodes = await client().listTeamUnavailableCodes(String(seed.teams[0]!.teamId), { activeOnly: true });
      expect(teamCodes.ok && teamCodes.value.map((c) => c.name)).toEqual(['Break', 'Lunch', 'Meeting', 'Training', 'ACW']);
    }
  });

  it("reads every agent's state, then only what changed since lastPollTime", async () => {
    const all = await client().agentStates();
    expect(all.ok && all.value.rows.length).toBe(AGENTS + 1);
    expect(all.ok && all.value.lastPollTime).toEqual(expect.any(String));
    emulator.control.setState(seed.agentIds[5]!, 'Unavailable', lunch().id);
    const delta = await client().agentStates(all.ok ? all.value.lastPollTime! : undefined);
    expect(delta.ok && delta.value.rows.map((r) => [r.agentId, r.stateName, r.outStateId, r.outStateName])).toEqual([[agentId(5), 'Unavailable', String(lunch().id), 'Lunch']]);
    const one = await client().agentState(agentId(5));
    expect(one.ok && one.value).toMatchObject({ agentId: agentId(5), stateName: 'Unavailable' });
  });

  it('sets Available, a code and the default Unavailable state', async () => {
    const id = agentId(10);
    expect(await client().setAgentState(id, 'Unavailable', String(lunch().id))).toEqual({ ok: true, value: undefined });
    expect(emulator.control.agent(Number(id))).toMatchObject({ state: 'Unavailable', outStateId: lunch().id });
    await client().setAgentState(id, 'Unavailable', null);
    expect(emulator.control.agent(Number(id))).toMatchObject({ state: 'Unavailable', outStateId: 0 });
    await client().setAgentState(id, 'Available', null);
    expect(emulator.control.agent(Number(id)).state).toBe('Available');
  });

  it('classifies what CXone refuses: a code the team lacks, ACW without a contact, a logged-out agent, an unknown agent', async () => {
    const extra = emulator.control.createCode(seed.tenant.tenantId, { name: 'Not for team 1', teamIds: [seed.teams[1]!.teamId] });
    const id = agentId(0); // team 1
    expect(await client().setAgentState(id, 'Unavailable', String(extra.id))).toMatchObject({ ok: false, failure: { kind: 'invalid', status: 400 } });
    emulator.control.setBehaviour({ codeNotOnTeamStatus: 409 });
    expect(await client().setAgentState(id, 'Unavailable', String(extra.id))).toMatchObject({ ok: false, failure: { kind: 'conflict', status: 409 } });
    expect(await client().setAgentState(id, 'Unavailable', String(acw().id))).toMatchObject({ ok: false, failure: { kind: 'conflict', message: expect.stringContaining('ACW') } });
    emulator.control.logout(seed.agentIds[1]!);
    expect(await client().setAgentState(agentId(1), 'Available', null)).toMatchObject({ ok: false, failure: { kind: 'invalid' } });
    expect(await client().setAgentState('999999', 'Available', null)).toMatchObject({ ok: false, failure: { kind: 'not_found', status: 404 } });
    emulator.control.setBehaviour({ codeNotOnTeamStatus: 400 });
  });

  it('accepts every success status of set state', async () => {
    for (const status of [200, 202, 204] as const) {
      emulator.control.setBehaviour({ setStateStatus: status });
      expect(await client().setAgentState(agentId(11), status === 202 ? 'Available' : 'Unavailable', null)).toEqual({ ok: true, value: undefined });
    }
    emulator.control.setBehaviour({ setStateStatus: 202 });
  });

  it('joins an agent session, sets its state by code name, and ends it with forceLogoff (logging the agent out)', async () => {
    const id = agentId(20);
    const joined = await client().joinAgentSession(id);
    expect(joined.ok).toBe(true);
    if (!joined.ok) return;
    expect(await client().setSessionState(joined.value.sessionId, 'Unavailable', 'Lunch')).toEqual({ ok: true, value: undefined });
    expect(emulator.control.agent(Number(id))).toMatchObject({ state: 'Unavailable', outStateId: lunch().id });
    await client().setSessionState(joined.value.sessionId, 'Available', null);
    expect(await client().endAgentSession(joined.value.sessionId, { forceLogoff: true, endContacts: false, ignorePersonalQueue: true })).toEqual({ ok: true, value: undefined });
    expect(emulator.control.agent(Number(id)).state).toBe('LoggedOut');
    expect(await client().endAgentSession(joined.value.sessionId, { forceLogoff: true, endContacts: false, ignorePersonalQueue: true })).toMatchObject({ ok: false, failure: { kind: 'conflict' } });
    expect(await client().joinAgentSession(id)).toMatchObject({ ok: false, failure: { kind: 'conflict' } });
  });

  it('starts a session for the access key user itself (logging it in)', async () => {
    const started = await client().startAgentSession({ stationId: 'station-1' });
    expect(started.ok).toBe(true);
    expect(emulator.control.agent(seed.accessKeyUser.agentId).state).toBe('Unavailable');
    expect(await client().startAgentSession({ stationId: 'station-1' })).toMatchObject({ ok: false, failure: { kind: 'conflict' } });
  });

  it('is refused joining when the access key user may not impersonate', async () => {
    emulator.control.updateUser(seed.accessKeyUser.agentId, { canImpersonate: false });
    expect(await client().joinAgentSession(agentId(30))).toMatchObject({ ok: false, failure: { kind: 'auth', status: 403, message: expect.stringContaining('impersonation') } });
    emulator.control.updateUser(seed.accessKeyUser.agentId, { canImpersonate: true });
  });

  it('generates an access key for a chosen user, which then signs in', async () => {
    const user = emulator.control.agent(seed.agentIds[40]!);
    const key = await connector.generateAccessKey('acme', user.userId);
    expect(key.ok && key.value).toMatchObject({ userId: user.userId, isActive: true, accessKeyId: expect.any(String), accessKeySecret: expect.any(String) });
    if (!key.ok) return;
    const direct = await generateCxoneAccessKey({ ...settings, accessKeyId: key.value.accessKeyId, accessKeySecret: key.value.accessKeySecret }, user.userId);
    expect(direct.ok).toBe(true);
    expect(await connector.generateAccessKey('acme', 'no-such-user')).toMatchObject({ ok: false, failure: { kind: 'not_found' } });
  });

  it('says what to fix when the client or the access key is wrong, or the access key user is deactivated', async () => {
    const trial = (patch: Partial<CxoneConnectionSettings>) =>
      createCxoneConnector({ connections: { get: async () => ({ ...settings, ...patch }) } }).client('t').listTeams();
    expect(await trial({ clientSecret: 'wrong' })).toMatchObject({ ok: false, failure: { kind: 'auth', code: 'PSYNC_CXONE_CLIENT_REJECTED', status: 401 } });
    expect(await trial({ accessKeySecret: 'wrong' })).toMatchObject({ ok: false, failure: { kind: 'auth', code: 'PSYNC_CXONE_ACCESS_KEY_REJECTED', status: 400 } });
    expect(await trial({ tenantId: 'another-tenant' })).toMatchObject({ ok: false, failure: { code: 'PSYNC_CXONE_TENANT_MISMATCH' } });
    emulator.control.updateUser(seed.accessKeyUser.agentId, { isActive: false });
    const deactivated = await trial({});
    emulator.control.updateUser(seed.accessKeyUser.agentId, { isActive: true });
    expect(deactivated).toMatchObject({ ok: false, failure: { code: 'PSYNC_CXONE_ACCESS_KEY_REJECTED', message: expect.stringContaining('deactivated') } });
  });
});
