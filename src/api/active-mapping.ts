import type { AccountMapping, Store } from '../store/index.ts';
import { ApiError } from './errors.ts';

/**
 * The tenant's account mapping in use: the one saved after "select environment → save" (status
 * `verified`). The store has no separate "selected" flag, so the status carries it.
 */
export async function activeMapping(store: Store, tenantId: string): Promise<AccountMapping> {
  const mappings = await store.accountMappings.list(tenantId);
  const active = mappings.find((m) => m.status === 'verified');
  if (!active) {
    throw new ApiError(409, 'PSYNC_NO_ACCOUNT_MAPPING', `Tenant "${tenantId}" has no saved account mapping yet. Create one under Account Mapping (Map and register, select the environment, save) first.`, { tenantId });
  }
  return active;
}
