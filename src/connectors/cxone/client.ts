import type { z } from 'zod';
import { success, type CxoneResult } from './failure.ts';
import type { AdapterRule } from '../../domain/index.ts';
import {
  accessKeyAnswer,
  adapterRuleAnswer,
  agentStatesAnswer,
  agentsPage,
  codesPage,
  sessionAnswer,
  teamAgentsAnswer,
  teamCodesAnswer,
  teamsPage,
  type CxoneAccessKey,
  type CxoneAgent,
  type CxoneAgentStateRow,
  type CxoneAgentStates,
  type CxoneTeam,
  type CxoneUnavailableCode,
} from './payloads.ts';
import type { CxoneRequest, CxoneRequester } from './transport.ts';

/**
 * API versions. Where NICE's SDK (`@nice-devone/*` 25.1.2, core-sdk `api-uri-constants.js`) makes the
 * same call, its version: `sdk` (v23.0) for teams, a team's agents and unavailable codes and the
 * agent sessions (start, join, state, end). The calls the SDK does not make keep the version of the
 * API spec the reference was read from: `admin` (v34.0, where the spec marks `GET /agents` as
 * updated: `updateSince`, paging) for agents, `/unavailable-codes` and the admin set-state call,
 * and `realtime` (v32.0) for `/agents/states`. Nothing here has been tried on a real tenant; the
 * emulator answers any `vNN.0`.
 */
export const CXONE_API_VERSIONS = { sdk: 'v23.0', admin: 'v34.0', realtime: 'v32.0' } as const;

const acd = (version: string, path: string): string => `/inContactAPI/services/${version}${path}`;
const admin = (path: string) => acd(CXONE_API_VERSIONS.admin, path);
const realtime = (path: string) => acd(CXONE_API_VERSIONS.realtime, path);
const sdk = (path: string) => acd(CXONE_API_VERSIONS.sdk, path);
const seg = (value: string): string => encodeURIComponent(value);
const adapterRulePath = (partnerName: string, partnerId: string): string => `/adapter-apis/v1/${seg(partnerName)}/rule/${seg(partnerId)}`;

export type SettableState = 'Available' | 'Unavailable';

/** Per call: a signal that abandons it (the per-request timeout still applies). */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface EndSessionOptions {
  readonly forceLogoff: boolean;
  readonly endContacts: boolean;
  readonly ignorePersonalQueue: boolean;
}

/** How many rows a page asks for, and the most pages one listing reads (a bound, not a limit CXone sets). */
export const PAGE_SIZE = 1000;
const MAX_PAGES = 1000;

/** Typed, validated calls on one tenant's CXone. Every answer is a {@link CxoneResult}. */
export class CxoneClient {
  constructor(private readonly transport: CxoneRequester) {}

  /** `GET /agents`, every page. */
  listAgents(options: { readonly updatedSince?: string; readonly isActive?: boolean } = {}): Promise<CxoneResult<CxoneAgent[]>> {
    return this.allPages(admin('/agents'), { updatedSince: options.updatedSince, isActive: options.isActive }, agentsPage, (p) => p.agents, 'the agent list');
  }

  /** `GET /teams`, every page. */
  listTeams(): Promise<CxoneResult<CxoneTeam[]>> {
    return this.allPages(sdk('/teams'), {}, teamsPage, (p) => p.teams, 'the team list');
  }

  /** `GET /teams/{teamId}/agents`. */
  async listTeamAgents(teamId: string): Promise<CxoneResult<CxoneAgent[]>> {
    const answer = await this.transport.request({
      method: 'GET',
      path: sdk(`/teams/${seg(teamId)}/agents`),
      parse: teamAgentsAnswer,
      empty: () => ({ teams: [], totalrecords: null }),
      what: `the agents of team ${teamId}`,
    });
    return answer.ok ? success(answer.value.teams.flatMap((t) => t.agents)) : answer;
  }

  /** `GET /unavailable-codes`, every page. */
  listUnavailableCodes(): Promise<CxoneResult<CxoneUnavailableCode[]>> {
    return this.allPages(admin('/unavailable-codes'), {}, codesPage, (p) => p.unavailablecodes, 'the unavailable code list');
  }

  /** `GET /teams/{teamId}/unavailable-codes`: the codes assigned to the team. */
  listTeamUnavailableCodes(teamId: string, options: { readonly activeOnly?: boolean } = {}): Promise<CxoneResult<CxoneUnavailableCode[]>> {
    return this.transport.request({
      method: 'GET',
      path: sdk(`/teams/${seg(teamId)}/unavailable-codes`),
      query: { activeOnly: options.activeOnly },
      parse: teamCodesAnswer,
      empty: () => [],
      what: `the unavailable codes of team ${teamId}`,
    });
  }

  /**
   * `GET /agents/states?updatedSince=`: the changes since a previous answer's `lastPollTime`
   * (every agent's current state when `updatedSince` is omitted). A paged answer is read to the
   * end; the first page's `lastPollTime` is kept, so nothing after it is skipped.
   */
  async agentStates(updatedSince?: string): Promise<CxoneResult<CxoneAgentStates>> {
    const rows: CxoneAgentStates['rows'] = [];
    let lastPollTime: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.transport.request({
        method: 'GET',
        path: realtime('/agents/states'),
        query: { updatedSince, ...(page > 0 ? { skip: rows.length, top: PAGE_SIZE } : { top: PAGE_SIZE }) },
        parse: agentStatesAnswer,
        empty: () => ({ rows: [], lastPollTime: null, totalRecords: 0, next: null }),
        what: 'the agent states feed',
      });
      if (!answer.ok) return answer;
      if (page === 0) lastPollTime = answer.value.lastPollTime;
      for (const row of answer.value.rows) rows.push(row);
      if (!hasMore(answer.value.rows.length, rows.length, answer.value.totalRecords, answer.value.next)) break;
    }
    return success({ rows, lastPollTime, totalRecords: rows.length, next: null });
  }

  /** `GET /agents/{agentId}/states`: one agent's current state row (undefined when CXone sends none). */
  async agentState(agentId: string): Promise<CxoneResult<CxoneAgentStateRow | undefined>> {
    const answer = await this.transport.request({
      method: 'GET',
      path: realtime(`/agents/${seg(agentId)}/states`),
      parse: agentStatesAnswer,
      empty: () => ({ rows: [], lastPollTime: null, totalRecords: 0, next: null }),
      what: `agent ${agentId}'s state`,
    });
    return answer.ok ? success(answer.value.rows.find((r) => r.agentId === agentId) ?? answer.value.rows[0]) : answer;
  }

  /** `POST /agents/{agentId}/state` with `{state, outStateId}` (0 = the default Unavailable state). */
  setAgentState(agentId: string, state: SettableState, outStateId: string | null, call: CallOptions = {}): Promise<CxoneResult<undefined>> {
    const body = state === 'Available' ? { state } : { state, outStateId: outStateId === null ? 0 : Number(outStateId) };
    return this.transport.request<undefined>({ method: 'POST', path: admin(`/agents/${seg(agentId)}/state`), body, what: `setting agent ${agentId}'s state`, ...call });
  }

  /** `POST /agent-sessions`: starts the access key user's own session (logs it in). */
  startAgentSession(options: { readonly stationId?: string; readonly stationPhoneNumber?: string }): Promise<CxoneResult<{ sessionId: string }>> {
    return this.transport.request({ method: 'POST', path: sdk('/agent-sessions'), body: options, parse: sessionAnswer, what: 'starting an agent session' });
  }

  /** `POST /agent-sessions/join` with `{asAgentId}`: joins a logged-in agent's session (impersonation). */
  joinAgentSession(agentId: string, call: CallOptions = {}): Promise<CxoneResult<{ sessionId: string }>> {
    return this.transport.request({
      method: 'POST',
      path: sdk('/agent-sessions/join'),
      body: { asAgentId: Number(agentId) },
      parse: sessionAnswer,
      what: `joining agent ${agentId}'s session`,
      ...call,
    });
  }

  /** `POST /agent-sessions/{sessionId}/state` with `{state, reason}` (the code's NAME, case-sensitive). */
  setSessionState(sessionId: string, state: SettableState, reason: string | null): Promise<CxoneResult<undefined>> {
    return this.transport.request<undefined>({
      method: 'POST',
      path: sdk(`/agent-sessions/${seg(sessionId)}/state`),
      body: reason === null ? { state } : { state, reason },
      what: 'setting the session state',
    });
  }

  /** `DELETE /agent-sessions/{sessionId}` with `{forceLogoff, endContacts, ignorePersonalQueue}`. */
  endAgentSession(sessionId: string, options: EndSessionOptions, call: CallOptions = {}): Promise<CxoneResult<undefined>> {
    return this.transport.request<undefined>({ method: 'DELETE', path: sdk(`/agent-sessions/${seg(sessionId)}`), body: options, what: 'ending the agent session', ...call });
  }

  /** `POST /access-key-management/v1/access-keys` with `{userId, tenantId}`: a new access key for a user (its secret is shown once). */
  async createAccessKey(userId: string): Promise<CxoneResult<CxoneAccessKey>> {
    const tenantId = await this.transport.cxoneTenantId();
    if (!tenantId.ok) return tenantId;
    return this.transport.request({
      method: 'POST',
      path: '/access-key-management/v1/access-keys',
      body: { userId, tenantId: tenantId.value },
      parse: accessKeyAnswer,
      what: 'generating an access key',
    });
  }

  /** `GET /adapter-apis/v1/{partnerName}/rule/{partnerId}` (NICE's SDK, `GET_PRESENCE_SYNC_RULE`): the Presence Sync adapter's rule of a partner account. */
  getAdapterRule(partnerName: string, partnerId: string): Promise<CxoneResult<AdapterRule>> {
    return this.transport.request({ method: 'GET', path: adapterRulePath(partnerName, partnerId), parse: adapterRuleAnswer, what: `the Presence Sync rule of ${partnerName} account ${partnerId}` });
  }

  /** `PUT` of the same path with the same body: replaces the rule (inferred; NICE's SDK only reads it). */
  putAdapterRule(partnerName: string, partnerId: string, rule: AdapterRule): Promise<CxoneResult<undefined>> {
    const body: AdapterRule = { publisherStateMap: rule.publisherStateMap, subscriberStateMap: rule.subscriberStateMap };
    return this.transport.request<undefined>({ method: 'PUT', path: adapterRulePath(partnerName, partnerId), body, what: `writing the Presence Sync rule of ${partnerName} account ${partnerId}` });
  }

  private async allPages<P, R>(
    path: string,
    query: CxoneRequest<P>['query'],
    parse: z.ZodType<P>,
    rowsOf: (page: P) => R[],
    what: string,
  ): Promise<CxoneResult<R[]>> {
    const rows: R[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.transport.request<P | null>({ method: 'GET', path, query: { ...query, skip: rows.length, top: PAGE_SIZE }, parse, empty: () => null, what });
      if (!answer.ok) return answer;
      if (answer.value === null) break;
      const got = rowsOf(answer.value);
      for (const row of got) rows.push(row);
      const meta = answer.value as { totalrecords?: number | null; _links?: { next?: string | null } | null };
      if (!hasMore(got.length, rows.length, meta.totalrecords ?? null, meta._links?.next ?? null)) break;
    }
    return success(rows);
  }
}

function hasMore(pageRows: number, seen: number, totalRecords: number | null, next: string | null): boolean {
  if (pageRows === 0) return false;
  if (totalRecords !== null) return seen < totalRecords;
  return next !== null || pageRows >= PAGE_SIZE;
}
