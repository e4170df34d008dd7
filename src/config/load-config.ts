import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { resolveKeyRing } from '../secrets/index.ts';
import type { Config, ConfigFor, ConfigMode, DatabaseConfig } from './config.ts';
import { ConfigError, type ConfigProblem } from './config-error.ts';
import { describeConfig } from './describe-config.ts';
import { readConfigFile, settingsFromEnv, type RawSettings } from './setting-sources.ts';
import { INSTANCE_ID_PATTERN, SETTING_NAMES, settingsSchema } from './settings-schema.ts';

export const DEFAULT_DATA_DIR = './data';
export const SQLITE_FILE_NAME = 'presence-sync.sqlite';
export const DEMO_KEY_FILE_NAME = 'master.key';

export interface LoadConfigOptions<M extends ConfigMode> {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Config file from `--config`; wins over PRESENCE_SYNC_CONFIG. */
  readonly file?: string;
  readonly mode: M;
  /** Relative paths resolve against this; default `process.cwd()`. */
  readonly cwd?: string;
}

function defaultInstanceId(): string {
  const id = `${hostname().replace(/[^A-Za-z0-9._-]/g, '-')}-${process.pid}`.replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
  return INSTANCE_ID_PATTERN.test(id) ? id : `hub-${process.pid}`;
}

function withRedactedViews(config: Config): Config {
  Object.defineProperty(config.database, 'toJSON', { value: () => describeConfig(config).database });
  Object.defineProperty(config.database, inspect.custom, { value: () => describeConfig(config).database });
  Object.defineProperty(config, 'toJSON', { value: () => describeConfig(config) });
  Object.defineProperty(config, inspect.custom, { value: () => describeConfig(config) });
  Object.freeze(config.database);
  Object.freeze(config.roles);
  Object.freeze(config.salesforceAgent);
  Object.freeze(config.health);
  Object.freeze(config.allowedOrigins);
  Object.freeze(config.allowedEndpoints);
  if (Array.isArray(config.trustProxy)) Object.freeze(config.trustProxy);
  if (config.masterKey) Object.freeze(config.masterKey);
  return Object.freeze(config);
}

/**
 * Reads the settings from the environment and an optional JSON config file (the environment wins),
 * checks all of them, finds the master keys, and returns a frozen config. Throws one `ConfigError`
 * (PSYNC_CONFIG_INVALID) listing every problem. Only `demo` mode creates a key file, in the data
 * directory, and only when everything else is valid.
 */
export function loadConfig<M extends ConfigMode>(options: LoadConfigOptions<M>): ConfigFor<M> {
  const cwd = options.cwd ?? process.cwd();
  const problems: ConfigProblem[] = [];
  const fileSetting = options.file !== undefined ? '--config' : 'PRESENCE_SYNC_CONFIG';
  const fileOption = options.file ?? (options.env.PRESENCE_SYNC_CONFIG?.trim() || undefined);
  const configFile = fileOption === undefined ? undefined : resolve(cwd, fileOption);

  let raw: RawSettings = settingsFromEnv(options.env);
  if (configFile !== undefined) {
    const fromFile = readConfigFile(configFile, fileSetting);
    problems.push(...fromFile.problems);
    raw = { ...fromFile.settings, ...raw };
  }

  const input = Object.fromEntries(SETTING_NAMES.flatMap((name) => (raw[name] ? [[name, raw[name].value]] : [])));
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      const label = raw[name as keyof RawSettings]?.label ?? name;
      problems.push({ setting: name, code: 'PSYNC_CONFIG_INVALID', message: `${label}: ${issue.message}` });
    }
  }

  const s = parsed.data;
  const dataDir = resolve(cwd, s?.PRESENCE_SYNC_DATA_DIR ?? DEFAULT_DATA_DIR);
  // The key settings are checked even when other settings are wrong, so every problem shows at once.
  const keyText = raw.PRESENCE_SYNC_MASTER_KEY?.value;
  const keyFile = raw.PRESENCE_SYNC_MASTER_KEY_FILE?.value.trim();
  const keys = resolveKeyRing({
    keyText,
    keyFile: keyFile === undefined ? undefined : resolve(cwd, keyFile),
    demoKeyFile: options.mode === 'demo' && problems.length === 0 ? join(dataDir, DEMO_KEY_FILE_NAME) : undefined,
    required: options.mode === 'serve',
  });
  if (!keys.ok) {
    const fromFile = keyText === undefined && (keyFile !== undefined || options.mode === 'demo');
    const setting = fromFile ? 'PRESENCE_SYNC_MASTER_KEY_FILE' : 'PRESENCE_SYNC_MASTER_KEY';
    for (const p of keys.problems) problems.push({ setting, code: p.code, message: p.message });
  }

  if (problems.length > 0 || s === undefined || !keys.ok) throw new ConfigError(problems);

  const database: DatabaseConfig =
    s.DATABASE_URL !== undefined ? { kind: 'postgres', url: s.DATABASE_URL } : { kind: 'sqlite', file: join(dataDir, SQLITE_FILE_NAME) };
  const config: Config = {
    mode: options.mode,
    configFile,
    host: s.HOST,
    port: s.PORT,
    publicUrl: s.PRESENCE_SYNC_PUBLIC_URL,
    allowedOrigins: s.PRESENCE_SYNC_ALLOWED_ORIGINS ?? [],
    allowedEndpoints: s.PRESENCE_SYNC_ALLOWED_ENDPOINTS ?? [],
    trustProxy: s.PRESENCE_SYNC_TRUST_PROXY,
    dataDir,
    database,
    logLevel: s.LOG_LEVEL,
    auditRetentionDays: s.PRESENCE_SYNC_AUDIT_RETENTION_DAYS,
    cxonePollIntervalMs: s.PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS,
    salesforceFeedIntervalMs: s.PRESENCE_SYNC_SALESFORCE_FEED_INTERVAL_MS,
    bridgeGraceMs: s.PRESENCE_SYNC_BRIDGE_GRACE_MS,
    bridgeHeartbeatMs: s.PRESENCE_SYNC_BRIDGE_HEARTBEAT_MS,
    echoWindowMs: s.PRESENCE_SYNC_ECHO_WINDOW_MS,
    ingestBatchWaitMs: s.PRESENCE_SYNC_INGEST_BATCH_WAIT_MS,
    reconcileIntervalMs: s.PRESENCE_SYNC_RECONCILE_INTERVAL_MS,
    directoryRefreshIntervalMs: s.PRESENCE_SYNC_DIRECTORY_REFRESH_INTERVAL_MS,
    instanceId: s.PRESENCE_SYNC_INSTANCE_ID ?? defaultInstanceId(),
    health: {
      intervalMs: s.PRESENCE_SYNC_HEALTH_INTERVAL_MS,
      consoleMissingMs: s.PRESENCE_SYNC_HEALTH_CONSOLE_MISSING_MS,
      divergenceMs: s.PRESENCE_SYNC_HEALTH_DIVERGENCE_MS,
      feedLagIntervals: s.PRESENCE_SYNC_HEALTH_FEED_LAG_INTERVALS,
      expiryWarningDays: s.PRESENCE_SYNC_HEALTH_EXPIRY_WARNING_DAYS,
      alertsPerHour: s.PRESENCE_SYNC_ALERTS_PER_HOUR,
    },
    salesforceAgent: { permissionSet: s.PRESENCE_SYNC_SF_AGENT_PERMISSION_SET, packageNamespace: s.PRESENCE_SYNC_SF_AGENT_PACKAGE_NAMESPACE },
    roles: { api: s.PRESENCE_SYNC_API_ENABLED, worker: s.PRESENCE_SYNC_WORKER_ENABLED, poller: s.PRESENCE_SYNC_POLLER_ENABLED },
    masterKey: keys.value,
  };
  return withRedactedViews(config) as ConfigFor<M>;
}
