import type { AdapterRule } from '../../domain/index.ts';
import { pushSalesforceAdapterRule, readSalesforceAdapterRule, type FoundAdapterRule, type PushedAdapterRule } from './adapter-rules.ts';
import { systemClock, type Clock } from './clock.ts';
import { CxoneClient } from './client.ts';
import { cxoneConnectionSettingsSchema, type CxoneConnectionPort } from './connection.ts';
import { getCxoneUsers, type CxoneDirectoryChangeSummary, type CxoneDirectorySink, type CxoneDirectorySnapshot } from './directory.ts';
import { failed, success, type CxoneFailure, type CxoneResult } from './failure.ts';
import type { CxoneAccessKey } from './payloads.ts';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './rate-limiter.ts';
import { CxoneStatePoller, type CxoneStatePollerOptions } from './state-source.ts';
import { CxoneStateWriter } from './state-writer.ts';
import { CxoneTransport, type CxoneRequest, type CxoneRequester } from './transport.ts';

export interface CxoneConnectorOptions {
  /** Each tenant's connection settings (read once per tenant until {@link CxoneConnector.forget}). */
  readonly connections: CxoneConnectionPort;
  readonly fetch?: typeof fetch;
  readonly clock?: Clock;
  /** Per-tenant request rate (default 10/s, bursts of 20). */
  readonly rateLimit?: RateLimit;
  /** Per-request timeout, default 30 s. */
  readonly timeoutMs?: number;
  /** Renew tokens this long before they expire, default 2 min. */
  readonly refreshBeforeExpiryMs?: number;
}

export type StatePollerOptions = Omit<CxoneStatePollerOptions, 'tenant' | 'client' | 'clock'>;

/** The hub's CXone connector: per tenant, one token, one discovered endpoint and one rate limit. */
export interface CxoneConnector {
  client(tenant: string): CxoneClient;
  readonly writer: CxoneStateWriter;
  statePoller(tenant: string, options: StatePollerOptions): CxoneStatePoller;
  /** "Get CXone users" (M5.2). */
  getCxoneUsers(tenant: string, sink: CxoneDirectorySink): Promise<CxoneResult<{ snapshot: CxoneDirectorySnapshot; summary: CxoneDirectoryChangeSummary }>>;
  /** A new access key for a CXone user (UserHub id), made with the tenant's current connection. */
  generateAccessKey(tenant: string, userId: string): Promise<CxoneResult<CxoneAccessKey>>;
  /** CXone's own Presence Sync rule for the tenant's Salesforce org (the Adapters app's publisher and subscriber state maps). */
  readAdapterRule(tenant: string, orgId: string): Promise<CxoneResult<FoundAdapterRule>>;
  /** Writes a rule in NICE's format to CXone's Presence Sync adapter for the org. */
  pushAdapterRule(tenant: string, orgId: string, rule: AdapterRule): Promise<CxoneResult<PushedAdapterRule>>;
  /** Drops a tenant's token, endpoint and settings (after its connection changed). */
  forget(tenant: string): void;
}

const notConfigured = (tenant: string): CxoneFailure => ({
  kind: 'auth',
  status: 0,
  code: 'PSYNC_CXONE_NOT_CONFIGURED',
  message: `Tenant ${tenant} has no complete CXone connection. Enter the application's client id and secret and the access key of the access key user in the account mapping.`,
});

export function createCxoneConnector(options: CxoneConnectorOptions): CxoneConnector {
  const clock = options.clock ?? systemClock;
  const transports = new Map<string, Promise<CxoneResult<CxoneTransport>>>();

  const transportOf = (tenant: string): Promise<CxoneResult<CxoneTransport>> => {
    let known = transports.get(tenant);
    if (!known) {
      known = options.connections.get(tenant).then(
        (raw) => {
          const settings = raw === undefined ? undefined : cxoneConnectionSettingsSchema.safeParse(raw);
          if (!settings?.success) {
            transports.delete(tenant);
            return failed(notConfigured(tenant));
          }
          return success(
            new CxoneTransport(settings.data, {
              fetch: options.fetch ?? globalThis.fetch,
              clock,
              rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
              timeoutMs: options.timeoutMs ?? 30_000,
              ...(options.refreshBeforeExpiryMs !== undefined ? { refreshBeforeExpiryMs: options.refreshBeforeExpiryMs } : {}),
            }),
          );
        },
        (error: unknown) => {
          transports.delete(tenant);
          const cause = error instanceof Error ? error.message : String(error);
          return failed({ kind: 'retryable', status: 0, code: 'PSYNC_CXONE_CONNECTION_UNREADABLE', message: `The CXone connection of tenant ${tenant} could not be read (${cause}).` });
        },
      );
      transports.set(tenant, known);
    }
    return known;
  };

  const requesterOf = (tenant: string): CxoneRequester => ({
    async request<T>(req: CxoneRequest<T>) {
      const transport = await transportOf(tenant);
      return transport.ok ? transport.value.request(req) : transport;
    },
    async cxoneTenantId() {
      const transport = await transportOf(tenant);
      return transport.ok ? transport.value.cxoneTenantId() : transport;
    },
  });

  const clients = new Map<string, CxoneClient>();
  const client = (tenant: string): CxoneClient => {
    let known = clients.get(tenant);
    if (!known) clients.set(tenant, (known = new CxoneClient(requesterOf(tenant))));
    return known;
  };

  return {
    client,
    writer: new CxoneStateWriter(client),
    statePoller: (tenant, pollerOptions) => new CxoneStatePoller({ ...pollerOptions, tenant, client: client(tenant), clock }),
    getCxoneUsers: (tenant, sink) => getCxoneUsers(tenant, client(tenant), sink, clock),
    generateAccessKey: (tenant, userId) => client(tenant).createAccessKey(userId),
    readAdapterRule: (tenant, orgId) => readSalesforceAdapterRule(client(tenant), orgId),
    pushAdapterRule: (tenant, orgId, rule) => pushSalesforceAdapterRule(client(tenant), orgId, rule),
    forget: (tenant) => {
      transports.delete(tenant);
    },
  };
}
