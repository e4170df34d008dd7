export * from './ports.ts';
export { createStore, openStore, type StoreOptions } from './store.ts';
export { openDatabase, migrateToLatest, writeTransaction, type Database, type DialectName, type MigrationReport, type OpenDatabaseOptions } from './database.ts';
export { StoreError, isStoreError, redactUrl } from './errors.ts';
export { systemClock, type Clock, type RandomSource } from './clock.ts';
export { backoffDelay, DEFAULT_RETRY_POLICY } from './mailbox.ts';
export { DEFAULT_AUDIT_RETENTION_MS } from './audit.ts';
export { instanceLeaseName } from './console-sessions.ts';
