import type { Command } from 'commander';
import { generateBridgeSecret } from '../bridge/index.ts';
import { loadConfig } from '../config/index.ts';
import { openStore } from '../store/index.ts';
import { databaseUrl } from './database-url.ts';

/** `presence-sync bridge-secret`: the per-org secret that the console component signs its bridge tokens with. */
export function registerBridgeCommands(program: Command): void {
  program
    .command('bridge-secret')
    .description("Generate the bridge secret of a tenant's Salesforce org, store it encrypted and show it once (put it in the org's Presence Sync Bridge custom metadata; see salesforce/README.md)")
    .requiredOption('-t, --tenant <id>', 'the tenant')
    .requiredOption('-m, --mapping <id>', "the tenant's account mapping (its Salesforce environment)")
    .option('--replace', 'replace an existing secret (consoles signing with the old one are refused until the org has the new one)')
    .option('-c, --config <file>', 'JSON config file (see docs/configuration.md)')
    .action(async (options: { tenant: string; mapping: string; replace?: boolean; config?: string }) => {
      const config = loadConfig({ env: process.env, mode: 'serve', ...(options.config !== undefined ? { file: options.config } : {}) });
      const store = await openStore({ url: databaseUrl(config) }, { cipher: config.masterKey.keyRing });
      try {
        const mapping = await store.accountMappings.get(options.tenant, options.mapping);
        if (!mapping) throw new Error(`PSYNC_ACCOUNT_MAPPING_NOT_FOUND: tenant ${options.tenant} has no account mapping ${options.mapping}; list them in the console under Account Mapping.`);
        if (mapping.secretsSet.bridgeSecret && !options.replace) {
          throw new Error(`PSYNC_BRIDGE_SECRET_EXISTS: the environment "${mapping.environmentName}" has a bridge secret already; it is never shown again. Run with --replace to make a new one.`);
        }
        const secret = generateBridgeSecret();
        const { secretsSet: _set, createdAt: _created, updatedAt: _updated, ...input } = mapping;
        await store.accountMappings.save(input, { bridgeSecret: secret });
        console.log(`Bridge secret of ${mapping.environmentName} (org ${mapping.orgId}), shown once:\n${secret}`);
      } finally {
        await store.close();
      }
    });
}
