import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../errors.ts';
import type { StateChange } from '../model.ts';
import type { CxoneBehaviour } from '../options.ts';
import type { FeedRow, World } from '../world.ts';
import { callerOf } from './caller.ts';
import { idParam, paginate, param, project, timeParam, type Query } from './query.ts';
import { listReply, stateRow } from './rows.ts';
import { faultsOf } from './fault-hook.ts';

type IdParams = { id: string };

/** The Real-Time Data states feed and the admin "set agent state" call (reference §3.3–3.4). */
export function registerStateRoutes(api: FastifyInstance, world: World): void {
  const { directory } = world;

  api.get('/agents/states', async (request, reply) => {
    const { tenant } = await callerOf(world, request);
    const query = request.query as Query;
    const since = timeParam(query, 'updatedSince', 'updateSince');
    const pollTime = world.log.pollTime(tenant.tenantId);
    const row = (c: Pick<StateChange, 'agentId' | 'to' | 'contactId'>): FeedRow =>
      stateRow(directory.anyAgent(c.agentId), c.to, c.contactId, directory, tenant.businessUnitId);

    let rows: FeedRow[];
    if (since === undefined) {
      rows = directory.tenantAgents(tenant.tenantId).map((a) => row({ agentId: a.agentId, to: a.status, contactId: a.contact?.contactId ?? null }));
    } else {
      rows = selectChanges(world.log.between(tenant.tenantId, since, pollTime), world.behaviour.statesFeed).map(row);
    }
    const page = paginate(rows, query, request.url);
    let out = page.rows;
    if (page.links.previous === null) out = applyFeedFaults(world, tenant.tenantId, request, out);
    const agentStates = project(out, param(query, 'fields'));
    return listReply(reply, world.behaviour, agentStates.length, {
      totalRecords: page.totalRecords,
      _links: page.links,
      lastPollTime: new Date(pollTime).toISOString(),
      agentStates,
    });
  });

  api.get('/agents/:id/states', async (request) => {
    const { tenant } = await callerOf(world, request);
    const agent = directory.agent(tenant.tenantId, idParam((request.params as IdParams).id, 'agentId'));
    const lastPollTime = new Date(world.log.pollTime(tenant.tenantId)).toISOString();
    return { lastPollTime, agentStates: [stateRow(agent, agent.status, agent.contact?.contactId ?? null, directory, tenant.businessUnitId)] };
  });

  api.post('/agents/:id/state', async (request, reply) => {
    const { tenant } = await callerOf(world, request);
    const agent = directory.agent(tenant.tenantId, idParam((request.params as IdParams).id, 'agentId'));
    const { state, outStateId } = stateInput(request);
    world.states.request(agent, { state, outStateId, cause: 'api', detail: 'POST /agents/{agentId}/state' });
    return setStateReply(reply, world.behaviour);
  });
}

/** `state` and `outStateId` from the JSON body, or from the query (the spec declares them there). */
function stateInput(request: FastifyRequest): { state: 'Available' | 'Unavailable'; outStateId: number } {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
  const query = request.query as Query;
  const rawState = body['state'] ?? param(query, 'state');
  const rawCode = body['outStateId'] ?? param(query, 'outStateId');
  const state = typeof rawState === 'string' ? rawState.toLowerCase() : '';
  if (state !== 'available' && state !== 'unavailable') throw badRequest(`state must be Available or Unavailable, not "${String(rawState ?? '')}".`);
  const outStateId = rawCode === undefined || rawCode === null || rawCode === '' ? 0 : Number(rawCode);
  if (!Number.isInteger(outStateId) || outStateId < 0) throw badRequest(`outStateId must be a whole number, not "${String(rawCode)}".`);
  return { state: state === 'available' ? 'Available' : 'Unavailable', outStateId: state === 'available' ? 0 : outStateId };
}

export function setStateReply(reply: FastifyReply, behaviour: CxoneBehaviour) {
  const status = behaviour.setStateStatus;
  return status === 200 ? reply.code(200).send({}) : reply.code(status).send();
}

/** `latest-per-agent` keeps each agent's newest change, in the order of those newest changes. */
export function selectChanges(changes: StateChange[], mode: CxoneBehaviour['statesFeed']): StateChange[] {
  if (mode === 'every-change') return changes;
  const latest = new Map<number, StateChange>();
  for (const c of changes) {
    latest.delete(c.agentId);
    latest.set(c.agentId, c);
  }
  return [...latest.values()];
}

/** Delivers rows earlier faults carried over, and applies this request's duplicate / late faults. */
function applyFeedFaults(world: World, tenantId: string, request: FastifyRequest, rows: FeedRow[]): FeedRow[] {
  const carry = world.carry(tenantId);
  const repeated = carry.repeat.splice(0);
  const late = carry.late.splice(0);
  let current = rows;
  for (const action of faultsOf.get(request) ?? []) {
    if (action.type === 'duplicateRows' && action.where === 'same') current = [...current, ...current];
    else if (action.type === 'duplicateRows') carry.repeat.push(...current);
    else if (action.type === 'lateRows') {
      carry.late.push(...current);
      current = [];
    } else if (action.type === 'reorderRows') current = [...current].reverse();
  }
  return [...repeated, ...current, ...late];
}
