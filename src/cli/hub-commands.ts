import type { Command } from 'commander';
import { describeConfig, loadConfig } from '../config/index.ts';
import { withAdminApi } from '../hub/admin-api.ts';
import { startHub } from '../hub/hub.ts';
import { createLogger } from '../hub/logger.ts';
import { rotateAll } from '../secrets/index.ts';
import { migrateToLatest, openDatabase, openStore } from '../store/index.ts';
import { databaseUrl } from './database-url.ts';
import { stopRequested } from './stop-signal.ts';

interface ConfigOption {
  readonly config?: string;
}

function configFor<M extends 'serve' | 'tool'>(mode: M, options: ConfigOption) {
  return loadConfig({ env: process.env, mode, ...(options.config !== undefined ? { file: options.config } : {}) });
}

/** The commands that run or maintain a hub: serve, migrate, rotate-keys. */
export function registerHubCommands(program: Command): void {
  program
    .command('serve')
    .description('Run the hub against your real CXone tenant and Salesforce org (SQLite, or PostgreSQL with DATABASE_URL)')
    .option('-c, --config <file>', 'JSON config file (see docs/configuration.md); environment variables override it')
    .action(async (options: ConfigOption) => {
      const config = configFor('serve', options);
      const logger = createLogger(config.logLevel);
      logger.info({ config: describeConfig(config) }, 'starting presence-sync');
      const prerequisiteConfig = { agentPermissionSetName: config.salesforceAgent.permissionSet, packageNamespace: config.salesforceAgent.packageNamespace };
      // Without the API role this instance serves no console, admin API or bridge: health and metrics only.
      const hub = await startHub({ config, logger, ...(config.roles.api ? withAdminApi({ logger, prerequisiteConfig }) : {}) });
      const why = await stopRequested();
      logger.info({ reason: why }, 'stopping: finishing in-flight writes');
      await hub.stop();
    });

  program
    .command('migrate')
    .description('Bring the database schema up to date (the hub also does this when it starts)')
    .option('-c, --config <file>', 'JSON config file (see docs/configuration.md)')
    .action(async (options: ConfigOption) => {
      const config = configFor('tool', options);
      const database = await openDatabase({ url: databaseUrl(config) });
      try {
        const report = await migrateToLatest(database);
        console.log(report.applied.length === 0 ? `The schema of ${database.description} is up to date.` : `Applied to ${database.description}: ${report.applied.join(', ')}`);
      } finally {
        await database.close();
      }
    });

  program
    .command('rotate-keys')
    .description('Re-encrypt every stored secret under the newest master key (configure the new key last, keep the old ones until this has run)')
    .option('-c, --config <file>', 'JSON config file (see docs/configuration.md)')
    .action(async (options: ConfigOption) => {
      const config = configFor('serve', options);
      const keyRing = config.masterKey.keyRing;
      const store = await openStore({ url: databaseUrl(config) }, { cipher: keyRing });
      try {
        // The account mappings' secrets and the alert channels' (webhook URLs, signing secrets, SMTP passwords).
        const rows = [...(await store.accountMappings.secretEnvelopes()), ...(await store.alerts.secretEnvelopes())];
        const replace = (row: (typeof rows)[number], next: string) => (row.aad.table === 'alert_channel' ? store.alerts : store.accountMappings).replaceSecretEnvelope(row.aad, row.envelope, next);
        const report = await rotateAll(keyRing, rows, async (row, next) => {
          if (!(await replace(row, next))) {
            throw new Error(`PSYNC_SECRET_CHANGED_DURING_ROTATION: a secret of ${row.aad.table} ${row.aad.recordId} changed while rotating; run rotate-keys again.`);
          }
        });
        console.log(`Examined ${report.examined} secrets: ${report.rotated} re-encrypted under key ${keyRing.currentKeyId}, ${report.alreadyCurrent} already current.`);
        for (const failure of report.failures) console.error(`${failure.message.startsWith(failure.code) ? failure.message : `${failure.code}: ${failure.message}`} (${failure.aad.table} ${failure.aad.recordId} ${failure.aad.field})`);
        if (report.failures.length > 0) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}

