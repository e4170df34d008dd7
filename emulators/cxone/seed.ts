import { badRequest } from './errors.ts';
import type { Application, Tenant } from './model.ts';
import { accessKeyView, codeView, teamView, type AccessKeyView, type CodeView, type TeamView } from './views.ts';
import type { World } from './world.ts';

export interface SeedInput {
  /** Agents to create (besides the access key user). */
  agents: number;
  /** Add them to this tenant; omitted = a new tenant. */
  tenantId?: string;
  /** Teams to spread the agents over (default 1 per 500 agents, at least 1). */
  teams?: number;
  /** Unavailable codes, assigned to every team (default Break, Lunch, Meeting, Training). */
  codes?: string[];
  /** Also an ACW code named "ACW" (default true). */
  acwCode?: boolean;
  /** Log the agents in: all (true, default), none (false), or this fraction 0..1 of them. */
  loggedIn?: boolean | number;
  /** The state logged-in agents are put in (default Available). */
  initialState?: 'Available' | 'Unavailable';
}

export interface SeedResult {
  tenant: Tenant;
  /** A registered application allowed for the tenant. */
  application: Application;
  /** The access key user: an administrator with an access key, not logged in. */
  accessKeyUser: AccessKeyView;
  teams: TeamView[];
  codes: CodeView[];
  /** The seeded agents' ids, in creation order. */
  agentIds: number[];
}

const MAX_SEED = 200_000;

/** A ready data set: tenant, application, access key user, teams with codes, and many agents. */
export function seed(world: World, input: SeedInput): SeedResult {
  const { directory, states } = world;
  if (!Number.isInteger(input.agents) || input.agents < 0 || input.agents > MAX_SEED) {
    throw badRequest(`agents must be a whole number from 0 to ${MAX_SEED}.`);
  }
  const tenant = input.tenantId ? directory.tenant(input.tenantId) : directory.createTenant();
  const application = directory.createApplication({ tenantId: tenant.tenantId });
  const teamCount = Math.max(1, input.teams ?? Math.ceil(input.agents / 500));
  const existingTeams = directory.tenantTeams(tenant.tenantId).length;
  const teams = Array.from({ length: teamCount }, (_, i) => directory.createTeam(tenant.tenantId, { teamName: `Team ${existingTeams + i + 1}` }));
  const teamIds = teams.map((t) => t.teamId);
  // Seeding into a tenant again reuses its codes of the same name (names are unique per tenant).
  const code = (name: string, isAcw: boolean) => {
    const found = directory.tenantCodes(tenant.tenantId).find((c) => c.name === name);
    if (!found) return directory.createCode(tenant.tenantId, { name, isAcw, teamIds });
    for (const teamId of teamIds) directory.assignCode(tenant.tenantId, teamId, found.id);
    return found;
  };
  const codes = (input.codes ?? ['Break', 'Lunch', 'Meeting', 'Training']).map((name) => code(name, false));
  if (input.acwCode ?? true) codes.push(code('ACW', true));

  const admin = directory.createUser(tenant.tenantId, { teamId: teamIds[0] ?? 0, firstName: 'Access', lastName: 'Key User', userName: `access.key.user@${tenant.tenantId}` });
  const key = directory.createAccessKey(admin.agentId);

  const fraction = input.loggedIn === undefined || input.loggedIn === true ? 1 : input.loggedIn === false ? 0 : input.loggedIn;
  const loggedInCount = Math.round(input.agents * Math.min(1, Math.max(0, fraction)));
  const agentIds: number[] = [];
  for (let i = 0; i < input.agents; i++) {
    const agent = directory.createUser(tenant.tenantId, { teamId: teamIds[i % teamCount] ?? 0, firstName: 'Agent', lastName: String(i + 1) });
    agentIds.push(agent.agentId);
    if (i < loggedInCount) {
      states.login(agent, null, 'agent', 'seed');
      if ((input.initialState ?? 'Available') === 'Available') states.request(agent, { state: 'Available', cause: 'agent', detail: 'seed' });
    }
  }
  return {
    tenant,
    application,
    accessKeyUser: accessKeyView(key, directory),
    teams: teams.map(teamView),
    codes: codes.map((c) => codeView(c, directory)),
    agentIds,
  };
}
