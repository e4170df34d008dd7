import type { AdapterRule } from '../../domain/index.ts';
import type { Store } from '../../store/index.ts';
import { auditDetails, type AdminActor } from './actor.ts';
import { AdminActionError } from './errors.ts';
import { exportCxoneRule } from './export-rule.ts';
import { mappedOrg, type AdapterRuleChannel } from './read-tenant-rule.ts';

/**
 * Writes a rule in NICE's format to CXone's Presence Sync adapter for the tenant's org, so the tenant
 * can return to CXone's built-in sync. A rule with rows NICE's format cannot carry is pushed only when
 * the administrator accepts leaving them out. The audit entry records what CXone held before.
 */
export async function pushCxoneRule(store: Store, channel: AdapterRuleChannel, tenantId: string, ruleId: string, options: { readonly skipUnmapped?: boolean }, actor: AdminActor): Promise<{ readonly pushed: AdapterRule; readonly partnerId: string; readonly replaced: AdapterRule | null }> {
  const exported = await exportCxoneRule(store, tenantId, ruleId);
  if (exported.unmapped.length > 0 && !options.skipUnmapped) {
    throw new AdminActionError(
      422,
      'PSYNC_CXONE_EXPORT_UNMAPPED',
      `${exported.unmapped.length} row(s) of rule "${exported.ruleName}" cannot be written in NICE's format (${exported.unmapped.map((u) => `${u.map} row ${u.row}: ${u.reasons.map((r) => r.message).join(' ')}`).join('; ')}). Fix them, or push without them (skipUnmapped). Nothing was sent.`,
      { unmapped: exported.unmapped },
    );
  }
  const orgId = await mappedOrg(store, tenantId);
  if (!channel.pushAdapterRule) throw new AdminActionError(501, 'PSYNC_CXONE_ADAPTER_UNAVAILABLE', 'This hub has no CXone connector to push the rule with; download the export and enter it in CXone.');
  const pushed = await channel.pushAdapterRule(tenantId, orgId, exported.rule);
  if (!pushed.ok) throw new AdminActionError(502, 'PSYNC_CXONE_ADAPTER_PUSH_FAILED', `CXone did not take the rule: ${pushed.problems.map((p) => p.message).join(' ')}`, { problems: pushed.problems });
  await store.audit.append({
    tenantId,
    kind: 'admin',
    outcome: 'rule.cxone_push',
    explanation: `${actor.label}: Pushed presence rule "${exported.ruleName}" (version ${exported.version}) to CXone's Presence Sync adapter for org ${orgId} (account ${pushed.value.partnerId}): ${exported.rule.publisherStateMap.length} publisher, ${exported.rule.subscriberStateMap.length} subscriber rows${pushed.value.replaced ? '; it replaced the rule CXone held' : ''}.`,
    rule: { id: ruleId, version: exported.version },
    details: auditDetails(actor, { ruleId, version: exported.version, partnerId: pushed.value.partnerId, pushed: exported.rule, replaced: pushed.value.replaced, unmapped: exported.unmapped }),
  });
  return { pushed: exported.rule, partnerId: pushed.value.partnerId, replaced: pushed.value.replaced };
}
