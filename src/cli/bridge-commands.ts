import type { Command } from 'commander';
import { generateBridgeSecret } from '../bridge/index.ts';
import { loadConfig } from '../config/index.ts';
import { openStore, type AccountMapping, type Store } from '../store/index.ts';
import { databaseUrl } from './database-url.ts';

/** `presence-sync bridge-secret`: the per-org secret that the console component signs its bridge tokens with. */
export function registerBridgeCommands(program: Command): void {
  program
    .command('bridge-secret')
    .description("Generate the bridge secret of a tenant's Salesforce org, store it encrypted and show it once (put it in the org's Presence Sync Bridge custom metadata; see salesforce/README.md)")
    .requiredOption('-t, --tenant <id>', 'the tenant')
    .option('-m, --mapping <id>', "the tenant's account mapping (its Salesforce environment); default: the one in use")
    .option('--replace', 'replace an existing secret (consoles signing with the old one are refused until the org has the new one)')
    .option('-c, --config <file>', 'JSON config file (see docs/configuration.md)')
    .action(async (options: { tenant: string; mapping?: string; replace?: boolean; config?: string }) => {
      const config = loadConfig({ env: process.env, mode: 'serve', ...(options.config !== undefined ? { file: options.config } : {}) });
      const store = await openStore({ url: databaseUrl(config) }, { cipher: config.masterKey.keyRing });
      try {
        const mapping = await mappingOf(store, options.tenant, options.mapping);
        if (mapping.secretsSet.bridgeSecret && !options.replace) {
          throw new Error(`PSYNC_BRIDGE_SECRET_EXISTS: the environment "${mapping.environmentName}" has a bridge secret already; it is never shown again. Run with --replace to make a new one.`);
        }
        const secret = generateBridgeSecret();
        await store.accountMappings.setBridgeSecret(options.tenant, mapping.id, secret);
        console.log(`Bridge secret of ${mapping.environmentName} (org ${mapping.orgId}), shown once:\n${secret}`);
      } finally {
        await store.close();
      }
    });
}

/** The mapping named, or the tenant's mapping in use (the verified one) when none is named. */
async function mappingOf(store: Store, tenantId: string, mappingId: string | undefined): Promise<AccountMapping> {
  if (mappingId !== undefined) {
    const mapping = await store.accountMappings.get(tenantId, mappingId);
    if (!mapping) throw new Error(`PSYNC_ACCOUNT_MAPPING_NOT_FOUND: tenant ${tenantId} has no account mapping ${mappingId}; list them in the console under Account Mapping.`);
    return mapping;
  }
  const mappings = await store.accountMappings.list(tenantId);
  const inUse = mappings.find((m) => m.status === 'verified');
  if (inUse) return inUse;
  const known = mappings.map((m) => `${m.id} ("${m.environmentName}", ${m.status})`).join(', ');
  throw new Error(`PSYNC_ACCOUNT_MAPPING_NOT_FOUND: tenant ${tenantId} has no account mapping in use; select and save one in the console under Account Mapping, or name one with --mapping${known ? ` (${known})` : ''}.`);
}
