import type { AccountMapping, Store } from '../store/index.ts';
import { ApiError } from './errors.ts';

/**
 * Why the hub has no CXone connection for the tenant, when the connector says it has none: the
 * connection is the one of the account mapping in use (saved, status `verified`), so typed
 * credentials of an environment that is only mapped and registered are not in use yet.
 * Undefined when the mapping in use is the one that lacks them (the connector's own message says so).
 */
export async function missingCxoneConnection(store: Store, tenantId: string): Promise<ApiError | undefined> {
  const mappings = await store.accountMappings.list(tenantId);
  if (mappings.some((m) => m.status === 'verified')) return undefined;
  if (mappings.length === 0) {
    return new ApiError(409, 'PSYNC_NO_ACCOUNT_MAPPING', `Tenant "${tenantId}" has no account mapping yet, so the hub has no CXone connection. Create one under Account Mapping (Map and register, select the environment, save) first.`, { tenantId });
  }
  const registered = mappings.filter((m) => m.status === 'draft');
  const named = (list: readonly AccountMapping[]) => list.map((m) => `"${m.environmentName}" (${m.id})`).join(', ');
  const next =
    registered.length > 0
      ? `Select ${registered.length === 1 ? 'it' : 'one'} and save the mapping (Account Mapping → Save, or POST …/account-mappings/{id}/save); the hub then uses its CXone application and access key.`
      : 'None of them registered or is in use: correct one so that Map and register succeeds, select it and save.';
  return new ApiError(
    409,
    'PSYNC_ACCOUNT_MAPPING_NOT_SAVED',
    `The CXone credentials were entered in ${named(registered.length > 0 ? registered : mappings)}, but that mapping is not saved yet, so it is not in use and the hub has no CXone connection for tenant "${tenantId}". ${next}`,
    { tenantId, mappings: mappings.map((m) => ({ id: m.id, environmentName: m.environmentName, status: m.status })) },
  );
}
