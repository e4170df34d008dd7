import { exportAdapterRule, type ExportedAdapterRule } from '../../domain/index.ts';
import { ruleCatalog } from '../../api/rule-catalog.ts';
import type { Store } from '../../store/index.ts';
import { AdminActionError } from './errors.ts';

/** A rule of this product in NICE's format, with every row NICE's format cannot carry. Reads only. */
export async function exportCxoneRule(store: Store, tenantId: string, ruleId: string): Promise<ExportedAdapterRule & { readonly ruleName: string; readonly version: number }> {
  const rule = await store.rules.get(tenantId, ruleId);
  if (!rule) throw new AdminActionError(404, 'PSYNC_NOT_FOUND', `No presence rule "${ruleId}". List the rules of tenant ${tenantId} for their ids.`, { what: 'presence rule', id: ruleId });
  return { ...exportAdapterRule(rule, await ruleCatalog(store, tenantId)), ruleName: rule.name, version: rule.version };
}
