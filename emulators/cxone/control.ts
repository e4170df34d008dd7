import type { StateOutcome } from './agent-states.ts';
import type { NewApplication, NewCode, NewTeam, NewTenant, NewUser, UserPatch } from './directory.ts';
import { parseAdapterRule, type AdapterRule } from './adapter-rules.ts';
import { badRequest } from './errors.ts';
import type { Fault, FaultSpec } from './faults.ts';
import type { Application, StateChange, Tenant } from './model.ts';
import type { CxoneBehaviour } from './options.ts';
import type { RequestFilter, RequestRecord } from './request-log.ts';
import { seed, type SeedInput, type SeedResult } from './seed.ts';
import { accessKeyView, agentView, codeView, teamView, type AccessKeyView, type AgentView, type CodeView, type TeamView } from './views.ts';
import type { World } from './world.ts';

export interface NewUserWithKey extends NewUser {
  /** Also generate an access key for the user (default false). */
  accessKey?: boolean;
}

export interface ChangeFilter {
  tenantId?: string;
  agentId?: number;
  /** Only records with `seq` greater than this. */
  afterSeq?: number;
}

/** The emulator's control surface, in process. `/emulator/...` over HTTP offers the same. */
export interface CxoneControl {
  createTenant(input?: NewTenant): Tenant;
  createApplication(input?: NewApplication): Application;
  createTeam(tenantId: string, input: NewTeam): TeamView;
  updateTeam(tenantId: string, teamId: number, patch: { teamName?: string; isActive?: boolean }): TeamView;
  createCode(tenantId: string, input: NewCode): CodeView;
  updateCode(tenantId: string, codeId: number, patch: { name?: string; isActive?: boolean; isAcw?: boolean }): CodeView;
  assignCode(tenantId: string, teamId: number, codeId: number): void;
  unassignCode(tenantId: string, teamId: number, codeId: number): void;
  createUser(tenantId: string, input: NewUserWithKey): { agent: AgentView; accessKey: AccessKeyView | null };
  updateUser(agentId: number, patch: UserPatch): AgentView;
  createAccessKey(agentId: number): AccessKeyView;
  setAccessKeyActive(accessKeyId: string, isActive: boolean): void;
  /** The agent logs in (as in CXone Agent): default Unavailable state, no reason. */
  login(agentId: number, opts?: { stationId?: string }): AgentView;
  /** The agent logs out. */
  logout(agentId: number): AgentView;
  /** The agent changes its own state (recorded with cause `agent`). */
  setState(agentId: number, state: 'Available' | 'Unavailable', outStateId?: number): StateOutcome;
  /** Many agents change their own state at once (e.g. 1,000 breaks for a benchmark); stops at the first refusal. */
  setStates(changes: readonly { agentId: number; state: 'Available' | 'Unavailable'; outStateId?: number }[]): StateOutcome[];
  startContact(agentId: number, direction?: 'inbound' | 'outbound'): { contactId: number };
  endContact(agentId: number): AgentView;
  agent(agentId: number): AgentView;
  /** Every recorded state change (who caused it, from, to), oldest first. */
  changes(filter?: ChangeFilter): StateChange[];
  seed(input: SeedInput): SeedResult;
  addFault(spec: FaultSpec): Fault;
  removeFault(id: number): void;
  clearFaults(): void;
  faults(): Fault[];
  /** The requests the CXone surface answered (newest last), e.g. to count token calls or check a client's rate. */
  requests(filter?: RequestFilter): RequestRecord[];
  clearRequests(): void;
  /** Makes every access and refresh token issued so far invalid (one tenant's, or all). */
  revokeTokens(tenantId?: string): void;
  setTokenLifetime(accessSeconds: number, refreshSeconds?: number): void;
  behaviour(): CxoneBehaviour;
  setBehaviour(patch: Partial<CxoneBehaviour>): CxoneBehaviour;
  /** The Presence Sync adapter rule of a partner account (e.g. `salesforce`, the org id), as CXone would answer it. */
  adapterRule(tenantId: string, partnerName: string, partnerId: string): AdapterRule | undefined;
  /** Sets it, as an administrator would in CXone's Adapters app. */
  setAdapterRule(tenantId: string, partnerName: string, partnerId: string, rule: AdapterRule): AdapterRule;
}

export function createControl(world: World): CxoneControl {
  const { directory, states } = world;
  const agent = (agentId: number) => directory.anyAgent(agentId);
  return {
    createTenant: (input) => directory.createTenant(input),
    createApplication: (input) => directory.createApplication(input),
    createTeam: (tenantId, input) => teamView(directory.createTeam(tenantId, input)),
    updateTeam(tenantId, teamId, patch) {
      const team = directory.team(tenantId, teamId);
      if (patch.teamName !== undefined) team.teamName = patch.teamName;
      if (patch.isActive !== undefined) team.isActive = patch.isActive;
      team.updatedAt = world.now();
      return teamView(team);
    },
    createCode: (tenantId, input) => codeView(directory.createCode(tenantId, input), directory),
    updateCode(tenantId, codeId, patch) {
      const code = directory.code(tenantId, codeId);
      if (patch.name !== undefined) code.name = patch.name;
      if (patch.isActive !== undefined) code.isActive = patch.isActive;
      if (patch.isAcw !== undefined) code.isAcw = patch.isAcw;
      return codeView(code, directory);
    },
    assignCode: (tenantId, teamId, codeId) => directory.assignCode(tenantId, teamId, codeId),
    unassignCode: (tenantId, teamId, codeId) => directory.unassignCode(tenantId, teamId, codeId),
    createUser(tenantId, input) {
      const created = directory.createUser(tenantId, input);
      const key = input.accessKey ? directory.createAccessKey(created.agentId) : null;
      return { agent: agentView(created), accessKey: key && accessKeyView(key, directory) };
    },
    updateUser: (agentId, patch) => agentView(directory.updateUser(agentId, patch)),
    createAccessKey: (agentId) => accessKeyView(directory.createAccessKey(agentId), directory),
    setAccessKeyActive(accessKeyId, isActive) {
      const key = directory.accessKeys.get(accessKeyId);
      if (!key) throw badRequest(`Access key ${accessKeyId} does not exist.`);
      key.isActive = isActive;
    },
    login(agentId, opts = {}) {
      states.login(agent(agentId), opts.stationId ?? null, 'agent', 'control login');
      return agentView(agent(agentId));
    },
    logout(agentId) {
      world.logout(agentId, 'agent', 'control logout');
      return agentView(agent(agentId));
    },
    setState: (agentId, state, outStateId) => states.request(agent(agentId), { state, outStateId, cause: 'agent', detail: 'control' }),
    setStates: (changes) => changes.map((c) => states.request(agent(c.agentId), { state: c.state, outStateId: c.outStateId, cause: 'agent', detail: 'control' })),
    startContact: (agentId, direction = 'inbound') => ({ contactId: states.startContact(agent(agentId), direction) }),
    endContact(agentId) {
      states.endContact(agent(agentId));
      return agentView(agent(agentId));
    },
    agent: (agentId) => agentView(agent(agentId)),
    changes: (filter) => world.log.records(filter),
    seed: (input) => seed(world, input),
    addFault: (spec) => world.faults.add(spec),
    removeFault: (id) => world.faults.remove(id),
    clearFaults: () => world.faults.clear(),
    faults: () => world.faults.list(),
    requests: (filter) => world.requests.list(filter),
    clearRequests: () => world.requests.clear(),
    revokeTokens: (tenantId) => world.tokens.revoke(tenantId),
    setTokenLifetime(accessSeconds, refreshSeconds) {
      world.tokens.accessLifetimeSeconds = accessSeconds;
      if (refreshSeconds !== undefined) world.tokens.refreshLifetimeSeconds = refreshSeconds;
    },
    behaviour: () => ({ ...world.behaviour }),
    setBehaviour(patch) {
      world.behaviour = { ...world.behaviour, ...patch };
      return { ...world.behaviour };
    },
    adapterRule: (tenantId, partnerName, partnerId) => world.adapterRules.get(directory.tenant(tenantId).tenantId, partnerName, partnerId),
    setAdapterRule: (tenantId, partnerName, partnerId, rule) => world.adapterRules.set(directory.tenant(tenantId).tenantId, partnerName, partnerId, parseAdapterRule(rule)),
  };
}
