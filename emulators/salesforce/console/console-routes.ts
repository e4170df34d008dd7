import type { FastifyInstance, FastifyReply } from 'fastify';
import type { BridgeSettings, ConsoleControl } from './console-control.ts';

async function guarded(reply: FastifyReply, fn: () => unknown): Promise<FastifyReply> {
  try {
    return reply.code(200).send(fn() ?? { ok: true });
  } catch (err) {
    return reply.code(400).send({ error: err instanceof Error ? err.message : String(err) });
  }
}

type OrgParams = { orgId: string };
type ConsoleParams = { orgId: string; username: string };

/** The agents' consoles over HTTP, under /emulator/orgs/{org}/ (for a hub and tests in other processes). */
export function registerConsoleRoutes(app: FastifyInstance, consoles: ConsoleControl): void {
  app.put<{ Params: OrgParams; Body: BridgeSettings }>('/emulator/orgs/:orgId/bridge', (q, reply) =>
    guarded(reply, () => consoles.setBridge(q.params.orgId, { hubUrl: String(q.body?.hubUrl ?? ''), bridgeSecret: String(q.body?.bridgeSecret ?? '') })));
  app.get<{ Params: OrgParams }>('/emulator/orgs/:orgId/consoles', (q, reply) => guarded(reply, () => ({ consoles: consoles.list(q.params.orgId) })));
  app.post<{ Params: OrgParams; Body: { username: string } }>('/emulator/orgs/:orgId/consoles', (q, reply) =>
    guarded(reply, () => consoles.open(q.params.orgId, String(q.body?.username ?? ''))));
  app.get<{ Params: ConsoleParams }>('/emulator/orgs/:orgId/consoles/:username', (q, reply) => guarded(reply, () => consoles.view(q.params.orgId, q.params.username)));
  app.post<{ Params: ConsoleParams; Body: { status: string; by?: 'agent' | 'supervisor' } }>('/emulator/orgs/:orgId/consoles/:username/status', (q, reply) =>
    guarded(reply, () => consoles.setStatus(q.params.orgId, q.params.username, String(q.body?.status ?? ''), q.body?.by === 'supervisor' ? 'supervisor' : 'agent')));
  app.delete<{ Params: ConsoleParams }>('/emulator/orgs/:orgId/consoles/:username', (q, reply) => guarded(reply, () => consoles.close(q.params.orgId, q.params.username)));
}
