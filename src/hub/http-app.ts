import Fastify, { type FastifyInstance } from 'fastify';
import { bridgePlugin, type BridgeHub } from '../bridge/index.ts';
import { PROMETHEUS_CONTENT_TYPE, type SyncEngine } from '../engine/index.ts';
import type { Store } from '../store/index.ts';

export interface HttpAppOptions {
  readonly store: Store;
  readonly engine: SyncEngine;
  readonly bridge: BridgeHub;
  /** Tenants whose sources run on this instance. */
  readonly runningTenants: () => readonly string[];
  /** Whose X-Forwarded-* headers to believe (PRESENCE_SYNC_TRUST_PROXY); default nobody's. */
  readonly trustProxy?: boolean | readonly string[];
  /** Serve the console bridge (the API role, PRESENCE_SYNC_API_ENABLED); default true. */
  readonly serveBridge?: boolean;
  /** More Prometheus text for `/metrics` (the tenant health gauges, read from the store). */
  readonly extraMetrics?: () => Promise<string>;
}

/** The hub's HTTP surface: the console bridge, health and metrics. The admin API registers on it too. */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const trustProxy = options.trustProxy ?? false;
  const app = Fastify({ logger: false, trustProxy: typeof trustProxy === 'boolean' ? trustProxy : [...trustProxy] });
  if (options.serveBridge ?? true) await app.register(bridgePlugin, { hub: options.bridge });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await options.store.tenants.list();
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', checks: { store: { ok: false, message: error instanceof Error ? error.message : String(error) } } });
    }
    const consoles = options.bridge.stats();
    return { status: 'ready', checks: { store: { ok: true }, tenantsSyncing: options.runningTenants().length, consoles: consoles.connections } };
  });
  app.get('/metrics', async (_request, reply) => {
    const extra = options.extraMetrics ? await options.extraMetrics() : '';
    return reply.header('content-type', PROMETHEUS_CONTENT_TYPE).send(options.engine.renderMetrics() + extra);
  });
  return app;
}
