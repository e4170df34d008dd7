import type { FastifyInstance } from 'fastify';
import type { UnavailableCode } from '../model.ts';
import type { World } from '../world.ts';
import { callerOf } from './caller.ts';
import { boolParam, idParam, paginate, param, project, timeParam, type Query } from './query.ts';
import { agentRow, codeRow, listReply, teamCodeRow, teamRow } from './rows.ts';

type IdParams = { id: string };

/** Admin API reads: agents, teams, unavailable codes and their team assignments (reference §3.1–3.2). */
export function registerDirectoryRoutes(api: FastifyInstance, world: World): void {
  const { directory } = world;

  api.get('/server-time', async () => ({ ServerTime: new Date(world.now()).toISOString() }));

  api.get('/agents', async (request, reply) => {
    const { tenant } = await callerOf(world, request);
    const query = request.query as Query;
    const since = timeParam(query, 'updatedSince', 'updateSince');
    const isActive = boolParam(query, 'isActive');
    const search = param(query, 'searchString')?.toLowerCase();
    const pollTime = world.now();
    const matching = directory.tenantAgents(tenant.tenantId).filter(
      (a) =>
        (since === undefined || a.updatedAt > since) &&
        (isActive === undefined || a.isActive === isActive) &&
        (!search || `${a.firstName} ${a.lastName} ${a.userName} ${a.emailAddress}`.toLowerCase().includes(search)),
    );
    const page = paginate(matching, query, request.url);
    const agents = project(page.rows.map((a) => agentRow(a, directory)), param(query, 'fields'));
    return listReply(reply, world.behaviour, agents.length, {
      businessUnitId: tenant.businessUnitId,
      _links: page.links,
      lastPollTime: new Date(pollTime).toISOString(),
      totalRecords: page.totalRecords,
      agents,
    });
  });

  api.get('/agents/:id', async (request) => {
    const { tenant } = await callerOf(world, request);
    const agent = directory.agent(tenant.tenantId, idParam((request.params as IdParams).id, 'agentId'));
    return { businessUnitId: tenant.businessUnitId, agents: [agentRow(agent, directory)] };
  });

  api.get('/teams', async (request, reply) => {
    const { tenant } = await callerOf(world, request);
    const query = request.query as Query;
    const since = timeParam(query, 'updatedSince', 'updateSince');
    const isActive = boolParam(query, 'isActive');
    const matching = directory
      .tenantTeams(tenant.tenantId)
      .filter((t) => (since === undefined || t.updatedAt > since) && (isActive === undefined || t.isActive === isActive));
    const page = paginate(matching, query, request.url);
    const teams = project(page.rows.map((t) => teamRow(t, directory)), param(query, 'fields'));
    return listReply(reply, world.behaviour, teams.length, {
      businessUnitId: tenant.businessUnitId,
      _links: page.links,
      lastPollTime: new Date(world.now()).toISOString(),
      totalRecords: page.totalRecords,
      teams,
    });
  });

  api.get('/teams/agents', async (request) => {
    const { tenant } = await callerOf(world, request);
    const teams = directory.tenantTeams(tenant.tenantId).map((t) => ({
      ...teamRow(t, directory),
      agents: directory.teamAgents(t.teamId).map((a) => agentRow(a, directory)),
    }));
    return { totalRecords: teams.length, lastPollTime: new Date(world.now()).toISOString(), teams };
  });

  api.get('/teams/:id', async (request) => {
    const { tenant } = await callerOf(world, request);
    const team = directory.team(tenant.tenantId, idParam((request.params as IdParams).id, 'teamId'));
    const codes = [...team.codeIds].map((id) => directory.codes.get(id)).filter((c) => c !== undefined);
    return {
      businessUnitId: tenant.businessUnitId,
      teams: [{ ...teamRow(team, directory), unavailableCodes: codes.map((c) => teamCodeRow(c, world.behaviour.teamCodeCasing)) }],
    };
  });

  api.get('/teams/:id/agents', async (request) => {
    const { tenant } = await callerOf(world, request);
    const query = request.query as Query;
    const team = directory.team(tenant.tenantId, idParam((request.params as IdParams).id, 'teamId'));
    const since = timeParam(query, 'updatedSince', 'updateSince');
    const isActive = boolParam(query, 'isActive');
    const matching = directory
      .teamAgents(team.teamId)
      .filter((a) => (since === undefined || a.updatedAt > since) && (isActive === undefined || a.isActive === isActive));
    const page = paginate(matching, query, request.url);
    const agents = project(page.rows.map((a) => agentRow(a, directory)), param(query, 'fields'));
    return {
      totalRecords: page.totalRecords,
      lastPollTime: new Date(world.now()).toISOString(),
      _links: page.links,
      teams: [{ ...teamRow(team, directory), agents }],
    };
  });

  api.get('/teams/:id/unavailable-codes', async (request) => {
    const { tenant } = await callerOf(world, request);
    const team = directory.team(tenant.tenantId, idParam((request.params as IdParams).id, 'teamId'));
    const activeOnly = boolParam(request.query as Query, 'activeOnly') ?? false;
    const codes = [...team.codeIds]
      .sort((a, b) => a - b)
      .map((id) => directory.codes.get(id))
      .filter((c): c is UnavailableCode => c !== undefined && (!activeOnly || c.isActive));
    return {
      teamId: team.teamId,
      teamName: team.teamName,
      teamUuid: team.teamUuId,
      unavailableCodes: codes.map((c) => teamCodeRow(c, world.behaviour.teamCodeCasing)),
    };
  });

  api.get('/unavailable-codes', async (request, reply) => {
    const { tenant } = await callerOf(world, request);
    const query = request.query as Query;
    const isActive = boolParam(query, 'isActive');
    const search = param(query, 'searchString')?.toLowerCase();
    const matching = directory
      .tenantCodes(tenant.tenantId)
      .filter((c) => (isActive === undefined || c.isActive === isActive) && (!search || c.name.toLowerCase().includes(search)));
    const page = paginate(matching, query, request.url);
    const unavailableCodes = project(page.rows.map(codeRow), param(query, 'fields'));
    return listReply(reply, world.behaviour, unavailableCodes.length, { totalRecords: page.totalRecords, _links: page.links, unavailableCodes });
  });

  api.get('/unavailable-codes/:id', async (request) => {
    const { tenant } = await callerOf(world, request);
    const code = directory.code(tenant.tenantId, idParam((request.params as IdParams).id, 'unavailable code id'));
    return { unavailableCodes: [codeRow(code)] };
  });

  api.get('/unavailable-codes/:id/teams', async (request) => {
    const { tenant } = await callerOf(world, request);
    const code = directory.code(tenant.tenantId, idParam((request.params as IdParams).id, 'unavailable code id'));
    const teams = directory.teamsOfCode(code).map((t) => ({ teamId: t.teamId, teamName: t.teamName, isActive: t.isActive }));
    return { id: code.id, name: code.name, teams };
  });
}
