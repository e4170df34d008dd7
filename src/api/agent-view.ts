import { describeAcdState, describePresence, resolveRule, type AgentContext, type Problem, type SalesforceStatus } from '../domain/index.ts';
import { syncBlockers } from '../engine/index.ts';
import type { AcdUser, AgentLink, AuditEntry, FeatureSwitches, SalesforceUser, Store } from '../store/index.ts';

export const nameOf = (user: AcdUser | undefined, fallback: string): string => (user ? `${user.firstName} ${user.lastName}`.trim() || fallback : fallback);

export function observedView(observed: AgentContext['observed'], statuses: ReadonlyMap<string, SalesforceStatus>) {
  return {
    cxone: observed.cxone ? { ...observed.cxone, label: describeAcdState(observed.cxone.value) } : null,
    salesforce: observed.salesforce ? { ...observed.salesforce, label: describePresence(observed.salesforce.value, statuses) } : null,
  };
}

/** Why an agent is not synced, as the engine would say it (prerequisite problems from the last org check when given). */
export function agentProblems(
  tenantId: string,
  agentId: string,
  switches: FeatureSwitches,
  acdUser: AcdUser | undefined,
  link: AgentLink | undefined,
  sfUser: SalesforceUser | undefined,
  prerequisiteProblems?: (tenantId: string, sfUserId: string) => readonly Problem[],
): Problem[] {
  const problems: Problem[] = [];
  if (!switches.salesforceAdapter || !switches.presenceSync) {
    problems.push({ code: 'PSYNC_PRESENCE_SYNC_OFF', message: 'Salesforce Presence Sync is off for this tenant; switch the adapter and Presence Sync on under Adapters.' });
  }
  const blockers = syncBlockers({ tenantId, agentId, acdUser, link, sfUser }, prerequisiteProblems ? { prerequisiteProblems } : {});
  return [...problems, ...blockers];
}

export async function lastDecision(store: Store, tenantId: string, agentId: string): Promise<AuditEntry | null> {
  return (await store.audit.query({ tenantId, agentId, kind: 'decision', limit: 1 })).entries[0] ?? null;
}

export { resolveRule };
