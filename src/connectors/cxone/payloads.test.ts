import { describe, expect, it } from 'vitest';
import { accessKeyAnswer, agentStatesAnswer, agentsPage, codesPage, teamCodesAnswer, teamsPage } from './payloads.ts';

describe('payloads', () => {
  it('reads agents with numeric or string ids, any key casing and empty strings as null', () => {
    const page = agentsPage.parse({
      totalRecords: 2,
      agents: [
        { agentId: 1, userName: 'a@x', firstName: 'A', lastName: 'B', userID: 'u-1', emailAddress: 'a@x', isActive: true, teamId: 5, federatedId: '', crmUserName: '' },
        { AgentID: '2', USERNAME: 'b@x', isActive: 'false', teamId: null },
      ],
    });
    expect(page.agents).toEqual([
      { agentId: '1', userId: 'u-1', userName: 'a@x', firstName: 'A', lastName: 'B', emailAddress: 'a@x', federatedId: null, crmUserName: null, isActive: true, teamId: '5', teamName: null },
      { agentId: '2', userId: null, userName: 'b@x', firstName: null, lastName: null, emailAddress: null, federatedId: null, crmUserName: null, isActive: false, teamId: null, teamName: null },
    ]);
    expect(page.totalrecords).toBe(2);
  });

  it('reads a team list and tolerates a missing list', () => {
    expect(teamsPage.parse({ teams: [{ teamId: 3, teamName: 'Sales', isActive: true }] }).teams).toEqual([{ teamId: '3', teamName: 'Sales', isActive: true }]);
    expect(teamsPage.parse({ teams: null }).teams).toEqual([]);
    expect(teamsPage.parse({}).teams).toEqual([]);
  });

  it('reads codes in every casing CXone uses', () => {
    const spec = teamCodesAnswer.parse({ teamId: 1, unavailableCodes: [{ outstateId: 7, outstateName: 'Lunch', isActive: true, isAcw: false, agentTimeoutMins: 5 }] });
    const sdk = teamCodesAnswer.parse({ teamId: 1, UnavailableCodes: [{ outStateId: '7', outStateName: 'Lunch', IsActive: true, isACW: false }] });
    const expected = { id: '7', name: 'Lunch', isActive: true, isAcw: false };
    expect(spec).toEqual([{ ...expected, agentTimeoutMins: 5 }]);
    expect(sdk).toEqual([{ ...expected, agentTimeoutMins: null }]);
    expect(teamCodesAnswer.parse({ teams: [{ teamId: 1, unavailableCodes: [{ outStateId: 7, outStateName: 'Lunch' }] }] })).toEqual([{ ...expected, agentTimeoutMins: null }]);
    expect(codesPage.parse({ unavailableCodes: [{ id: 9, name: 'ACW', isActive: true, isACW: true, agentTimeout: 2 }] }).unavailablecodes).toEqual([
      { id: '9', name: 'ACW', isActive: true, isAcw: true, agentTimeoutMins: 2 },
    ]);
  });

  it('refuses a code without an id', () => {
    expect(codesPage.safeParse({ unavailableCodes: [{ name: 'x' }] }).success).toBe(false);
  });

  it('reads state rows; a time without a zone is UTC', () => {
    const answer = agentStatesAnswer.parse({
      lastPollTime: '2026-01-01T10:00:01.000Z',
      agentStates: [
        { agentId: 1, agentStateId: 2, agentStateName: 'Unavailable', outStateId: 7, outStateDescription: 'Lunch', isACW: false, startDate: '2026-01-01T10:00:00.000', lastUpdateTime: '2026-01-01T10:00:00.000Z', contactId: 0, teamId: 3 },
        { agentid: '2', agentstatename: 'Available', startdate: null, lastupdatetime: '2026-01-01T09:00:00+01:00' },
      ],
    });
    expect(answer.lastPollTime).toBe('2026-01-01T10:00:01.000Z');
    expect(answer.rows[0]).toMatchObject({ agentId: '1', stateId: 2, stateName: 'Unavailable', outStateId: '7', outStateName: 'Lunch', startTime: Date.UTC(2026, 0, 1, 10) });
    expect(answer.rows[1]).toMatchObject({ agentId: '2', startTime: null, lastUpdateTime: Date.UTC(2026, 0, 1, 8), outStateId: null });
    expect(agentStatesAnswer.safeParse({ agentStates: [{ agentId: 1, startDate: 'yesterday' }] }).success).toBe(false);
  });

  it('reads a generated access key, wrapped in resultSet or not', () => {
    const key = { accessKeyId: 'AK', accessKeySecret: 'SECRET', userId: 'u-1', isActive: true };
    expect(accessKeyAnswer.parse({ resultSet: key })).toEqual(key);
    expect(accessKeyAnswer.parse(key)).toEqual(key);
    expect(accessKeyAnswer.safeParse({ resultSet: null }).success).toBe(false);
    expect(accessKeyAnswer.safeParse({ other: 1 }).success).toBe(false);
  });
});
