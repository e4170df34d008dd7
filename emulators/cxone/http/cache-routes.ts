import type { FastifyInstance } from 'fastify';
import type { StateChange } from '../model.ts';
import type { World } from '../world.ts';
import { callerOf } from './caller.ts';
import { param, project, timeParam, type Query } from './query.ts';
import { stateRow } from './rows.ts';
import { selectChanges } from './state-routes.ts';

/**
 * The agent-state cache NICE's SDK polls for its directory (core-sdk `AGENT_STATE_URI`,
 * `/InContactAPI/services/v27.0/cache/agentstate`; agent-sdk `cxone-directory-adapter.js` reads
 * `resultSet.agentState[]`, `agent-state-response.js` its fields). Not in NICE's public API docs.
 * A cache holds each agent's current state: one row per agent changed after `updatedSince`
 * (every agent without it), so a change followed by another before the next poll is not seen.
 */
export function registerCacheRoutes(api: FastifyInstance, world: World): void {
  const { directory } = world;

  api.get('/cache/agentstate', async (request) => {
    const { tenant } = await callerOf(world, request);
    const query = request.query as Query;
    const since = timeParam(query, 'updatedSince', 'updateSince');
    const pollTime = world.log.pollTime(tenant.tenantId);
    const lastPollTime = new Date(pollTime).toISOString();
    const changes: Pick<StateChange, 'agentId' | 'to' | 'contactId'>[] =
      since === undefined
        ? directory.tenantAgents(tenant.tenantId).map((a) => ({ agentId: a.agentId, to: a.status, contactId: a.contact?.contactId ?? null }))
        : selectChanges(world.log.between(tenant.tenantId, since, pollTime), 'latest-per-agent');
    const rows = changes.map((c) => {
      const agent = directory.anyAgent(c.agentId);
      const row = stateRow(agent, c.to, c.contactId, directory, tenant.businessUnitId);
      return {
        agentId: row['agentId'],
        userId: agent.userId,
        agentStateName: row['agentStateName'],
        contactId: row['contactId'],
        firstName: row['firstName'],
        lastName: row['lastName'],
        userName: row['userName'],
        isActive: row['isActive'],
        isOutbound: row['isOutbound'],
        lastPollTime,
        lastUpdateTime: row['lastUpdateTime'],
        startDate: row['startDate'],
        mediaName: row['mediaTypeName'],
        outStateCode: row['outStateId'],
        outStateDescription: row['outStateDescription'],
        skillId: row['skillId'],
        skillName: row['skillName'],
        stationPhoneNumber: row['stationPhoneNumber'],
        teamId: row['teamId'],
        teamName: row['teamName'],
      };
    });
    return { resultSet: { businessUnitId: tenant.businessUnitId, lastPollTime, agentState: project(rows, param(query, 'fields')) } };
  });
}
