import type { CxoneConnectionSettings } from '../connectors/cxone/index.ts';
import type { SalesforceCredentials } from '../connectors/salesforce/index.ts';
import { toId18 } from '../domain/index.ts';
import type { AccountMapping, Store } from '../store/index.ts';
import { salesforceCredentialsOf } from '../directory/index.ts';

/** What the hub's connectors and bridge need of each tenant's account mapping, decrypted on demand. */
export interface TenantConnections {
  cxone(tenantId: string): Promise<CxoneConnectionSettings | undefined>;
  salesforce(tenantId: string): Promise<SalesforceCredentials | undefined>;
  /** The tenant whose verified account mapping reaches this organisation. */
  tenantOfOrg(orgId: string): Promise<string | undefined>;
  bridgeSecret(orgId: string): Promise<string | undefined>;
}

/** A tenant's account mapping in use: the verified one (the environment the administrator selected). */
async function activeMapping(store: Store, tenantId: string): Promise<AccountMapping | undefined> {
  const mappings = await store.accountMappings.list(tenantId);
  return mappings.find((m) => m.status === 'verified');
}

/** How long the org → tenant index is reused: consoles connect in bursts, mappings change rarely. */
const ORG_INDEX_TTL_MS = 5_000;

export function tenantConnectionsOf(store: Store, now: () => number = Date.now): TenantConnections {
  // One pass over the tenants' verified mappings serves every console connecting within the TTL,
  // instead of one scan of all tenants per console.
  let index: { readonly at: number; readonly byOrg: Promise<ReadonlyMap<string, AccountMapping>> } | undefined;
  const mappingOfOrg = async (orgId: string): Promise<AccountMapping | undefined> => {
    if (!index || now() - index.at > ORG_INDEX_TTL_MS) {
      const byOrg = (async () => {
        const entries: [string, AccountMapping][] = [];
        for (const tenant of await store.tenants.list()) {
          const mapping = await activeMapping(store, tenant.id);
          if (mapping) entries.push([mapping.orgId.toLowerCase(), mapping]);
        }
        return new Map(entries);
      })();
      index = { at: now(), byOrg };
      byOrg.catch(() => (index = undefined));
    }
    const byOrg = await index.byOrg;
    const parsed = toId18(orgId);
    return parsed.ok ? byOrg.get(parsed.value.toLowerCase()) : undefined;
  };
  return {
    async cxone(tenantId) {
      const mapping = await activeMapping(store, tenantId);
      if (!mapping?.cxoneClientId || !mapping.cxoneAccessKeyId) return undefined;
      const secrets = await store.accountMappings.revealSecrets(tenantId, mapping.id);
      if (!secrets.cxoneClientSecret || !secrets.cxoneAccessKeySecret) return undefined;
      return {
        clientId: mapping.cxoneClientId,
        clientSecret: secrets.cxoneClientSecret,
        accessKeyId: mapping.cxoneAccessKeyId,
        accessKeySecret: secrets.cxoneAccessKeySecret,
        ...(mapping.cxoneIssuer ? { issuer: mapping.cxoneIssuer } : {}),
        ...(mapping.cxoneTenantId ? { tenantId: mapping.cxoneTenantId } : {}),
      };
    },
    async salesforce(tenantId) {
      const mapping = await activeMapping(store, tenantId);
      if (!mapping) return undefined;
      return salesforceCredentialsOf(mapping, await store.accountMappings.revealSecrets(tenantId, mapping.id)).credentials;
    },
    async tenantOfOrg(orgId) {
      return (await mappingOfOrg(orgId))?.tenantId;
    },
    async bridgeSecret(orgId) {
      const mapping = await mappingOfOrg(orgId);
      if (!mapping) return undefined;
      return (await store.accountMappings.revealSecrets(mapping.tenantId, mapping.id)).bridgeSecret;
    },
  };
}
