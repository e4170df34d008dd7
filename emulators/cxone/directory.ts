import { acdError, badRequest, notFound } from './errors.ts';
import { IdSequences, randomBase32, randomSecret, uuid } from './ids.ts';
import type { AccessKey, Agent, Application, Team, Tenant, UnavailableCode } from './model.ts';

export interface NewTenant {
  tenantId?: string;
  name?: string;
  businessUnitId?: number;
}
export interface NewApplication {
  clientId?: string;
  clientSecret?: string;
  /** Restrict the application to one tenant; omitted = usable with every tenant's access keys. */
  tenantId?: string | null;
}
export interface NewTeam {
  teamName: string;
  isActive?: boolean;
}
export interface NewCode {
  name: string;
  isAcw?: boolean;
  isActive?: boolean;
  agentTimeoutMins?: number | null;
  /** Teams the code is assigned to. */
  teamIds?: number[];
}
export interface NewUser {
  teamId: number;
  userName?: string;
  firstName?: string;
  lastName?: string;
  emailAddress?: string;
  federatedId?: string | null;
  crmUserName?: string | null;
  isActive?: boolean;
  canImpersonate?: boolean;
  canManageAccessKeys?: boolean;
}
export type UserPatch = Partial<Omit<NewUser, 'teamId'>> & { teamId?: number };

const LOGGED_OUT = (since: number) => ({ name: 'LoggedOut', outStateId: 0, outStateName: '', isAcw: false, since }) as const;

/** Tenants and everything configured in them, indexed for lookups by id. */
export class Directory {
  readonly tenants = new Map<string, Tenant>();
  readonly applications = new Map<string, Application>();
  readonly agents = new Map<number, Agent>();
  readonly teams = new Map<number, Team>();
  readonly codes = new Map<number, UnavailableCode>();
  readonly accessKeys = new Map<string, AccessKey>();
  private readonly agentsByTenant = new Map<string, Agent[]>();
  private readonly teamsByTenant = new Map<string, Team[]>();
  private readonly codesByTenant = new Map<string, UnavailableCode[]>();
  private readonly agentsByTeam = new Map<number, Set<Agent>>();
  private readonly agentsByUserId = new Map<string, Agent>();
  private readonly ids = new IdSequences();

  constructor(private readonly now: () => number) {}

  nextContactId = (): number => this.ids.nextContactId();

  createTenant(input: NewTenant = {}): Tenant {
    const tenantId = input.tenantId ?? uuid();
    if (this.tenants.has(tenantId)) throw acdError(409, 'Conflict', `Tenant ${tenantId} already exists.`);
    const tenant: Tenant = {
      tenantId,
      name: input.name ?? `Tenant ${this.tenants.size + 1}`,
      businessUnitId: input.businessUnitId ?? this.ids.nextBusinessUnitId(),
      clusterId: 'EM01',
    };
    this.tenants.set(tenantId, tenant);
    this.agentsByTenant.set(tenantId, []);
    this.teamsByTenant.set(tenantId, []);
    this.codesByTenant.set(tenantId, []);
    return tenant;
  }

  tenant(tenantId: string): Tenant {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) throw notFound(`Tenant ${tenantId}`);
    return tenant;
  }

  createApplication(input: NewApplication = {}): Application {
    if (input.tenantId) this.tenant(input.tenantId);
    const app: Application = {
      clientId: input.clientId ?? `emulator-app-${randomBase32(12).toLowerCase()}`,
      clientSecret: input.clientSecret ?? randomSecret(),
      tenantId: input.tenantId ?? null,
    };
    if (this.applications.has(app.clientId)) throw acdError(409, 'Conflict', `Application ${app.clientId} already exists.`);
    this.applications.set(app.clientId, app);
    return app;
  }

  createTeam(tenantId: string, input: NewTeam): Team {
    this.tenant(tenantId);
    const team: Team = {
      tenantId,
      teamId: this.ids.nextTeamId(),
      teamUuId: uuid(),
      teamName: input.teamName,
      isActive: input.isActive ?? true,
      codeIds: new Set(),
      updatedAt: this.now(),
    };
    this.teams.set(team.teamId, team);
    this.teamsByTenant.get(tenantId)?.push(team);
    this.agentsByTeam.set(team.teamId, new Set());
    return team;
  }

  team(tenantId: string, teamId: number): Team {
    const team = this.teams.get(teamId);
    if (!team || team.tenantId !== tenantId) throw notFound(`Team ${teamId}`);
    return team;
  }

  createCode(tenantId: string, input: NewCode): UnavailableCode {
    this.tenant(tenantId);
    if (!input.name) throw badRequest('An unavailable code needs a name.');
    if (this.tenantCodes(tenantId).some((c) => c.name === input.name)) {
      throw acdError(409, 'Conflict', `An unavailable code named "${input.name}" already exists.`);
    }
    const code: UnavailableCode = {
      tenantId,
      id: this.ids.nextCodeId(),
      name: input.name,
      isActive: input.isActive ?? true,
      isAcw: input.isAcw ?? false,
      agentTimeoutMins: input.agentTimeoutMins ?? null,
    };
    this.codes.set(code.id, code);
    this.codesByTenant.get(tenantId)?.push(code);
    for (const teamId of input.teamIds ?? []) this.assignCode(tenantId, teamId, code.id);
    return code;
  }

  code(tenantId: string, codeId: number): UnavailableCode {
    const code = this.codes.get(codeId);
    if (!code || code.tenantId !== tenantId) throw notFound(`Unavailable code ${codeId}`);
    return code;
  }

  assignCode(tenantId: string, teamId: number, codeId: number): void {
    const team = this.team(tenantId, teamId);
    team.codeIds.add(this.code(tenantId, codeId).id);
    team.updatedAt = this.now();
  }

  unassignCode(tenantId: string, teamId: number, codeId: number): void {
    const team = this.team(tenantId, teamId);
    team.codeIds.delete(codeId);
    team.updatedAt = this.now();
  }

  teamsOfCode(code: UnavailableCode): Team[] {
    return this.tenantTeams(code.tenantId).filter((t) => t.codeIds.has(code.id));
  }

  createUser(tenantId: string, input: NewUser): Agent {
    this.tenant(tenantId);
    this.team(tenantId, input.teamId);
    const agentId = this.ids.nextAgentId();
    const firstName = input.firstName ?? 'Agent';
    const lastName = input.lastName ?? String(agentId);
    const userName = input.userName ?? `agent${agentId}@emulated.cxone`;
    const now = this.now();
    const agent: Agent = {
      tenantId,
      agentId,
      userId: uuid(),
      userName,
      firstName,
      lastName,
      emailAddress: input.emailAddress ?? userName,
      federatedId: input.federatedId ?? null,
      crmUserName: input.crmUserName ?? null,
      isActive: input.isActive ?? true,
      teamId: input.teamId,
      canImpersonate: input.canImpersonate ?? true,
      canManageAccessKeys: input.canManageAccessKeys ?? true,
      updatedAt: now,
      status: LOGGED_OUT(now),
      sessionStartTime: null,
      stationId: null,
      contact: null,
      nextState: null,
    };
    this.agents.set(agentId, agent);
    this.agentsByTenant.get(tenantId)?.push(agent);
    this.agentsByTeam.get(agent.teamId)?.add(agent);
    this.agentsByUserId.set(agent.userId, agent);
    return agent;
  }

  updateUser(agentId: number, patch: UserPatch): Agent {
    const agent = this.anyAgent(agentId);
    if (patch.teamId !== undefined && patch.teamId !== agent.teamId) {
      this.team(agent.tenantId, patch.teamId);
      this.agentsByTeam.get(agent.teamId)?.delete(agent);
      agent.teamId = patch.teamId;
      this.agentsByTeam.get(agent.teamId)?.add(agent);
    }
    if (patch.userName !== undefined) agent.userName = patch.userName;
    if (patch.firstName !== undefined) agent.firstName = patch.firstName;
    if (patch.lastName !== undefined) agent.lastName = patch.lastName;
    if (patch.emailAddress !== undefined) agent.emailAddress = patch.emailAddress;
    if (patch.federatedId !== undefined) agent.federatedId = patch.federatedId;
    if (patch.crmUserName !== undefined) agent.crmUserName = patch.crmUserName;
    if (patch.isActive !== undefined) agent.isActive = patch.isActive;
    if (patch.canImpersonate !== undefined) agent.canImpersonate = patch.canImpersonate;
    if (patch.canManageAccessKeys !== undefined) agent.canManageAccessKeys = patch.canManageAccessKeys;
    agent.updatedAt = this.now();
    return agent;
  }

  /** An agent of the tenant; 404 otherwise (another tenant's agent does not exist for the caller). */
  agent(tenantId: string, agentId: number): Agent {
    const agent = this.agents.get(agentId);
    if (!agent || agent.tenantId !== tenantId) throw notFound(`Agent ${agentId}`);
    return agent;
  }

  anyAgent(agentId: number): Agent {
    const agent = this.agents.get(agentId);
    if (!agent) throw notFound(`Agent ${agentId}`);
    return agent;
  }

  agentByUserId(userId: string): Agent | undefined {
    return this.agentsByUserId.get(userId);
  }

  createAccessKey(agentId: number): AccessKey {
    const agent = this.anyAgent(agentId);
    const key: AccessKey = {
      accessKeyId: randomBase32(56),
      accessKeySecret: randomSecret(),
      tenantId: agent.tenantId,
      agentId,
      isActive: true,
      createdAt: this.now(),
    };
    this.accessKeys.set(key.accessKeyId, key);
    return key;
  }

  accessKeysOf(agentId: number): AccessKey[] {
    return [...this.accessKeys.values()].filter((k) => k.agentId === agentId);
  }

  tenantAgents(tenantId: string): readonly Agent[] {
    return this.agentsByTenant.get(tenantId) ?? [];
  }
  tenantTeams(tenantId: string): readonly Team[] {
    return this.teamsByTenant.get(tenantId) ?? [];
  }
  tenantCodes(tenantId: string): readonly UnavailableCode[] {
    return this.codesByTenant.get(tenantId) ?? [];
  }
  teamAgents(teamId: number): Agent[] {
    return [...(this.agentsByTeam.get(teamId) ?? [])].sort((a, b) => a.agentId - b.agentId);
  }
}
