import { createContextBuilder, type ContextBuilderOptions } from './context-builder.ts';
import { Dispatcher, type DispatcherOptions } from './dispatcher.ts';
import { IngestService, type SourceEvent } from './ingest-service.ts';
import { LatencyTracker } from './latency-tracker.ts';
import { EngineMetrics } from './metrics.ts';
import { systemClock, type Clock, type ConsoleHolder, type CxoneStateWriter, type EngineStore, type SalesforceStatusWriter } from './ports.ts';
import { Reconciler, type ReconcileReport, type ReconcileStore } from './reconciler.ts';
import type { IngestResult, IntentKey } from '../store/ports.ts';

export interface SyncEngineOptions {
  /** The store (`createStore(...)` satisfies both). */
  readonly store: EngineStore & ReconcileStore;
  readonly cxone: CxoneStateWriter;
  readonly salesforce: SalesforceStatusWriter;
  /** This instance's id (lease owner). */
  readonly instanceId: string;
  /** The consoles this instance holds; leave out on a single hub instance. */
  readonly consoles?: ConsoleHolder;
  readonly clock?: Clock;
  readonly metrics?: EngineMetrics;
  readonly context?: ContextBuilderOptions;
  readonly dispatch?: Omit<DispatcherOptions, 'store' | 'cxone' | 'salesforce' | 'consoles' | 'owner' | 'clock' | 'metrics' | 'latency'>;
  /** Reconciliation; `false` switches it off on this instance. */
  readonly reconcile?: false | { readonly intervalMs?: number; readonly onReport?: (report: ReconcileReport) => void };
  readonly onError?: (error: unknown) => void;
}

/** The sync engine of one hub instance: ingest for every source, the dispatcher, the reconciliation pass, metrics. */
export interface SyncEngine {
  readonly metrics: EngineMetrics;
  /** Every source hands its changes here. */
  ingest(input: SourceEvent): Promise<IngestResult>;
  /** A page of changes (a poll's) in one transaction, all or nothing, each agent's in order. */
  ingestAll(inputs: readonly SourceEvent[]): Promise<readonly IngestResult[]>;
  /** Something may be claimable now (e.g. a console connected to this instance): that intent when given, else any. */
  wake(key?: IntentKey): void;
  /** One reconciliation pass now. */
  reconcile(): Promise<ReconcileReport>;
  start(): void;
  /** Stops taking work, finishes (or with `abandon`, aborts and releases) in-flight writes, stops reconciling; resolves when idle. */
  stop(options?: { readonly abandon?: boolean }): Promise<void>;
  /** Prometheus text for `/metrics`. */
  renderMetrics(): string;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? new EngineMetrics();
  const latency = new LatencyTracker();
  const dispatcher = new Dispatcher({
    ...options.dispatch,
    store: options.store,
    cxone: options.cxone,
    salesforce: options.salesforce,
    owner: options.instanceId,
    clock,
    metrics,
    latency,
    ...(options.consoles ? { consoles: options.consoles } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const ingest = new IngestService({ store: options.store, clock, metrics, latency, buildContext: createContextBuilder(options.context), onIntent: (key) => dispatcher.wake(key) });
  const reconcileOptions = options.reconcile === false ? undefined : (options.reconcile ?? {});
  const reconciler = new Reconciler({
    store: options.store,
    ingest,
    clock,
    metrics,
    ...(reconcileOptions?.intervalMs !== undefined ? { intervalMs: reconcileOptions.intervalMs } : {}),
    ...(reconcileOptions?.onReport ? { onReport: reconcileOptions.onReport } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });

  return {
    metrics,
    ingest: (input) => ingest.ingest(input),
    ingestAll: (inputs) => ingest.ingestAll(inputs),
    wake: (key) => dispatcher.wake(key),
    reconcile: () => reconciler.runPass(),
    start() {
      dispatcher.start();
      if (reconcileOptions) reconciler.start();
    },
    async stop(stopOptions = {}) {
      await reconciler.stop();
      await dispatcher.stop(stopOptions);
    },
    renderMetrics: () => metrics.render(),
  };
}
