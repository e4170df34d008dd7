import { z } from 'zod';
import { ECHO_WINDOW_MS } from '../domain/index.ts';
import { allowedEndpointsSetting } from './endpoint-hosts.ts';
import { originListSetting, publicUrlSetting, trustProxySetting } from './proxy-settings.ts';
import { booleanSetting, choiceSetting, hostSetting, integerSetting, intervalOrOffSetting, pathSetting, patternSetting, postgresUrlSetting, secretSetting } from './setting-parsers.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const INSTANCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Every setting, by the name of its environment variable (a config file uses the same names).
 * docs/configuration.md documents each one; a test keeps the two in step.
 */
export const settingsSchema = z.object({
  PORT: integerSetting(1, 65535, 8080),
  HOST: hostSetting('127.0.0.1'),
  PRESENCE_SYNC_PUBLIC_URL: publicUrlSetting(),
  PRESENCE_SYNC_ALLOWED_ORIGINS: originListSetting(),
  PRESENCE_SYNC_TRUST_PROXY: trustProxySetting(),
  PRESENCE_SYNC_ALLOWED_ENDPOINTS: allowedEndpointsSetting(),
  PRESENCE_SYNC_DATA_DIR: pathSetting(),
  DATABASE_URL: postgresUrlSetting(),
  PRESENCE_SYNC_MASTER_KEY: secretSetting(),
  PRESENCE_SYNC_MASTER_KEY_FILE: pathSetting(),
  LOG_LEVEL: choiceSetting(LOG_LEVELS, 'info'),
  PRESENCE_SYNC_AUDIT_RETENTION_DAYS: integerSetting(1, 3650, 30),
  PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS: integerSetting(250, 3_600_000, 1000),
  PRESENCE_SYNC_SALESFORCE_FEED_INTERVAL_MS: integerSetting(1000, 86_400_000, 30_000),
  PRESENCE_SYNC_BRIDGE_GRACE_MS: integerSetting(0, 3_600_000, 30_000),
  PRESENCE_SYNC_BRIDGE_HEARTBEAT_MS: integerSetting(1000, 300_000, 20_000),
  PRESENCE_SYNC_ECHO_WINDOW_MS: integerSetting(1000, 3_600_000, ECHO_WINDOW_MS),
  PRESENCE_SYNC_INGEST_BATCH_WAIT_MS: integerSetting(0, 50, 0),
  PRESENCE_SYNC_RECONCILE_INTERVAL_MS: integerSetting(10_000, 86_400_000, 300_000),
  PRESENCE_SYNC_DIRECTORY_REFRESH_INTERVAL_MS: intervalOrOffSetting(60_000, 604_800_000, 3_600_000),
  PRESENCE_SYNC_SF_AGENT_PERMISSION_SET: patternSetting(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'a permission set API name (letters, digits, underscores)').default('Agent'),
  PRESENCE_SYNC_SF_AGENT_PACKAGE_NAMESPACE: patternSetting(/^[A-Za-z][A-Za-z0-9_]{0,14}$/, 'a managed package namespace prefix').default('NICE'),
  PRESENCE_SYNC_HEALTH_INTERVAL_MS: integerSetting(250, 3_600_000, 30_000),
  PRESENCE_SYNC_HEALTH_CONSOLE_MISSING_MS: integerSetting(1000, 604_800_000, 7_200_000),
  PRESENCE_SYNC_HEALTH_DIVERGENCE_MS: integerSetting(0, 86_400_000, 900_000),
  PRESENCE_SYNC_HEALTH_FEED_LAG_INTERVALS: integerSetting(2, 100_000, 60),
  PRESENCE_SYNC_HEALTH_EXPIRY_WARNING_DAYS: integerSetting(1, 365, 14),
  PRESENCE_SYNC_ALERTS_PER_HOUR: integerSetting(1, 3600, 20),
  PRESENCE_SYNC_INSTANCE_ID: patternSetting(INSTANCE_ID_PATTERN, '1–64 letters, digits, ".", "_" or "-", starting with a letter or digit'),
  PRESENCE_SYNC_API_ENABLED: booleanSetting(true),
  PRESENCE_SYNC_WORKER_ENABLED: booleanSetting(true),
  PRESENCE_SYNC_POLLER_ENABLED: booleanSetting(true),
});

export type SettingName = keyof typeof settingsSchema.shape;
export const SETTING_NAMES = Object.keys(settingsSchema.shape) as SettingName[];

/** Names whose values are secret: never printed, and not accepted in a config file. */
export const SECRET_SETTINGS: readonly SettingName[] = ['PRESENCE_SYNC_MASTER_KEY'];
