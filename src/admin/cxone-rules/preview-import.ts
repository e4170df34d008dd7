import { previewAdapterImport, type AdapterImportPreview, type AdapterRule } from '../../domain/index.ts';
import { ruleCatalog } from '../../api/rule-catalog.ts';
import type { Store } from '../../store/index.ts';
import { importTarget, type ImportTarget } from './target.ts';

/**
 * What importing NICE's rule (read from the tenant's CXone, or an uploaded file) would save: each of
 * NICE's rows with the row it becomes or why it cannot, and the checks of any rule (unknown states,
 * codes a team lacks, ping-pong). Reads only; nothing is stored.
 */
export async function previewCxoneImport(store: Store, tenantId: string, payload: AdapterRule, target: ImportTarget): Promise<AdapterImportPreview & { readonly replaces: boolean }> {
  const into = await importTarget(store, tenantId, target);
  const [catalog, others] = await Promise.all([ruleCatalog(store, tenantId), store.rules.list(tenantId)]);
  return { ...previewAdapterImport(payload, into.rule, catalog, others), replaces: into.exists };
}
