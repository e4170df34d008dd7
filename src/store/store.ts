import { createAccountMappingRepository } from './account-mappings.ts';
import { createAgentLinkRepository } from './agent-links.ts';
import { createAlertRepository } from './alerts.ts';
import { createHealthRepository } from './health.ts';
import { createAuditLog } from './audit.ts';
import { systemClock, type Clock, type RandomSource } from './clock.ts';
import { createCxoneDirectoryRepository } from './cxone-directory.ts';
import { migrateToLatest, openDatabase, type Database, type OpenDatabaseOptions } from './database.ts';
import { createIngest, type IngestBatchOptions } from './ingest.ts';
import { createBridgeTokenUseRepository } from './bridge-token-uses.ts';
import { createConsoleSessionRepository } from './console-sessions.ts';
import { createLeaseRepository } from './leases.ts';
import { createPrerequisiteProblemRepository } from './prerequisite-problems.ts';
import { createMailbox, DEFAULT_RETRY_POLICY } from './mailbox.ts';
import type { RetryPolicy, SecretCipher, Store } from './ports.ts';
import { createPresenceRuleRepository } from './presence-rules.ts';
import { createSalesforceDirectoryRepository } from './salesforce-directory.ts';
import { createSyncStateRepository } from './sync-state.ts';
import { createTenantRepository } from './tenants.ts';

export interface StoreOptions {
  readonly cipher: SecretCipher;
  readonly clock?: Clock;
  /** Jitter source of retry backoff, in [0, 1). */
  readonly random?: RandomSource;
  readonly retry?: Partial<RetryPolicy>;
  /** Group commit of ingest (default: no wait, 256 changes per transaction at most). */
  readonly ingest?: IngestBatchOptions;
}

/** The store over an open, migrated database. Closing the store closes the database. */
export function createStore(database: Database, options: StoreOptions): Store {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const ingest = createIngest(database, clock, options.ingest);
  return {
    dialect: database.dialect,
    tenants: createTenantRepository(database, clock),
    accountMappings: createAccountMappingRepository(database, clock, options.cipher),
    cxone: createCxoneDirectoryRepository(database, clock),
    salesforce: createSalesforceDirectoryRepository(database, clock),
    links: createAgentLinkRepository(database, clock),
    rules: createPresenceRuleRepository(database, clock),
    syncState: createSyncStateRepository(database, clock),
    mailbox: createMailbox(database, clock, random, { ...DEFAULT_RETRY_POLICY, ...options.retry }),
    audit: createAuditLog(database, clock),
    leases: createLeaseRepository(database, clock),
    consoleSessions: createConsoleSessionRepository(database, clock),
    bridgeTokens: createBridgeTokenUseRepository(database, clock),
    prerequisites: createPrerequisiteProblemRepository(database, clock),
    health: createHealthRepository(database, clock),
    alerts: createAlertRepository(database, clock, options.cipher),
    ingest: (request) => ingest.ingest(request),
    ingestAll: (requests) => ingest.ingestAll(requests),
    pruneDedupKeys: (olderThan, batchSize) => ingest.pruneDedupKeys(olderThan, batchSize),
    close: () => database.close(),
  };
}

/** Opens the database, applies pending migrations and returns the store (what `serve` does at start). */
export async function openStore(database: OpenDatabaseOptions, options: StoreOptions): Promise<Store> {
  const opened = await openDatabase(database);
  try {
    await migrateToLatest(opened);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return createStore(opened, options);
}
