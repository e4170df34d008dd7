import type { FastifyInstance } from 'fastify';
import type { AdminApiDeps } from '../deps.ts';

/** `/healthz`: the process answers. `/readyz`: the store answers, and what the connectors last reported. */
export function registerHealth(app: FastifyInstance, deps: AdminApiDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    let store: { state: 'ok' | 'down'; detail?: string };
    try {
      await deps.store.tenants.list();
      store = { state: 'ok' };
    } catch (error) {
      store = { state: 'down', detail: `The store does not answer (${(error as Error).message}). Check the database.` };
    }
    const connectors = deps.connectorHealth?.() ?? [];
    const ready = store.state === 'ok';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', store, connectors });
  });
}
