import type { AdapterRule } from '../../domain/index.ts';
import type { CxoneClient } from './client.ts';
import { failed, success, type CxoneResult } from './failure.ts';

/** The partner name the hub gives CXone's adapter API. NICE's SDK only calls it "the name of the CRM"; `salesforce` is inferred. */
export const SALESFORCE_PARTNER = 'salesforce';

export interface FoundAdapterRule {
  readonly rule: AdapterRule;
  /** The form of the org ID CXone knows the account by. */
  readonly partnerId: string;
}

export interface PushedAdapterRule {
  readonly partnerId: string;
  /** The rule CXone held before, or null when it held none. */
  readonly replaced: AdapterRule | null;
}

/**
 * The org ID as CXone may hold it: NICE's account mapping asks for the 15-character form, NICE's
 * SDK passes whatever the Salesforce app has. The hub stores the 18-character form and asks with both.
 */
const partnerIdsOf = (orgId: string): string[] => [...new Set([orgId, orgId.slice(0, 15)])];

/** Reads CXone's Presence Sync rule for a Salesforce org, under either form of its org ID. */
export async function readSalesforceAdapterRule(client: CxoneClient, orgId: string): Promise<CxoneResult<FoundAdapterRule>> {
  const ids = partnerIdsOf(orgId);
  for (const partnerId of ids) {
    const answer = await client.getAdapterRule(SALESFORCE_PARTNER, partnerId);
    if (answer.ok) return success({ rule: answer.value, partnerId });
    if (answer.failure.kind !== 'not_found') return answer;
  }
  return failed({
    kind: 'not_found',
    status: 404,
    code: 'PSYNC_CXONE_NO_ADAPTER_RULE',
    message: `CXone has no Presence Sync rule for the Salesforce org ${orgId} (asked as ${ids.join(' and ')}). Check in CXone's Adapters app that the account mapping names this org and that a presence rule exists, or import from a file.`,
  });
}

/**
 * Writes a rule to CXone's Presence Sync adapter for a Salesforce org: over the rule CXone holds, or,
 * when it holds none, under the 15-character org ID that NICE's account mapping asks for.
 */
export async function pushSalesforceAdapterRule(client: CxoneClient, orgId: string, rule: AdapterRule): Promise<CxoneResult<PushedAdapterRule>> {
  const existing = await readSalesforceAdapterRule(client, orgId);
  if (!existing.ok && existing.failure.code !== 'PSYNC_CXONE_NO_ADAPTER_RULE') return existing;
  const partnerId = existing.ok ? existing.value.partnerId : orgId.slice(0, 15);
  const written = await client.putAdapterRule(SALESFORCE_PARTNER, partnerId, rule);
  if (!written.ok) return written;
  return success({ partnerId, replaced: existing.ok ? existing.value.rule : null });
}
