import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, startHarness, type Harness } from './test-support/harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.emulator.close();
});

type Agents = { totalRecords: number; lastPollTime: string; businessUnitId: number; agents: Record<string, unknown>[]; _links: Record<string, string | null> };

describe('GET /agents', () => {
  it('lists the tenant\'s agents with the reference\'s fields', async () => {
    h = await startHarness({ agents: 2 });
    const body = await h.json<Agents>('/agents');
    expect(body.totalRecords).toBe(3);
    expect(body.businessUnitId).toBe(h.seeded.tenant.businessUnitId);
    const agent = body.agents.find((a) => a['agentId'] === h.seeded.agentIds[0])!;
    expect(agent).toMatchObject({ firstName: 'Agent', lastName: '1', isActive: true, teamId: h.seeded.teams[0]!.teamId, teamName: 'Team 1' });
    for (const key of ['userName', 'userID', 'emailAddress', 'teamUuId', 'federatedId', 'crmUserName', 'profileId']) expect(agent).toHaveProperty(key);
  });

  it('pages with skip/top and _links and projects fields', async () => {
    h = await startHarness({ agents: 4 });
    const page = await h.json<Agents>('/agents?top=2&skip=2&fields=agentId,emailAddress');
    expect(page.totalRecords).toBe(5);
    expect(page.agents.map((a) => Object.keys(a).sort())).toEqual([['agentId', 'emailAddress'], ['agentId', 'emailAddress']]);
    expect(page._links['next']).toContain('skip=4');
    const last = await h.json<Agents>(page._links['next']!.replace('/inContactAPI/services/v30.0', ''));
    expect(last.agents).toHaveLength(1);
    expect(last._links['next']).toBeNull();
  });

  it('filters by updatedSince, isActive and searchString', async () => {
    const clock = manualClock();
    h = await startHarness({ agents: 3 }, { now: clock.now });
    const since = (await h.json<Agents>('/agents')).lastPollTime;
    clock.advance(10);
    h.emulator.control.updateUser(h.seeded.agentIds[1]!, { isActive: false, emailAddress: 'zed@example.com' });
    const changed = await h.json<Agents>(`/agents?updatedSince=${encodeURIComponent(since)}`);
    expect(changed.agents.map((a) => a['agentId'])).toEqual([h.seeded.agentIds[1]]);
    expect((await h.json<Agents>('/agents?isActive=false')).agents.map((a) => a['agentId'])).toEqual([h.seeded.agentIds[1]]);
    expect((await h.json<Agents>('/agents?isActive=true')).totalRecords).toBe(3);
    expect((await h.json<Agents>('/agents?searchString=ZED')).totalRecords).toBe(1);
    expect((await h.api('/agents?isActive=maybe')).status).toBe(400);
    expect((await h.api('/agents?top=-1')).status).toBe(400);
  });

  it('answers 204 for an empty list when switched', async () => {
    h = await startHarness({ agents: 1 }, { behaviour: { emptyResultStatus: 204 } });
    expect((await h.api('/agents?searchString=nobody')).status).toBe(204);
  });

  it('serves one agent, and 404 for another tenant\'s', async () => {
    h = await startHarness({ agents: 1 });
    const id = h.seeded.agentIds[0]!;
    const body = await h.json<Agents>(`/agents/${id}`);
    expect(body.agents[0]).toMatchObject({ agentId: id });
    const other = h.emulator.control.seed({ agents: 1 });
    const res = await h.api(`/agents/${other.agentIds[0]}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'NotFound' });
  });

  it('accepts any vNN.0 (or VNN.0) version and the prefix in any case; refuses other versions', async () => {
    h = await startHarness({ agents: 1 });
    for (const version of ['v27.0', 'v30.0', 'v34.0', 'v2.0', 'V23.0']) expect((await h.api('/agents', { version })).status).toBe(200);
    for (const prefix of ['/InContactAPI', '/incontactapi', '/inContactapi', '/INCONTACTAPI']) {
      const res = await fetch(`${h.emulator.url}${prefix}/services/v33.0/agents`, { headers: { Authorization: `Bearer ${h.token}` } });
      expect(res.status, prefix).toBe(200);
    }
    expect((await h.api('/agents', { version: 'v30' })).status).toBe(404);
    expect((await h.api('/agents', { version: 'latest' })).status).toBe(404);
    expect((await fetch(`${h.emulator.url}/nowhere`)).status).toBe(404);
  });
});

describe('teams and unavailable codes', () => {
  it('lists teams with agent counts, and a team with its codes', async () => {
    h = await startHarness({ agents: 4, teams: 2 });
    const teams = await h.json<{ totalRecords: number; teams: Record<string, unknown>[] }>('/teams?isActive=true');
    expect(teams.totalRecords).toBe(2);
    expect(teams.teams.map((t) => [t['teamName'], t['agentCount']])).toEqual([
      ['Team 1', 3],
      ['Team 2', 2],
    ]);
    const one = await h.json<{ teams: { unavailableCodes: unknown[] }[] }>(`/teams/${h.seeded.teams[1]!.teamId}`);
    expect(one.teams[0]!.unavailableCodes).toHaveLength(5);
    expect((await h.api('/teams/999')).status).toBe(404);
  });

  it('filters teams by updatedSince', async () => {
    const clock = manualClock();
    h = await startHarness({ agents: 1, teams: 2 }, { now: clock.now });
    const since = new Date(clock.now()).toISOString();
    clock.advance(5);
    h.emulator.control.updateTeam(h.seeded.tenant.tenantId, h.seeded.teams[1]!.teamId, { teamName: 'Renamed' });
    const body = await h.json<{ teams: Record<string, unknown>[] }>(`/teams?updatedSince=${encodeURIComponent(since)}`);
    expect(body.teams.map((t) => t['teamName'])).toEqual(['Renamed']);
  });

  it('lists a team\'s agents and all teams with agents', async () => {
    h = await startHarness({ agents: 3, teams: 2 });
    const team = h.seeded.teams[1]!;
    const body = await h.json<{ totalRecords: number; teams: { teamId: number; agents: { agentId: number }[] }[] }>(`/teams/${team.teamId}/agents`);
    expect(body.totalRecords).toBe(1);
    expect(body.teams[0]!.agents.map((a) => a.agentId)).toEqual([h.seeded.agentIds[1]]);
    const all = await h.json<{ teams: { agents: unknown[] }[] }>('/teams/agents');
    expect(all.teams.map((t) => t.agents.length)).toEqual([3, 1]);
  });

  it('lists a team\'s codes with the keys NICE\'s SDK reads (outStateId, outStateName), activeOnly, or the spec\'s casing when switched', async () => {
    h = await startHarness({ agents: 1 });
    const tenantId = h.seeded.tenant.tenantId;
    const team = h.seeded.teams[0]!;
    const lunch = h.seeded.codes.find((c) => c.name === 'Lunch')!;
    h.emulator.control.updateCode(tenantId, lunch.id, { isActive: false });
    const body = await h.json<{ teamId: number; teamUuid: string; unavailableCodes: Record<string, unknown>[] }>(`/teams/${team.teamId}/unavailable-codes`);
    expect(body.teamId).toBe(team.teamId);
    expect(body.unavailableCodes).toContainEqual({ outStateId: lunch.id, outStateName: 'Lunch', isActive: false, isAcw: false, agentTimeoutMins: null });
    const active = await h.json<{ unavailableCodes: unknown[] }>(`/teams/${team.teamId}/unavailable-codes?activeOnly=true`);
    expect(active.unavailableCodes).toHaveLength(4);
    h.emulator.control.setBehaviour({ teamCodeCasing: 'outstate' });
    const spec = await h.json<{ unavailableCodes: Record<string, unknown>[] }>(`/teams/${team.teamId}/unavailable-codes`);
    expect(spec.unavailableCodes[0]).toHaveProperty('outstateName');
  });

  it('follows code assignment changes', async () => {
    h = await startHarness({ agents: 1, teams: 2 });
    const tenantId = h.seeded.tenant.tenantId;
    const t1 = h.seeded.teams[0]!;
    const t2 = h.seeded.teams[1]!;
    const special = h.emulator.control.createCode(tenantId, { name: 'Coaching', teamIds: [t1.teamId] });
    const teamsOf = async () => (await h.json<{ teams: { teamId: number }[] }>(`/unavailable-codes/${special.id}/teams`)).teams.map((t) => t.teamId);
    expect(await teamsOf()).toEqual([t1.teamId]);
    h.emulator.control.assignCode(tenantId, t2.teamId, special.id);
    h.emulator.control.unassignCode(tenantId, t1.teamId, special.id);
    expect(await teamsOf()).toEqual([t2.teamId]);
  });

  it('lists all codes with their flags, filters and fetches one', async () => {
    h = await startHarness({ agents: 1 });
    const body = await h.json<{ totalRecords: number; unavailableCodes: Record<string, unknown>[] }>('/unavailable-codes');
    expect(body.totalRecords).toBe(5);
    expect(body.unavailableCodes).toContainEqual(expect.objectContaining({ name: 'ACW', isACW: true, isActive: true }));
    expect((await h.json<{ totalRecords: number }>('/unavailable-codes?searchString=lun')).totalRecords).toBe(1);
    expect((await h.json<{ totalRecords: number }>('/unavailable-codes?isActive=false')).totalRecords).toBe(0);
    const acw = h.seeded.codes.find((c) => c.isAcw)!;
    expect((await h.json<{ unavailableCodes: unknown[] }>(`/unavailable-codes/${acw.id}`)).unavailableCodes[0]).toMatchObject({ id: acw.id, name: 'ACW' });
    expect((await h.api('/unavailable-codes/1')).status).toBe(404);
  });

  it('echoes a CorrelationId header', async () => {
    h = await startHarness({ agents: 1 });
    const res = await h.api('/server-time', { headers: { CorrelationId: 'abc-123' } });
    expect(res.headers.get('correlationid')).toBe('abc-123');
  });
});
