import type { CxoneConnector } from '../connectors/cxone/index.ts';
import { CXONE_STATES_SOURCE } from '../connectors/cxone/index.ts';
import { SALESFORCE_PRESENCE_SOURCE, SalesforcePresenceFeed, SalesforceSession } from '../connectors/salesforce/index.ts';
import { pollSink, type SyncEngine } from '../engine/index.ts';
import { refreshCxoneDirectory, refreshSalesforceOrg, type PrerequisiteProblems } from '../directory/index.ts';
import type { PrerequisiteConfig } from '../connectors/salesforce/index.ts';
import type { Result } from '../domain/index.ts';
import type { Store } from '../store/index.ts';
import type { UpstreamSignals } from '../health/signals.ts';
import { DirectoryRefresher } from './directory-refresher.ts';
import type { HubLogger } from './logger.ts';
import type { TenantConnections } from './tenant-connections.ts';

interface Running {
  stop(): Promise<void>;
}

export interface TenantSourcesOptions {
  readonly store: Store;
  readonly engine: SyncEngine;
  readonly cxone: CxoneConnector;
  readonly connections: TenantConnections;
  readonly logger: HubLogger;
  readonly cxonePollIntervalMs: number;
  readonly salesforceFeedIntervalMs: number;
  /** Run the sources on this instance (the POLLER role). */
  readonly enabled: boolean;
  /** This instance's id: among several instances, one holds each tenant's sources under a lease. */
  readonly owner: string;
  /** Lease time; renewed a third of the way in. Default 30 s. */
  readonly leaseMs?: number;
  /** Both directories are read again this often (absent: never, only when an administrator asks). */
  readonly directoryRefresh?: { readonly intervalMs: number; readonly prerequisites: PrerequisiteConfig; readonly problems: PrerequisiteProblems };
  /** Told about every upstream call of the sources that succeeded or failed (the health checks read them). */
  readonly signals?: Pick<UpstreamSignals, 'started' | 'stopped' | 'succeeded' | 'failed' | 'cxonePolled'>;
}

/**
 * The sources of every tenant whose Presence Sync is on: the CXone states feed and the server-side
 * Salesforce presence feed. `refresh()` starts and stops them as switches and mappings change, so a
 * tenant's sync starts without a restart. Among several hub instances, each tenant's sources run on
 * the one instance that holds the lease `poller:<tenant>`; another takes over when it lapses.
 */
export class TenantSources {
  private renewal: NodeJS.Timeout | undefined;
  private readonly running = new Map<string, Running[]>();
  /** Salesforce user (lower-cased 18-character id) → agent, per tenant; reloaded on every refresh. */
  private readonly links = new Map<string, Map<string, string>>();
  /** Tenants whose lease this instance holds (their sources run here, if they have any). */
  private held: readonly string[] = [];
  /** The version of the account mapping each running tenant's sources were started with. */
  private readonly mappingVersions = new Map<string, string>();
  private refreshing: Promise<void> = Promise.resolve();

  constructor(private readonly options: TenantSourcesOptions) {}

  get started(): boolean {
    return this.renewal !== undefined;
  }

  /** Starts what this instance should run, and keeps renewing its leases. */
  start(): Promise<void> {
    const leaseMs = this.options.leaseMs ?? 30_000;
    this.renewal = setInterval(() => void this.refresh(), Math.max(1_000, Math.floor(leaseMs / 3)));
    this.renewal.unref();
    return this.refresh();
  }

  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.reconcile()).catch((error: unknown) => {
      this.options.logger.error({ err: String(error) }, 'could not start the tenant sources');
    });
    return this.refreshing;
  }

  tenants(): readonly string[] {
    return [...this.running.keys()];
  }

  /** Tenants with Presence Sync on whose sources are this instance's to run (even if incomplete, they have none). */
  owned(): readonly string[] {
    return this.held;
  }

  async stop(): Promise<void> {
    if (this.renewal) clearInterval(this.renewal);
    await this.refreshing;
    const tenants = [...this.running.keys()];
    const all = [...this.running.values()].flat();
    this.running.clear();
    await Promise.all(all.map((r) => r.stop()));
    await Promise.all(tenants.map((t) => this.options.store.leases.release(leaseName(t), this.options.owner)));
  }

  private async reconcile(): Promise<void> {
    if (!this.options.enabled) return;
    const wanted = new Set<string>();
    const leaseMs = this.options.leaseMs ?? 30_000;
    for (const tenant of await this.options.store.tenants.list()) {
      if (!tenant.switches.presenceSync || !tenant.switches.salesforceAdapter) continue;
      if (await this.options.store.leases.acquire(leaseName(tenant.id), this.options.owner, leaseMs)) wanted.add(tenant.id);
    }
    this.held = [...wanted];
    for (const [tenantId, sources] of this.running) {
      if (wanted.has(tenantId)) continue;
      this.running.delete(tenantId);
      this.mappingVersions.delete(tenantId);
      this.options.signals?.stopped(tenantId);
      await Promise.all(sources.map((s) => s.stop()));
      await this.options.store.leases.release(leaseName(tenantId), this.options.owner);
      this.options.logger.info({ tenantId }, 'presence sync sources stopped on this instance');
    }
    for (const tenantId of wanted) {
      this.links.set(tenantId, new Map((await this.options.store.links.list(tenantId)).map((l) => [l.sfUserId.toLowerCase(), l.acdUserId])));
      const version = await this.mappingVersion(tenantId);
      const running = this.running.get(tenantId);
      if (running && this.mappingVersions.get(tenantId) === version) continue;
      if (running) {
        // New credentials (CXone added, another Salesforce flow or environment): start again with them; the checkpoints keep the place.
        this.running.delete(tenantId);
        await Promise.all(running.map((r) => r.stop()));
        this.options.logger.info({ tenantId }, 'the account mapping changed: presence sync sources restarted');
      }
      const sources = await this.startTenant(tenantId);
      this.mappingVersions.set(tenantId, version);
      if (sources.length > 0) this.running.set(tenantId, sources);
    }
  }

  private async mappingVersion(tenantId: string): Promise<string> {
    const active = (await this.options.store.accountMappings.list(tenantId)).find((m) => m.status === 'verified');
    return active ? `${active.id}@${active.updatedAt}` : 'none';
  }

  private async startTenant(tenantId: string): Promise<Running[]> {
    const { store, engine, logger } = this.options;
    const sources: Running[] = [];
    const signals = this.options.signals;
    signals?.started(tenantId);
    const checkpoints = { get: (tenant: string, source: string) => store.syncState.checkpoint(tenant, source) };
    if (await this.options.connections.cxone(tenantId)) {
      const poller = this.options.cxone.statePoller(tenantId, {
        checkpoints,
        sink: pollSink(engine, store.syncState, tenantId, CXONE_STATES_SOURCE, { lanes: ingestLanes(store.dialect) }),
        intervalMs: this.options.cxonePollIntervalMs,
        onFailure: (failure, consecutive) => {
          signals?.failed(tenantId, 'cxone', failure);
          logger.warn({ tenantId, code: failure.code, consecutive }, failure.message);
        },
        onPolled: () => signals?.cxonePolled(tenantId),
      });
      poller.start();
      sources.push(poller);
    } else {
      logger.warn({ tenantId }, 'presence sync is on but the tenant has no complete CXone connection; complete the account mapping');
    }
    const salesforce = await this.options.connections.salesforce(tenantId);
    const session = salesforce ? new SalesforceSession({ credentials: salesforce }) : undefined;
    if (session) {
      const feed = new SalesforcePresenceFeed({
        tenant: tenantId,
        session,
        checkpoints,
        sink: pollSink(engine, store.syncState, tenantId, SALESFORCE_PRESENCE_SOURCE, { lanes: ingestLanes(store.dialect) }),
        agentIdFor: (sfUserId) => this.links.get(tenantId)?.get(sfUserId.toLowerCase()),
        intervalMs: this.options.salesforceFeedIntervalMs,
        onFailure: (failure) => {
          signals?.failed(tenantId, 'salesforce', failure);
          logger.warn({ tenantId, code: failure.code }, failure.message);
        },
        onPolled: () => signals?.succeeded(tenantId, 'salesforce'),
      });
      feed.start();
      sources.push(feed);
    }
    const refresh = this.options.directoryRefresh;
    if (refresh && sources.length > 0) {
      const refresher = new DirectoryRefresher({
        tenantId,
        intervalMs: refresh.intervalMs,
        ...(await this.options.connections.cxone(tenantId) ? { refreshCxone: () => this.observed(tenantId, 'cxone', refreshCxoneDirectory(store, this.options.cxone, tenantId)) } : {}),
        ...(session ? { refreshSalesforce: () => this.observed(tenantId, 'salesforce', refreshSalesforceOrg(store, session, tenantId, refresh.prerequisites, refresh.problems)) } : {}),
        logger,
      });
      refresher.start();
      sources.push(refresher);
    }
    logger.info({ tenantId, sources: sources.length }, 'presence sync running for tenant');
    return sources;
  }

  /** Reports a directory read's outcome to the health signals (its first problem carries the failure's kind). */
  private async observed<T>(tenantId: string, side: 'cxone' | 'salesforce', pending: Promise<Result<T>>): Promise<Result<T>> {
    const result = await pending;
    const signals = this.options.signals;
    if (result.ok) signals?.succeeded(tenantId, side);
    else {
      const problem = result.problems[0];
      const kind = (problem?.details as { kind?: string } | undefined)?.kind;
      if (problem && kind) signals?.failed(tenantId, side, { kind, code: problem.code, message: problem.message });
    }
    return result;
  }
}

const leaseName = (tenantId: string) => `poller:${tenantId}`;

/**
 * Agents whose polled changes are ingested side by side. On PostgreSQL each ingest mostly waits on
 * round trips, so several agents at once multiply what one poll gets through (the pool has 10
 * connections); SQLite has one connection, where they would only queue.
 */
const ingestLanes = (dialect: 'sqlite' | 'postgres'): number => (dialect === 'postgres' ? 6 : 1);
