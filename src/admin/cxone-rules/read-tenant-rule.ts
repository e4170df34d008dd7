import type { AdapterRule, Result } from '../../domain/index.ts';
import type { Store } from '../../store/index.ts';
import { AdminActionError } from './errors.ts';

/** Reads (or writes) CXone's Presence Sync rule for an org: the API's CXone gateway. */
export interface AdapterRuleChannel {
  readAdapterRule?(tenantId: string, orgId: string): Promise<Result<{ readonly rule: AdapterRule; readonly partnerId: string }>>;
  pushAdapterRule?(tenantId: string, orgId: string, rule: AdapterRule): Promise<Result<{ readonly partnerId: string; readonly replaced: AdapterRule | null }>>;
}

/** The org of the tenant's account mapping in use, whose Presence Sync rule CXone keeps. */
export async function mappedOrg(store: Store, tenantId: string): Promise<string> {
  const mapping = (await store.accountMappings.list(tenantId)).find((m) => m.status === 'verified');
  if (!mapping) {
    throw new AdminActionError(409, 'PSYNC_NO_ACCOUNT_MAPPING', `Tenant "${tenantId}" has no saved account mapping, so the hub does not know the Salesforce org whose rule CXone keeps. Save the mapping first, or import from a file.`, { tenantId });
  }
  return mapping.orgId;
}

/** CXone's Presence Sync rule for the tenant's Salesforce org, read through the tenant's CXone connection. */
export async function readTenantAdapterRule(store: Store, channel: AdapterRuleChannel, tenantId: string): Promise<{ readonly rule: AdapterRule; readonly partnerId: string; readonly orgId: string }> {
  const orgId = await mappedOrg(store, tenantId);
  if (!channel.readAdapterRule) throw new AdminActionError(501, 'PSYNC_CXONE_ADAPTER_UNAVAILABLE', 'This hub has no CXone connector to read the rule with; import from a file.');
  const read = await channel.readAdapterRule(tenantId, orgId);
  if (!read.ok) {
    const notFound = read.problems.some((p) => p.code === 'PSYNC_CXONE_NO_ADAPTER_RULE');
    throw new AdminActionError(notFound ? 404 : 502, notFound ? 'PSYNC_CXONE_NO_ADAPTER_RULE' : 'PSYNC_CXONE_ADAPTER_READ_FAILED', `CXone's Presence Sync rule could not be read: ${read.problems.map((p) => p.message).join(' ')}`, { problems: read.problems });
  }
  return { ...read.value, orgId };
}
