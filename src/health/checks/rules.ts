import type { PresenceRule, SalesforcePresence } from '../../domain/index.ts';
import { codesUsedByRule } from '../../domain/index.ts';
import { finding, type Check } from '../facts.ts';

const statusIdsOf = (rule: PresenceRule): string[] => {
  const ids = (presence: SalesforcePresence) => (presence.kind === 'Status' ? [presence.statusId] : []);
  return [...rule.publisher.flatMap((row) => ids(row.salesforce)), ...rule.subscriber.flatMap((row) => ids(row.salesforce))];
};

const listed = (items: readonly string[]): string => (items.length > 5 ? `${items.slice(0, 5).join(', ')} … (+${items.length - 5})` : items.join(', '));

/** Rules that map a presence status the org no longer has (deleted in Setup, or another org). */
export const ruleStatusMissing: Check = (facts) => {
  // Until the org has been read the hub knows no status at all: that is not a missing one.
  if (facts.statusIds.size === 0) return undefined;
  const missing = new Set<string>();
  const rules = facts.rules.filter((rule) => {
    const gone = statusIdsOf(rule).filter((id) => !facts.statusIds.has(id.toLowerCase()));
    for (const id of gone) missing.add(id);
    return gone.length > 0;
  });
  if (rules.length === 0) return undefined;
  return finding('PSYNC_HEALTH_RULE_STATUS_MISSING', { ruleCount: rules.length, missing: listed([...missing].sort()) }, { rules: rules.map((r) => ({ id: r.id, name: r.name })) });
};

/** Rules that use an unavailable code that is deleted or inactive in CXone. */
export const ruleCodeMissing: Check = (facts) => {
  if (facts.codes.size === 0) return undefined;
  const missing = new Set<string>();
  const rules = facts.rules.filter((rule) => {
    const gone = [...codesUsedByRule(rule)].filter((id) => facts.codes.get(id)?.active !== true);
    for (const id of gone) missing.add(facts.codes.get(id)?.name ?? id);
    return gone.length > 0;
  });
  if (rules.length === 0) return undefined;
  return finding('PSYNC_HEALTH_RULE_CODE_MISSING', { ruleCount: rules.length, missing: listed([...missing].sort()) }, { rules: rules.map((r) => ({ id: r.id, name: r.name })) });
};
