import type { LoadedKeyRing } from '../secrets/index.ts';
import type { AllowedEndpoint } from './endpoint-hosts.ts';
import type { LogLevel } from './settings-schema.ts';

/** `serve`: the hub, a key is required. `demo`: may generate its own key file. `tool`: a key is optional. */
export type ConfigMode = 'serve' | 'demo' | 'tool';

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; /** absolute path of the database file */ readonly file: string }
  | { readonly kind: 'postgres'; /** holds the password: print `describeConfig(config)`, never this */ readonly url: string };

/** The validated configuration. Frozen; `JSON.stringify` and `util.inspect` give `describeConfig`'s redacted view. */
export interface Config {
  readonly mode: ConfigMode;
  /** Absolute path of the config file read, if any. */
  readonly configFile: string | undefined;
  readonly host: string;
  readonly port: number;
  /** The origin administrators' browsers reach the hub at (behind a reverse proxy), e.g. `https://presence-sync.example.com`. */
  readonly publicUrl: string | undefined;
  /** Origins besides the hub's own (and `publicUrl`) whose cookie-authenticated writes pass the CSRF check. */
  readonly allowedOrigins: readonly string[];
  /** Hosts besides Salesforce's and CXone's own that may receive a tenant's credentials (emulators, private deployments). */
  readonly allowedEndpoints: readonly AllowedEndpoint[];
  /** Whose X-Forwarded-* headers to believe: nobody, anybody, or the proxies at these addresses and ranges. */
  readonly trustProxy: boolean | readonly string[];
  /** Absolute. */
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly logLevel: LogLevel;
  readonly auditRetentionDays: number;
  readonly cxonePollIntervalMs: number;
  readonly salesforceFeedIntervalMs: number;
  readonly bridgeGraceMs: number;
  /** How often the hub pings each console; a connection silent for two of these is closed (the console gives up after 2.5). */
  readonly bridgeHeartbeatMs: number;
  readonly echoWindowMs: number;
  /** Longest a change waits for others to share its ingest transaction (0: none; those arriving during a commit share the next anyway). */
  readonly ingestBatchWaitMs: number;
  /** Between two reconciliation passes. */
  readonly reconcileIntervalMs: number;
  /** Between two reads of each tenant's CXone users and Salesforce org; 0: only when an administrator asks. */
  readonly directoryRefreshIntervalMs: number;
  readonly instanceId: string;
  /** Tenant health checks and their alerts (docs/operations.md). */
  readonly health: {
    readonly intervalMs: number;
    readonly consoleMissingMs: number;
    readonly divergenceMs: number;
    readonly feedLagIntervals: number;
    readonly expiryWarningDays: number;
    /** Alert messages per channel per hour; more are sent as one digest when the hour allows. */
    readonly alertsPerHour: number;
  };
  /** What the M1.2 prerequisite checks look for in the Salesforce org. */
  readonly salesforceAgent: { readonly permissionSet: string; readonly packageNamespace: string };
  readonly roles: { readonly api: boolean; readonly worker: boolean; readonly poller: boolean };
  /** Always present in `serve` and `demo` modes. */
  readonly masterKey: LoadedKeyRing | undefined;
}

/** What `loadConfig` returns for a mode: `serve` and `demo` always carry a key ring. */
export type ConfigFor<M extends ConfigMode> = M extends 'tool' ? Config : Config & { readonly masterKey: LoadedKeyRing };
