import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BridgeHub } from '../bridge/index.ts';
import type { Config } from '../config/index.ts';
import { createCxoneConnector, type CxoneConnector } from '../connectors/cxone/index.ts';
import { createSyncEngine, type SyncEngine } from '../engine/index.ts';
import { createStore, migrateToLatest, openDatabase, type Database, type Store } from '../store/index.ts';
import { bridgeKeyOf } from './agent-key.ts';
import { wireBridge } from './bridge-wiring.ts';
import { ConsoleSweeper } from './console-sweeper.ts';
import { PrerequisiteProblems } from '../directory/index.ts';
import { AlertSender, HealthMonitor, observedCxoneWriter, renderHealthMetrics, UpstreamSignals } from '../health/index.ts';
import { Housekeeping } from './housekeeping.ts';
import { createHttpApp } from './http-app.ts';
import type { HubLogger } from './logger.ts';
import { tenantConnectionsOf, type TenantConnections } from './tenant-connections.ts';
import { TenantSources } from './tenant-sources.ts';

export interface HubOptions {
  readonly config: Config;
  readonly logger: HubLogger;
  /** For tests: where CXone calls go (default: the global fetch). */
  readonly fetch?: typeof fetch;
  /** Start no tenant's sources until `refreshTenants()` is called (the demo seeds its tenant first). */
  readonly deferSources?: boolean;
  /** Routes to add to the hub's HTTP server (the admin API), given the running hub's parts. */
  readonly extend?: (app: FastifyInstance, parts: HubParts) => Promise<void>;
}

export interface HubParts {
  /** What the hub was started with; the admin API reads its public URL and allowed origins. */
  readonly config: Config;
  readonly store: Store;
  /** The open database under the store (the admin API keeps its principals there). */
  readonly database: Database;
  readonly engine: SyncEngine;
  readonly bridge: BridgeHub;
  readonly cxone: CxoneConnector;
  readonly connections: TenantConnections;
  /** Each Salesforce user's failing M1.2 prerequisites from the last org refresh; such agents are not synced. */
  readonly prerequisites: PrerequisiteProblems;
  /** Starts or stops tenants' sources after switches or account mappings changed. */
  refreshTenants(): Promise<void>;
  /** Tenant health: the checks (runs on poller instances) and what they have seen of the upstream calls. */
  readonly health: { readonly monitor: HealthMonitor; readonly signals: UpstreamSignals; readonly alerts: AlertSender };
}

export interface Hub extends HubParts {
  readonly app: FastifyInstance;
  /** The address the hub listens on, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Stops taking work, finishes in-flight writes, closes sockets and the store. */
  stop(): Promise<void>;
}

/** Starts one hub instance: store (migrated), engine, sources, console bridge and HTTP server. */
export async function startHub(options: HubOptions): Promise<Hub> {
  const { config, logger } = options;
  const keyRing = config.masterKey?.keyRing;
  if (!keyRing) throw new Error('PSYNC_MASTER_KEY_MISSING: the hub needs a master key to read its secrets.');
  if (config.database.kind === 'sqlite') mkdirSync(dirname(config.database.file), { recursive: true, mode: 0o700 });
  const database = await openDatabase({ url: config.database.kind === 'postgres' ? config.database.url : config.database.file });
  try {
    await migrateToLatest(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const store = createStore(database, { cipher: keyRing, ingest: { waitMs: config.ingestBatchWaitMs } });
  const connections = tenantConnectionsOf(store);
  const cxone = createCxoneConnector({ connections: { get: (tenant) => connections.cxone(tenant) }, ...(options.fetch ? { fetch: options.fetch } : {}) });

  const prerequisites = new PrerequisiteProblems(store);
  const loadPrerequisites = async () => prerequisites.load((await store.tenants.list()).map((t) => t.id));
  await loadPrerequisites();
  // Another instance's org check reaches this one within a minute.
  const prerequisiteReload = setInterval(() => {
    loadPrerequisites().catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'reading the prerequisite checks failed; the last ones stay'));
  }, PREREQUISITE_RELOAD_MS);
  prerequisiteReload.unref();
  // The bridge hands console events to the engine, and the engine writes through the bridge.
  const late: { engine?: SyncEngine; health?: HealthMonitor } = {};
  const signals = new UpstreamSignals();
  const bridge = wireBridge({ store, connections, engine: () => late.engine!, graceMs: config.bridgeGraceMs, heartbeatMs: config.bridgeHeartbeatMs, logger, instanceId: config.instanceId });
  const engine = createSyncEngine({
    store,
    cxone: observedCxoneWriter(cxone.writer, signals),
    salesforce: bridge.writer,
    consoles: bridge.consoles,
    instanceId: config.instanceId,
    dispatch: { echoWindowMs: config.echoWindowMs },
    reconcile: {
      intervalMs: config.reconcileIntervalMs,
      onReport: (report) => void late.health?.recordReconciliation(report).catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'recording the reconciliation for the health checks failed')),
    },
    context: { prerequisiteProblems: (tenantId, sfUserId) => prerequisites.of(tenantId, sfUserId) },
    onError: (error) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'sync engine error'),
  });
  late.engine = engine;
  const sources = new TenantSources({
    store,
    engine,
    cxone,
    connections,
    logger,
    cxonePollIntervalMs: config.cxonePollIntervalMs,
    salesforceFeedIntervalMs: config.salesforceFeedIntervalMs,
    enabled: config.roles.poller,
    ...(config.directoryRefreshIntervalMs > 0
      ? { directoryRefresh: { intervalMs: config.directoryRefreshIntervalMs, prerequisites: { agentPermissionSetName: config.salesforceAgent.permissionSet, packageNamespace: config.salesforceAgent.packageNamespace }, problems: prerequisites } }
      : {}),
    owner: config.instanceId,
    signals,
  });
  const alerts = new AlertSender({ store, ownedTenants: () => sources.owned(), perHour: config.health.alertsPerHour, logger });
  const monitor = new HealthMonitor({
    store,
    signals,
    instanceId: config.instanceId,
    intervalMs: config.health.intervalMs,
    thresholds: { cxonePollIntervalMs: config.cxonePollIntervalMs, feedLagIntervals: config.health.feedLagIntervals, consoleMissingMs: config.health.consoleMissingMs, divergenceMs: config.health.divergenceMs, expiryWarningDays: config.health.expiryWarningDays },
    ownedTenants: () => sources.owned(),
    onTransitions: () => alerts.wake(),
    logger,
  });
  late.health = monitor;
  const parts: HubParts = { config, store, database, engine, bridge: bridge.hub, cxone, connections, prerequisites, refreshTenants: () => (sources.started ? sources.refresh() : sources.start()), health: { monitor, signals, alerts } };
  const app = await createHttpApp({ store, engine, bridge: bridge.hub, runningTenants: () => sources.tenants(), trustProxy: config.trustProxy, serveBridge: config.roles.api, extraMetrics: () => renderHealthMetrics(store) });
  if (options.extend) await options.extend(app, parts);

  const housekeeping = new Housekeeping({ store, auditRetentionDays: config.auditRetentionDays, logger });
  const sweeper = new ConsoleSweeper({
    store,
    engine,
    instanceId: config.instanceId,
    graceMs: config.bridgeGraceMs,
    holds: (tenantId, agentId) => bridge.hub.hasConsole(bridgeKeyOf({ tenantId, agentId })),
    onError: (error) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'console sweep failed; it runs again'),
  });
  if (config.roles.worker) {
    engine.start();
    housekeeping.start();
  }
  if (config.roles.poller) {
    monitor.start();
    alerts.start();
  }
  if (!options.deferSources) await sources.start();
  let url: string;
  try {
    url = await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    clearInterval(prerequisiteReload);
    await monitor.stop();
    await alerts.stop();
    await sources.stop();
    await housekeeping.stop();
    await engine.stop();
    await store.close();
    throw portError(error, config.host, config.port);
  }
  logger.info({ url }, 'presence-sync hub listening');
  await sweeper.start();

  let stopping: Promise<void> | undefined;
  return {
    ...parts,
    app,
    url,
    stop() {
      stopping ??= (async () => {
        clearInterval(prerequisiteReload);
        await sweeper.stop();
        await monitor.stop();
        await alerts.stop();
        await sources.stop();
        await housekeeping.stop();
        await engine.stop();
        await bridge.hub.close();
        await app.close();
        await store.close();
      })();
      return stopping;
    },
  };
}

const PREREQUISITE_RELOAD_MS = 60_000;

function portError(error: unknown, host: string, port: number): Error {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') return new Error(`PSYNC_PORT_IN_USE: port ${port} on ${host} is already in use. Stop what is using it, or set PORT to another port.`);
  if (code === 'EACCES') return new Error(`PSYNC_PORT_DENIED: this user may not listen on port ${port}. Choose a port above 1024 with PORT.`);
  return error instanceof Error ? error : new Error(String(error));
}
