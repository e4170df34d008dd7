import { agentRefs, finding, type Check } from '../facts.ts';

/** Linked agents whose Salesforce user fails an M1.2 prerequisite: they are not synced. */
export const agentPrerequisites: Check = (facts) => {
  if (facts.failingPrerequisites.length === 0) return undefined;
  const agents = agentRefs(facts, facts.failingPrerequisites);
  return finding('PSYNC_HEALTH_AGENT_PREREQUISITES', { agentCount: agents.length }, { agents });
};

const lastingAtLeast = (since: ReadonlyMap<string, number>, now: number, ms: number): string[] => [...since].filter(([, at]) => now - at >= ms).map(([agentId]) => agentId);

/** Agents logged in to CXone for a long time without their console connecting: the component is missing. */
export const consoleMissing: Check = (facts, thresholds) => {
  const ids = lastingAtLeast(facts.withoutConsoleSince, facts.now, thresholds.consoleMissingMs);
  if (ids.length === 0) return undefined;
  const hours = Math.round((thresholds.consoleMissingMs / 3_600_000) * 100) / 100;
  return finding('PSYNC_HEALTH_CONSOLE_MISSING', { agentCount: ids.length, hours }, { agents: agentRefs(facts, ids) });
};

/** Agents that reconciliation keeps finding out of sync. */
export const divergenceSustained: Check = (facts, thresholds) => {
  const ids = lastingAtLeast(facts.divergedSince, facts.now, thresholds.divergenceMs);
  if (ids.length === 0) return undefined;
  return finding('PSYNC_HEALTH_DIVERGENCE_SUSTAINED', { agentCount: ids.length, minutes: Math.round(thresholds.divergenceMs / 60_000) }, { agents: agentRefs(facts, ids) });
};
