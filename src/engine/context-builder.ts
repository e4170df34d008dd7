import { resolveRule, type AgentContext, type PresenceEvent, type Problem } from '../domain/index.ts';
import type { AgentFacts } from '../store/ports.ts';

export interface ContextBuilderOptions {
  /**
   * The failing M1.2 prerequisites (permission set, package licence, Lightning) of a Salesforce
   * user from the last check, looked up synchronously inside the ingest transaction.
   */
  readonly prerequisiteProblems?: (tenantId: string, sfUserId: string) => readonly Problem[];
}

export type ContextBuilder = (facts: AgentFacts, event?: PresenceEvent) => AgentContext;

/** Why an agent is not synced, each with a stable code and what to do. */
export function syncBlockers(facts: Pick<AgentFacts, 'tenantId' | 'agentId' | 'acdUser' | 'link' | 'sfUser'>, options: ContextBuilderOptions = {}): readonly Problem[] {
  const problems: Problem[] = [];
  const details = { agentId: facts.agentId };
  if (!facts.acdUser) {
    problems.push({ code: 'PSYNC_AGENT_UNKNOWN', message: 'The hub does not know this CXone user; refresh the CXone users of the account mapping.', details });
  } else if (!facts.acdUser.active) {
    problems.push({ code: 'PSYNC_AGENT_INACTIVE', message: 'The CXone user is inactive; activate the user in CXone or remove the link.', details });
  }
  if (!facts.link) {
    problems.push({ code: 'PSYNC_AGENT_NOT_LINKED', message: 'The CXone agent is not linked to a Salesforce user; link them in Agents (by e-mail, username, federation ID or by hand).', details });
    return problems;
  }
  const sfDetails = { ...details, salesforceUserId: facts.link.sfUserId };
  if (!facts.sfUser) {
    problems.push({ code: 'PSYNC_SF_USER_UNKNOWN', message: 'The linked Salesforce user is not in the hub’s copy of the org; refresh the Salesforce users.', details: sfDetails });
  } else if (!facts.sfUser.active) {
    problems.push({ code: 'PSYNC_SF_USER_INACTIVE', message: `The Salesforce user ${facts.sfUser.username} is inactive; activate the user in Setup → Users.`, details: sfDetails });
  }
  problems.push(...(options.prerequisiteProblems?.(facts.tenantId, facts.link.sfUserId) ?? []));
  return problems;
}

/** The domain's `AgentContext` from what the store read for one agent in the ingest transaction. */
export function createContextBuilder(options: ContextBuilderOptions = {}): ContextBuilder {
  return (facts) => {
    return {
      now: facts.now,
      presenceSyncEnabled: facts.switches.presenceSync && facts.switches.salesforceAdapter,
      syncBlockers: syncBlockers(facts, options),
      rule: resolveRule(facts.rules, { userId: facts.agentId, teamId: facts.acdUser?.teamId ?? null }),
      teamCodes: facts.teamCodes,
      statuses: facts.statuses,
      allowedStatusIds: facts.allowedStatusIds,
      observed: facts.observed,
      history: facts.history,
      expectedEchoes: facts.expectedEchoes.filter((echo) => echo.expiresAt >= facts.now),
      pending: facts.pending,
      ...(facts.pendingStateKeys ? { pendingStateKeys: facts.pendingStateKeys } : {}),
    };
  };
}
