/**
 * Contract: the calls NICE's own SDK makes, replayed against the emulator as the SDK spells them.
 * Each path, version, query and body below is copied from `@nice-devone/*` 25.1.2 (the version on
 * npm, read in a scratch folder, not a dependency of this project): core-sdk
 * `src/constants/api-uri-constants.js` (`ApiUriConstants.*`) unless another file is named. The
 * fields checked are those the SDK's parsers read from the answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test-support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ agents: 2 });
  h.emulator.control.setAdapterRule(h.seeded.tenant.tenantId, 'salesforce', '00D000000000001AAA', {
    publisherStateMap: [{ incontactAgentState: 'Lunch', partnerAgentState: 'Busy' }],
    subscriberStateMap: [],
  });
});
afterAll(async () => {
  await h?.emulator.close();
});

/** Every spelling of the gateway's prefix and version letter the SDK uses (plus the docs' `/inContactAPI`). */
const SPELLINGS = [
  '/InContactAPI/services/v23.0', // most ApiUriConstants, e.g. GET_UNAVAILABLE_CODES_URI
  '/incontactapi/services/v23.0', // e.g. ADDRESS_BOOK_URI, AGENT_QUEUE_URI
  '/incontactapi/services/V23.0', // SUBMIT_FEEDBACK
  '/InContactAPI/services/V27.0', // agent-sdk disposition-service.js GET_SAVED_DISPOSITION
  '/inContactapi/services/v23.0', // one constant in core-sdk
  '/inContactAPI/services/v23.0', // NICE's API docs
] as const;

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${h.emulator.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${h.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('NICE SDK calls, as the SDK spells them', () => {
  it('GET_UNAVAILABLE_CODES_URI with activityOnly=true (acd-sdk agent-state-service.js): outStateName, isAcw, isActive in every spelling', async () => {
    const team = h.seeded.teams[0]!;
    for (const prefix of SPELLINGS) {
      const res = await call('GET', `${prefix}/teams/${team.teamId}/unavailable-codes?activityOnly=true`);
      expect(res.status, prefix).toBe(200);
      const body = (await res.json()) as { unavailableCodes: Record<string, unknown>[] };
      // common-sdk unavailable-code.js: reason = data.outStateName; isAcw; isActive
      expect(body.unavailableCodes.map((c) => c['outStateName'])).toEqual(expect.arrayContaining(['Lunch', 'Break']));
      for (const code of body.unavailableCodes) {
        expect(typeof code['isAcw'], prefix).toBe('boolean');
        expect(typeof code['isActive'], prefix).toBe('boolean');
      }
    }
  });

  it('AGENT_STATE_URI (/InContactAPI/services/v27.0/cache/agentstate) with the directory provider\'s fields: resultSet.agentState[]', async () => {
    const fields = 'agentId,agentStateName,contactId,firstName,isActive,isOutbound,lastName,lastPollTime,lastUpdateTime,mediaName,outStateCode,outStateDescription,skillId,skillName,startDate,stationPhoneNumber,teamId,teamName,userName,userId';
    const lunch = h.seeded.codes.find((c) => c.name === 'Lunch')!;
    const agentId = h.seeded.agentIds[0]!;
    h.emulator.control.setState(agentId, 'Unavailable', lunch.id);
    const res = await call('GET', `/InContactAPI/services/v27.0/cache/agentstate?fields=${fields}&updatedSince=${new Date(0).toISOString()}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { resultSet: { lastPollTime: string; agentState: Record<string, unknown>[] } };
    // agent-sdk cxone-directory-adapter.js: value.resultSet.agentState.forEach(...)
    const row = body.resultSet.agentState.find((r) => r['agentId'] === agentId)!;
    // common-sdk agent-state-response.js reads these
    expect(row).toMatchObject({ agentStateName: 'Unavailable', outStateCode: lunch.id, outStateDescription: 'Lunch', teamId: expect.any(Number) });
    for (const key of fields.split(',')) expect(Object.keys(row), key).toContain(key);
    expect(Number.isNaN(Date.parse(body.resultSet.lastPollTime))).toBe(false);
  });

  it('the cache feed answers each changed agent once, with its latest state, after updatedSince', async () => {
    const first = await call('GET', '/InContactAPI/services/v27.0/cache/agentstate');
    const since = ((await first.json()) as { resultSet: { lastPollTime: string } }).resultSet.lastPollTime;
    const [a, b] = h.seeded.agentIds as [number, number];
    const brk = h.seeded.codes.find((c) => c.name === 'Break')!;
    h.emulator.control.setState(a, 'Available');
    h.emulator.control.setState(a, 'Unavailable', brk.id);
    const res = await call('GET', `/InContactAPI/services/v27.0/cache/agentstate?updatedSince=${encodeURIComponent(since)}`);
    const rows = ((await res.json()) as { resultSet: { agentState: Record<string, unknown>[] } }).resultSet.agentState;
    expect(rows.map((r) => r['agentId'])).toEqual([a]);
    expect(rows[0]).toMatchObject({ agentStateName: 'Unavailable', outStateDescription: 'Break' });
    expect(rows.map((r) => r['agentId'])).not.toContain(b);
  });

  it('GET_TEAMS, GET_AGENT_WITH_TEAM_ID, GET_AGENT_WITH_AGENT_ID, SERVER_TIME_URI (v23.0)', async () => {
    const team = h.seeded.teams[0]!;
    const agentId = h.seeded.agentIds[0]!;
    for (const path of ['/teams?fields=teamId,teamName,isActive,agentCount&updatedSince=1970-01-01T00:00:00.000Z', `/teams/${team.teamId}/agents`, `/agents/${agentId}`, '/server-time']) {
      expect((await call('GET', `/InContactAPI/services/v23.0${path}`)).status, path).toBe(200);
    }
  });

  it('JOIN_AGENT_SESSION_URI, SET_AGENT_STATE_URI {state, reason}, GET_NEXT_EVENT_URI, KEEP_ALIVE_URI (v31.0), AGENT_SESSION_URI DELETE', async () => {
    const agentId = h.seeded.agentIds[1]!;
    const joined = await call('POST', '/InContactAPI/services/v23.0/agent-sessions/join', { asAgentId: agentId });
    expect(joined.status).toBe(202);
    const { sessionId } = (await joined.json()) as { sessionId: string };
    // acd-sdk agent-state-service.js sends {state, reason} as JSON
    expect((await call('POST', `/InContactAPI/services/v23.0/agent-sessions/${sessionId}/state`, { state: 'Unavailable', reason: 'Lunch' })).status).toBe(202);
    expect(h.emulator.control.agent(agentId)).toMatchObject({ state: 'Unavailable', outStateName: 'Lunch' });
    const events = await call('GET', `/InContactAPI/services/v23.0/agent-sessions/${sessionId}/get-next-event?timeout=0`);
    expect(events.status).toBe(200);
    expect((await call('POST', `/InContactAPI/services/v31.0/agent-sessions/${sessionId}/keep-alive`)).status).toBe(202);
    expect((await call('DELETE', `/InContactAPI/services/v23.0/agent-sessions/${sessionId}`, { forceLogoff: false, endContacts: false, ignorePersonalQueue: false })).status).toBe(202);
  });

  it('GET_PRESENCE_SYNC_RULE (agent-sdk presence-sync-service.js): {publisherStateMap, subscriberStateMap}', async () => {
    const res = await call('GET', '/adapter-apis/v1/salesforce/rule/00D000000000001AAA', undefined, { 'Content-Type': 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ publisherStateMap: [{ incontactAgentState: 'Lunch', partnerAgentState: 'Busy' }], subscriberStateMap: [] });
  });

  it('REGIONAL_AUTH_TOKEN (/public/authentication/v1/token, auth-sdk cxone-auth.js): {accessToken} with Basic "<clientId>@cxone"', async () => {
    const basic = Buffer.from(`${h.seeded.application.clientId}@cxone`).toString('base64');
    const res = await fetch(`${h.emulator.url}/public/authentication/v1/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ accessToken: h.token }),
    });
    expect(res.status).toBe(200);
    // common-sdk auth-token.js: access_token || accessToken, refresh_token, expires_in, token_type, id_token
    const token = (await res.json()) as Record<string, unknown>;
    expect(token).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), expires_in: 3600, token_type: 'Bearer' });
    const works = await call('GET', '/InContactAPI/services/v23.0/server-time', undefined, { Authorization: `Bearer ${String(token['access_token'])}` });
    expect(works.status).toBe(200);
    const noClient = await fetch(`${h.emulator.url}/public/authentication/v1/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ accessToken: h.token }) });
    expect(noClient.status).toBe(401);
    const badToken = await fetch(`${h.emulator.url}/public/authentication/v1/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ accessToken: 'not-a-token' }),
    });
    expect(badToken.status).toBe(400);
    expect(await badToken.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
