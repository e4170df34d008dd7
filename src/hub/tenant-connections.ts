import type { CxoneConnectionSettings } from '../connectors/cxone/index.ts';
import type { SalesforceCredentials } from '../connectors/salesforce/index.ts';
import { sameSalesforceId } from '../domain/index.ts';
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

export function tenantConnectionsOf(store: Store): TenantConnections {
  const mappingOfOrg = async (orgId: string): Promise<AccountMapping | undefined> => {
    for (const tenant of await store.tenants.list()) {
      const mapping = await activeMapping(store, tenant.id);
      if (mapping && sameSalesforceId(mapping.orgId, orgId)) return mapping;
    }
    return undefined;
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
