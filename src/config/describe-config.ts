import type { Config } from './config.ts';
import { describeAllowedEndpoint } from './endpoint-hosts.ts';

const SECRET_QUERY_PARAMS = ['password', 'sslpassword', 'sslkey'];

/** The URL with its password (and password-like query parameters) replaced by `***`. */
export function redactDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '***';
  }
  if (parsed.password !== '') parsed.password = '***';
  for (const name of SECRET_QUERY_PARAMS) if (parsed.searchParams.has(name)) parsed.searchParams.set(name, '***');
  return parsed.toString().replace(/%2A%2A%2A/g, '***');
}

/** A flat, secret-free view of the configuration, for the startup log. */
export function describeConfig(config: Config): Readonly<Record<string, string | number | boolean>> {
  const key = config.masterKey;
  return {
    mode: config.mode,
    configFile: config.configFile ?? '(none)',
    listen: `${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`,
    publicUrl: config.publicUrl ?? '(none)',
    allowedOrigins: config.allowedOrigins.length > 0 ? config.allowedOrigins.join(', ') : '(none)',
    allowedEndpoints: config.allowedEndpoints.length > 0 ? config.allowedEndpoints.map(describeAllowedEndpoint).join(', ') : '(none)',
    trustProxy: typeof config.trustProxy === 'boolean' ? config.trustProxy : config.trustProxy.join(', '),
    dataDir: config.dataDir,
    database: config.database.kind === 'postgres' ? `postgres ${redactDatabaseUrl(config.database.url)}` : `sqlite ${config.database.file}`,
    masterKey: key ? `${key.source}${key.file ? ` ${key.file}` : ''}; keys ${key.keyRing.keyIds.join(', ')}; current ${key.keyRing.currentKeyId}` : '(none)',
    logLevel: config.logLevel,
    auditRetentionDays: config.auditRetentionDays,
    cxonePollIntervalMs: config.cxonePollIntervalMs,
    salesforceFeedIntervalMs: config.salesforceFeedIntervalMs,
    bridgeGraceMs: config.bridgeGraceMs,
    bridgeHeartbeatMs: config.bridgeHeartbeatMs,
    echoWindowMs: config.echoWindowMs,
    ingestBatchWaitMs: config.ingestBatchWaitMs,
    reconcileIntervalMs: config.reconcileIntervalMs,
    directoryRefreshIntervalMs: config.directoryRefreshIntervalMs,
    instanceId: config.instanceId,
    salesforceAgentPermissionSet: config.salesforceAgent.permissionSet,
    salesforceAgentPackageNamespace: config.salesforceAgent.packageNamespace,
    apiEnabled: config.roles.api,
    workerEnabled: config.roles.worker,
    pollerEnabled: config.roles.poller,
  };
}
