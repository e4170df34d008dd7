import type { PresenceRule } from './rule.ts';

export interface RuleResolution {
  readonly rule: PresenceRule;
  readonly via: 'user' | 'team';
}

/**
 * The rule that applies to an agent: a rule assigned to the user overrides the one assigned to
 * the user's team. Validation keeps each user and team to at most one rule; should two claim one,
 * the rule with the smaller id wins so that every instance resolves the same way.
 */
export function resolveRule(
  rules: readonly PresenceRule[],
  agent: { readonly userId: string; readonly teamId: string | null },
): RuleResolution | undefined {
  const ordered = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byUser = ordered.find((r) => r.assignments.userIds.includes(agent.userId));
  if (byUser) return { rule: byUser, via: 'user' };
  if (agent.teamId === null) return undefined;
  const byTeam = ordered.find((r) => r.assignments.teamIds.includes(agent.teamId as string));
  return byTeam ? { rule: byTeam, via: 'team' } : undefined;
}
