import { resolveRule, type AgentContext, type PresenceEvent, type Problem } from '../domain/index.ts';
import type { AgentSnapshot } from './ports.ts';

/** Why an agent is not synced, each with a stable code and what to do. */
export function syncBlockers(snapshot: AgentSnapshot): readonly Problem[] {
  const problems: Problem[] = [];
  if (!snapshot.link) {
    problems.push({
      code: 'PSYNC_AGENT_NOT_LINKED',
      message: 'The CXone agent is not linked to a Salesforce user; link them in Agents (by e-mail, username, federation ID or by hand).',
      details: { agentId: snapshot.agentId },
    });
  }
  problems.push(...snapshot.prerequisiteProblems);
  return problems;
}

/**
 * The domain's `AgentContext` from what the store read for one agent in the ingest transaction.
 *
 * A `reconcile` event re-asserts the state the hub already holds on its side; it is not compared
 * with itself (that would always be "unchanged"), so the held observation on that side is left out
 * and `decide` maps it to the other side like a fresh change.
 */
export function buildAgentContext(snapshot: AgentSnapshot, event?: PresenceEvent): AgentContext {
  const side = event?.observation.side;
  const reassert = event?.origin === 'reconcile';
  const observed = {
    ...(snapshot.observed.cxone && !(reassert && side === 'cxone') ? { cxone: snapshot.observed.cxone } : {}),
    ...(snapshot.observed.salesforce && !(reassert && side === 'salesforce') ? { salesforce: snapshot.observed.salesforce } : {}),
  };
  return {
    now: snapshot.now,
    presenceSyncEnabled: snapshot.switches.presenceSync && snapshot.switches.salesforceAdapter,
    syncBlockers: syncBlockers(snapshot),
    rule: resolveRule(snapshot.rules, { userId: snapshot.agentId, teamId: snapshot.teamId }),
    teamCodes: new Map(snapshot.teamCodes.map((code) => [code.id, code])),
    statuses: new Map(snapshot.statuses.map((s) => [s.id.toLowerCase(), s])),
    allowedStatusIds: snapshot.allowedStatusIds === undefined ? undefined : new Set(snapshot.allowedStatusIds.map((id) => id.toLowerCase())),
    observed,
    history: snapshot.history,
    expectedEchoes: snapshot.expectedEchoes.filter((echo) => echo.expiresAt >= snapshot.now),
    pending: snapshot.pending,
  };
}
