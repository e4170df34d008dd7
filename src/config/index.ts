export type { Config, ConfigFor, ConfigMode, DatabaseConfig } from './config.ts';
export { ConfigError, type ConfigProblem } from './config-error.ts';
export { describeConfig, redactDatabaseUrl } from './describe-config.ts';
export { DEFAULT_DATA_DIR, DEMO_KEY_FILE_NAME, SQLITE_FILE_NAME, loadConfig, type LoadConfigOptions } from './load-config.ts';
export { LOG_LEVELS, SETTING_NAMES, type LogLevel, type SettingName } from './settings-schema.ts';
