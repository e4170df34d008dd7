import type { FastifyInstance, FastifyReply } from 'fastify';
import type { OrgSeed, UserSeed, ConnectedAppSeed } from '../seed.ts';
import type { EmulatorControl } from './control.ts';
import type { FaultAction } from './faults.ts';

interface FaultBody {
  path?: string;
  /** Treat `path` as a regular expression. */
  regex?: boolean;
  method?: string;
  orgId?: string;
  action: FaultAction;
  times?: number;
}

async function guarded(reply: FastifyReply, fn: () => unknown): Promise<FastifyReply> {
  try {
    const result = fn();
    return reply.code(200).send(result ?? { ok: true });
  } catch (err) {
    return reply.code(400).send({ error: err instanceof Error ? err.message : String(err) });
  }
}

/** The HTTP control surface under /emulator/ (separate from everything Salesforce serves). */
export function registerControlRoutes(app: FastifyInstance, control: EmulatorControl, listOrgs: () => string[]): void {
  app.get('/emulator/orgs', (_q, reply) => guarded(reply, () => listOrgs().map((id) => control.describeOrg(id))));
  app.post<{ Body: OrgSeed }>('/emulator/orgs', (q, reply) => guarded(reply, () => control.seedOrg(q.body)));
  app.get<{ Params: { orgId: string } }>('/emulator/orgs/:orgId', (q, reply) => guarded(reply, () => control.describeOrg(q.params.orgId)));
  app.patch<{ Params: { orgId: string }; Body: Record<string, never> }>('/emulator/orgs/:orgId/settings', (q, reply) =>
    guarded(reply, () => control.setOrgSettings(q.params.orgId, q.body)));
  app.post<{ Params: { orgId: string }; Body: UserSeed }>('/emulator/orgs/:orgId/users', (q, reply) =>
    guarded(reply, () => ({ id: control.addUser(q.params.orgId, q.body) })));
  app.post<{ Params: { orgId: string }; Body: ConnectedAppSeed }>('/emulator/orgs/:orgId/connected-apps', (q, reply) =>
    guarded(reply, () => {
      const a = control.addConnectedApp(q.params.orgId, q.body);
      return { consumerKey: a.consumerKey, consumerSecret: a.consumerSecret };
    }));
  app.post<{ Params: { orgId: string }; Body: { userId: string; status: string | null } }>('/emulator/orgs/:orgId/presence', (q, reply) =>
    guarded(reply, () => control.setPresence(q.params.orgId, q.body.userId, q.body.status)));
  app.get<{ Params: { orgId: string }; Querystring: { userId?: string; afterSeq?: string } }>('/emulator/orgs/:orgId/presence-changes', (q, reply) =>
    guarded(reply, () => ({
      changes: control.presenceChanges({ orgId: control.describeOrg(q.params.orgId).id, ...(q.query.userId ? { userId: q.query.userId } : {}), ...(q.query.afterSeq ? { afterSeq: Number(q.query.afterSeq) } : {}) }),
    })));
  app.delete<{ Params: { orgId: string; userId: string; name: string } }>('/emulator/orgs/:orgId/users/:userId/permission-sets/:name', (q, reply) =>
    guarded(reply, () => ({ removed: control.unassignPermissionSet(q.params.orgId, q.params.userId, q.params.name) })));
  app.delete<{ Params: { orgId: string; developerName: string } }>('/emulator/orgs/:orgId/statuses/:developerName', (q, reply) =>
    guarded(reply, () => ({ deleted: control.deleteStatus(q.params.orgId, q.params.developerName) })));
  app.get<{ Params: { orgId: string; object: string } }>('/emulator/orgs/:orgId/records/:object', (q, reply) =>
    guarded(reply, () => control.records(q.params.orgId, q.params.object)));
  app.get<{ Params: { orgId: string } }>('/emulator/orgs/:orgId/api-usage', (q, reply) => guarded(reply, () => control.apiUsage(q.params.orgId)));
  app.put<{ Params: { orgId: string }; Body: { used?: number; limit?: number } }>('/emulator/orgs/:orgId/api-usage', (q, reply) =>
    guarded(reply, () => control.setApiUsage(q.params.orgId, q.body)));
  app.post<{ Body: { orgId?: string; userId?: string; accessToken?: string; includeRefreshTokens?: boolean } }>('/emulator/sessions/revoke', (q, reply) =>
    guarded(reply, () => ({ revoked: control.revokeSessions(q.body ?? {}) })));
  app.post<{ Body: { advanceMs: number } }>('/emulator/clock', (q, reply) => guarded(reply, () => control.advanceClock(q.body.advanceMs)));
  app.get<{ Querystring: { orgId?: string; path?: string; method?: string } }>('/emulator/requests', (q, reply) =>
    guarded(reply, () => control.requests(q.query)));
  app.delete('/emulator/requests', (_q, reply) => guarded(reply, () => control.clearRequests()));
  app.get('/emulator/faults', (_q, reply) => guarded(reply, () => control.faults().map((f) => ({ ...f, path: f.path instanceof RegExp ? f.path.source : f.path, regex: f.path instanceof RegExp }))));
  app.post<{ Body: FaultBody }>('/emulator/faults', (q, reply) =>
    guarded(reply, () => {
      const { path, regex, ...rest } = q.body;
      return { id: control.addFault({ ...rest, ...(path !== undefined ? { path: regex ? new RegExp(path) : path } : {}) }) };
    }));
  app.delete('/emulator/faults', (_q, reply) => guarded(reply, () => control.clearFaults()));
  app.delete<{ Params: { id: string } }>('/emulator/faults/:id', (q, reply) => guarded(reply, () => control.clearFaults(q.params.id)));
}
