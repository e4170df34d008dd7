import type { FastifyInstance, FastifyRequest } from 'fastify';
import { acdError, badRequest } from '../errors.ts';
import type { Agent } from '../model.ts';
import type { World } from '../world.ts';
import { callerOf, type Caller } from './caller.ts';
import { idParam, intParam, param, type Query } from './query.ts';
import { setStateReply } from './state-routes.ts';

type SessionParams = { sessionId: string };

/** The Agent API session calls (reference §3.4–3.5): start, join, state, end, keep-alive, get-next-event. */
export function registerSessionRoutes(api: FastifyInstance, world: World): void {
  const { sessions } = world;

  api.post('/agent-sessions', async (request, reply) => {
    const caller = await callerOf(world, request);
    const input = fields(request);
    const stationId = input['stationId'] ?? input['stationPhoneNumber'];
    if (stationId === undefined || stationId === '') throw badRequest('stationId or stationPhoneNumber is required to start a session.');
    const asAgentId = input['asAgentId'];
    const agent = asAgentId === undefined ? caller.user : impersonated(world, caller, asAgentId);
    return reply.code(202).send({ sessionId: sessions.start(agent, String(stationId)) });
  });

  api.post('/agent-sessions/join', async (request, reply) => {
    const caller = await callerOf(world, request);
    const asAgentId = fields(request)['asAgentId'];
    if (asAgentId === undefined || asAgentId === '') throw badRequest('asAgentId is required to join a session.');
    return reply.code(202).send({ sessionId: sessions.join(impersonated(world, caller, asAgentId)) });
  });

  api.post('/agent-sessions/:sessionId/state', async (request, reply) => {
    const { tenant } = await callerOf(world, request);
    const { agent } = sessions.get(tenant.tenantId, (request.params as SessionParams).sessionId);
    const input = fields(request);
    const state = String(input['state'] ?? '').toLowerCase();
    if (state !== 'available' && state !== 'unavailable') throw badRequest(`state must be Available or Unavailable, not "${String(input['state'] ?? '')}".`);
    const outStateId = state === 'unavailable' ? codeIdForReason(world, agent, input['reason']) : 0;
    const target = state === 'available' ? 'Available' : 'Unavailable';
    world.states.request(agent, { state: target, outStateId, cause: 'api', detail: 'agent-session state' });
    return setStateReply(reply, world.behaviour);
  });

  api.post('/agent-sessions/:sessionId/keep-alive', async (request, reply) => {
    const { tenant } = await callerOf(world, request);
    sessions.get(tenant.tenantId, (request.params as SessionParams).sessionId);
    return reply.code(202).send();
  });

  api.delete('/agent-sessions/:sessionId', async (request, reply) => {
    const { tenant } = await callerOf(world, request);
    const input = fields(request);
    const flag = (name: string): boolean => input[name] === true || String(input[name]).toLowerCase() === 'true';
    sessions.end(tenant.tenantId, (request.params as SessionParams).sessionId, { forceLogoff: flag('forceLogoff'), endContacts: flag('endContacts') });
    return reply.code(202).send();
  });

  api.get('/agent-sessions/:sessionId/get-next-event', async (request, reply) => {
    const { tenant } = await callerOf(world, request);
    const sessionId = (request.params as SessionParams).sessionId;
    const timeout = Math.min(60, intParam(request.query as Query, 'timeout', 0));
    const next = await sessions.nextEvents(tenant.tenantId, sessionId, timeout * 1000);
    if (next.kind === 'ended') throw acdError(409, 'SessionEnded', `Session ${sessionId} has ended.`);
    if (next.kind === 'none') return reply.code(304).send();
    return { sessionId, events: next.events };
  });
}

/** Body fields, with query parameters filling in what the body lacks. */
function fields(request: FastifyRequest): Record<string, unknown> {
  const body = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
  const query = request.query as Query;
  const out: Record<string, unknown> = { ...body };
  for (const key of Object.keys(query)) if (out[key] === undefined) out[key] = param(query, key);
  return out;
}

function impersonated(world: World, caller: Caller, asAgentId: unknown): Agent {
  const agent = world.directory.agent(caller.tenant.tenantId, idParam(String(asAgentId), 'asAgentId'));
  if (agent.agentId !== caller.user.agentId && !caller.user.canImpersonate) {
    throw acdError(403, 'ImpersonateNotEnabled', 'The caller is not allowed to act as another agent (impersonation is not enabled).');
  }
  return agent;
}

/**
 * The code a session `reason` names: exact, case-sensitive match among the active codes of the
 * agent's team. Anything else is CXone's plain Unavailable (reference §3.4: history records plain
 * "Unavailable" when the text matches no code).
 */
function codeIdForReason(world: World, agent: Agent, reason: unknown): number {
  if (typeof reason !== 'string' || reason === '') return 0;
  const team = world.directory.teams.get(agent.teamId);
  for (const id of team?.codeIds ?? []) {
    const code = world.directory.codes.get(id);
    if (code?.isActive && code.name === reason) return code.id;
  }
  return 0;
}
