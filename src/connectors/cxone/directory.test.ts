import { describe, expect, it } from 'vitest';
import { fetchCxoneDirectory, getCxoneUsers, type CxoneDirectoryChangeSummary, type DirectoryClient } from './directory.ts';
import { failed, success, type CxoneFailure } from './failure.ts';
import type { CxoneAgent, CxoneUnavailableCode } from './payloads.ts';
import { ManualClock } from './test-support/fakes.ts';

const agent = (agentId: string, teamId: string): CxoneAgent => ({
  agentId,
  userId: `u-${agentId}`,
  userName: `a${agentId}@x`,
  firstName: 'A',
  lastName: agentId,
  emailAddress: `a${agentId}@x`,
  federatedId: null,
  crmUserName: null,
  isActive: true,
  teamId,
  teamName: null,
});
const code = (id: string, name: string): CxoneUnavailableCode => ({ id, name, isActive: true, isAcw: false, agentTimeoutMins: null });
const down: CxoneFailure = { kind: 'retryable', status: 503, code: 'PSYNC_CXONE_UNAVAILABLE', message: 'down' };
const forbidden: CxoneFailure = { kind: 'auth', status: 403, code: 'PSYNC_CXONE_FORBIDDEN', message: 'no' };

function fakeClient(overrides: Partial<DirectoryClient> = {}): DirectoryClient {
  return {
    listAgents: async () => success([agent('1', '10'), agent('2', '20')]),
    listTeams: async () => success([{ teamId: '10', teamName: 'Sales', isActive: true }, { teamId: '20', teamName: 'Support', isActive: false }]),
    listUnavailableCodes: async () => success([code('1', 'Lunch'), code('2', 'Break')]),
    listTeamUnavailableCodes: async (teamId: string) => success(teamId === '10' ? [code('1', 'Lunch'), code('3', 'Hidden')] : [code('2', 'Break')]),
    ...overrides,
  };
}

const SUMMARY: CxoneDirectoryChangeSummary = {
  users: { added: 2, updated: 0, removed: 0 },
  teams: { added: 2, updated: 0, removed: 0 },
  unavailableCodes: { added: 3, updated: 0, removed: 0 },
  teamCodeAssignments: { added: 3, removed: 0 },
};

describe('fetchCxoneDirectory', () => {
  it("reads users, teams with their codes, and every code (also those only a team's list shows)", async () => {
    const clock = new ManualClock();
    const snapshot = await fetchCxoneDirectory(fakeClient(), clock);
    expect(snapshot.ok).toBe(true);
    if (!snapshot.ok) return;
    expect(snapshot.value.fetchedAt).toBe(clock.time);
    expect(snapshot.value.users.map((u) => u.agentId)).toEqual(['1', '2']);
    expect(snapshot.value.teams).toEqual([
      { teamId: '10', teamName: 'Sales', isActive: true, unavailableCodeIds: ['1', '3'] },
      { teamId: '20', teamName: 'Support', isActive: false, unavailableCodeIds: ['2'] },
    ]);
    expect(snapshot.value.unavailableCodes.map((c) => c.id)).toEqual(['1', '2', '3']);
  });

  it('tries a passing failure again, honouring Retry-After', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const snapshot = await fetchCxoneDirectory(fakeClient({ listTeams: async () => (++calls === 1 ? failed({ ...down, retryAfterMs: 4000 }) : success([])) }), clock);
    expect(snapshot).toMatchObject({ ok: true, value: { teams: [] } });
    expect(clock.sleeps).toEqual([4000]);
  });

  it('gives up on a failure another try cannot fix, or after three tries', async () => {
    expect(await fetchCxoneDirectory(fakeClient({ listAgents: async () => failed(forbidden) }), new ManualClock())).toEqual({ ok: false, failure: forbidden });
    const clock = new ManualClock();
    expect(await fetchCxoneDirectory(fakeClient({ listUnavailableCodes: async () => failed(down) }), clock)).toEqual({ ok: false, failure: down });
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(await fetchCxoneDirectory(fakeClient({ listTeams: async () => failed(forbidden) }), new ManualClock())).toEqual({ ok: false, failure: forbidden });
  });

  it("fails when a team's codes cannot be read", async () => {
    expect(await fetchCxoneDirectory(fakeClient({ listTeamUnavailableCodes: async () => failed(forbidden) }), new ManualClock())).toEqual({ ok: false, failure: forbidden });
  });
});

describe('getCxoneUsers', () => {
  it('hands the snapshot to the store and answers its summary', async () => {
    const replaced: string[] = [];
    const result = await getCxoneUsers('acme', fakeClient(), { replace: async (tenant) => (replaced.push(tenant), SUMMARY) }, new ManualClock());
    expect(result).toMatchObject({ ok: true, value: { summary: SUMMARY } });
    expect(replaced).toEqual(['acme']);
  });

  it('reports a store that cannot take it, and does not call the store when CXone fails', async () => {
    const failing = await getCxoneUsers('acme', fakeClient(), { replace: () => Promise.reject(new Error('disk full')) }, new ManualClock());
    expect(failing).toMatchObject({ ok: false, failure: { code: 'PSYNC_CXONE_DIRECTORY_NOT_SAVED', message: expect.stringContaining('disk full') } });
    let called = false;
    const cxoneDown = await getCxoneUsers('acme', fakeClient({ listAgents: async () => failed(forbidden) }), { replace: async () => ((called = true), SUMMARY) }, new ManualClock());
    expect(cxoneDown).toEqual({ ok: false, failure: forbidden });
    expect(called).toBe(false);
  });
});
