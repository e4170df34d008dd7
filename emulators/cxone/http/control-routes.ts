import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createControl } from '../control.ts';
import { badRequest } from '../errors.ts';
import type { World } from '../world.ts';
import { idParam, intParam, param, type Query } from './query.ts';

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw badRequest(result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return result.data;
}

const tenantBody = z.object({ tenantId: z.string().optional(), name: z.string().optional(), businessUnitId: z.number().int().optional() });
const applicationBody = z.object({ clientId: z.string().optional(), clientSecret: z.string().optional(), tenantId: z.string().nullable().optional() });
const teamBody = z.object({ teamName: z.string().min(1), isActive: z.boolean().optional() });
const teamPatch = z.object({ teamName: z.string().min(1).optional(), isActive: z.boolean().optional() });
const codeBody = z.object({
  name: z.string().min(1),
  isAcw: z.boolean().optional(),
  isActive: z.boolean().optional(),
  agentTimeoutMins: z.number().int().nullable().optional(),
  teamIds: z.array(z.number().int()).optional(),
});
const codePatch = z.object({ name: z.string().min(1).optional(), isActive: z.boolean().optional(), isAcw: z.boolean().optional() });
const userFields = {
  userName: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  emailAddress: z.string().optional(),
  federatedId: z.string().nullable().optional(),
  crmUserName: z.string().nullable().optional(),
  isActive: z.boolean().optional(),
  canImpersonate: z.boolean().optional(),
  canManageAccessKeys: z.boolean().optional(),
};
const userBody = z.object({ ...userFields, teamId: z.number().int(), accessKey: z.boolean().optional() });
const userPatch = z.object({ ...userFields, teamId: z.number().int().optional() });
const stateBody = z.object({ state: z.enum(['Available', 'Unavailable']), outStateId: z.number().int().min(0).optional() });
const seedBody = z.object({
  agents: z.number().int().min(0),
  tenantId: z.string().optional(),
  teams: z.number().int().min(1).optional(),
  codes: z.array(z.string().min(1)).optional(),
  acwCode: z.boolean().optional(),
  loggedIn: z.union([z.boolean(), z.number().min(0).max(1)]).optional(),
  initialState: z.enum(['Available', 'Unavailable']).optional(),
});
const faultAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: z.number().int().min(400).max(599), retryAfterSeconds: z.number().min(0).optional(), body: z.record(z.string(), z.unknown()).optional() }),
  z.object({ type: z.literal('latency'), ms: z.number().int().min(0).max(120_000) }),
  z.object({ type: z.literal('drop') }),
  z.object({ type: z.literal('duplicateRows'), where: z.enum(['next', 'same']).optional() }),
  z.object({ type: z.literal('lateRows') }),
  z.object({ type: z.literal('reorderRows') }),
]);
const faultBody = z.object({
  path: z.string().min(1),
  method: z.string().optional(),
  times: z.union([z.number().int().min(1), z.literal('unlimited')]).optional(),
  after: z.number().int().min(0).optional(),
  action: faultAction,
});
const behaviourPatch = z.object({
  statesFeed: z.enum(['every-change', 'latest-per-agent']).optional(),
  emptyResultStatus: z.union([z.literal(200), z.literal(204)]).optional(),
  setStateStatus: z.union([z.literal(200), z.literal(202), z.literal(204)]).optional(),
  loggedOutStatus: z.union([z.literal(400), z.literal(409)]).optional(),
  codeNotOnTeamStatus: z.union([z.literal(400), z.literal(409)]).optional(),
  teamCodeCasing: z.enum(['outstate', 'outState']).optional(),
  sameStateChange: z.enum(['ignored', 'recorded']).optional(),
  deactivatedUserTokens: z.enum(['valid-until-expiry', 'rejected']).optional(),
});

type P = Record<string, string>;
const num = (params: unknown, name: string): number => idParam((params as P)[name] ?? '', name);
const str = (params: unknown, name: string): string => (params as P)[name] ?? '';

/** The control surface over HTTP (`/emulator/...`): the same operations as the in-process control API. */
export function registerControlRoutes(app: FastifyInstance, world: World): void {
  const control = createControl(world);
  const ok = { ok: true };

  app.post('/emulator/tenants', async (req) => control.createTenant(parse(tenantBody, req.body)));
  app.post('/emulator/applications', async (req) => control.createApplication(parse(applicationBody, req.body)));
  app.post('/emulator/tenants/:tenantId/teams', async (req) => control.createTeam(str(req.params, 'tenantId'), parse(teamBody, req.body)));
  app.patch('/emulator/tenants/:tenantId/teams/:teamId', async (req) =>
    control.updateTeam(str(req.params, 'tenantId'), num(req.params, 'teamId'), parse(teamPatch, req.body)),
  );
  app.post('/emulator/tenants/:tenantId/codes', async (req) => control.createCode(str(req.params, 'tenantId'), parse(codeBody, req.body)));
  app.patch('/emulator/tenants/:tenantId/codes/:codeId', async (req) =>
    control.updateCode(str(req.params, 'tenantId'), num(req.params, 'codeId'), parse(codePatch, req.body)),
  );
  app.put('/emulator/tenants/:tenantId/teams/:teamId/codes/:codeId', async (req) => {
    control.assignCode(str(req.params, 'tenantId'), num(req.params, 'teamId'), num(req.params, 'codeId'));
    return ok;
  });
  app.delete('/emulator/tenants/:tenantId/teams/:teamId/codes/:codeId', async (req) => {
    control.unassignCode(str(req.params, 'tenantId'), num(req.params, 'teamId'), num(req.params, 'codeId'));
    return ok;
  });
  app.post('/emulator/tenants/:tenantId/users', async (req) => control.createUser(str(req.params, 'tenantId'), parse(userBody, req.body)));
  app.patch('/emulator/agents/:agentId', async (req) => control.updateUser(num(req.params, 'agentId'), parse(userPatch, req.body)));
  app.get('/emulator/agents/:agentId', async (req) => control.agent(num(req.params, 'agentId')));
  app.post('/emulator/agents/:agentId/access-keys', async (req) => control.createAccessKey(num(req.params, 'agentId')));
  app.patch('/emulator/access-keys/:accessKeyId', async (req) => {
    control.setAccessKeyActive(str(req.params, 'accessKeyId'), parse(z.object({ isActive: z.boolean() }), req.body).isActive);
    return ok;
  });
  app.post('/emulator/agents/:agentId/login', async (req) =>
    control.login(num(req.params, 'agentId'), parse(z.object({ stationId: z.string().optional() }), req.body)),
  );
  app.post('/emulator/agents/:agentId/logout', async (req) => control.logout(num(req.params, 'agentId')));
  app.post('/emulator/agents/:agentId/state', async (req) => {
    const body = parse(stateBody, req.body);
    return { outcome: control.setState(num(req.params, 'agentId'), body.state, body.outStateId), agent: control.agent(num(req.params, 'agentId')) };
  });
  app.post('/emulator/states', async (req) => {
    const body = parse(z.object({ changes: z.array(stateBody.extend({ agentId: z.number().int() })).max(100_000) }), req.body);
    return { outcomes: control.setStates(body.changes) };
  });
  app.post('/emulator/agents/:agentId/contacts', async (req) =>
    control.startContact(num(req.params, 'agentId'), parse(z.object({ direction: z.enum(['inbound', 'outbound']).optional() }), req.body).direction),
  );
  app.post('/emulator/agents/:agentId/contacts/end', async (req) => control.endContact(num(req.params, 'agentId')));
  app.get('/emulator/changes', async (req) => {
    const query = req.query as Query;
    const agentId = param(query, 'agentId');
    return {
      changes: control.changes({
        tenantId: param(query, 'tenantId'),
        agentId: agentId === undefined ? undefined : idParam(agentId, 'agentId'),
        afterSeq: param(query, 'afterSeq') === undefined ? undefined : intParam(query, 'afterSeq', 0),
      }),
    };
  });
  app.post('/emulator/seed', async (req) => control.seed(parse(seedBody, req.body)));
  app.get('/emulator/faults', async () => ({ faults: control.faults() }));
  app.post('/emulator/faults', async (req) => control.addFault(parse(faultBody, req.body)));
  app.delete('/emulator/faults', async () => {
    control.clearFaults();
    return ok;
  });
  app.delete('/emulator/faults/:id', async (req) => {
    control.removeFault(num(req.params, 'id'));
    return ok;
  });
  app.get('/emulator/requests', async (req) => {
    const query = req.query as Query;
    return { requests: control.requests({ path: param(query, 'path'), method: param(query, 'method') }) };
  });
  app.delete('/emulator/requests', async () => {
    control.clearRequests();
    return ok;
  });
  app.post('/emulator/tokens/revoke', async (req) => {
    control.revokeTokens(parse(z.object({ tenantId: z.string().optional() }), req.body).tenantId);
    return ok;
  });
  app.put('/emulator/token-lifetime', async (req) => {
    const body = parse(z.object({ accessSeconds: z.number().int().min(1), refreshSeconds: z.number().int().min(1).optional() }), req.body);
    control.setTokenLifetime(body.accessSeconds, body.refreshSeconds);
    return ok;
  });
  app.get('/emulator/behaviour', async () => control.behaviour());
  app.patch('/emulator/behaviour', async (req) => control.setBehaviour(parse(behaviourPatch, req.body)));
}
