import { describe, expect, it } from 'vitest';
import { resolveRule } from './assignment.ts';
import { briefRule } from './domain.fixtures.ts';

describe('which rule applies to an agent (M5.6)', () => {
  const teamRule = briefRule({ id: 'r-team', assignments: { teamIds: ['t1'], userIds: [] } });
  const userRule = briefRule({ id: 'r-user', assignments: { teamIds: [], userIds: ['u1'] } });

  it("gives an agent their team's rule", () => {
    expect(resolveRule([teamRule], { userId: 'u2', teamId: 't1' })).toEqual({ rule: teamRule, via: 'team' });
  });

  it("lets a rule assigned to the user override the team's", () => {
    expect(resolveRule([teamRule, userRule], { userId: 'u1', teamId: 't1' })).toEqual({ rule: userRule, via: 'user' });
  });

  it('gives no rule to an agent whose team and user have none', () => {
    expect(resolveRule([teamRule, userRule], { userId: 'u9', teamId: 't9' })).toBeUndefined();
    expect(resolveRule([teamRule], { userId: 'u9', teamId: null })).toBeUndefined();
  });

  it('resolves the same way whatever the order of the rules, should two claim one team', () => {
    const a = briefRule({ id: 'a', assignments: { teamIds: ['t1'], userIds: [] } });
    const b = briefRule({ id: 'b', assignments: { teamIds: ['t1'], userIds: [] } });
    expect(resolveRule([b, a], { userId: 'u', teamId: 't1' })?.rule.id).toBe('a');
    expect(resolveRule([a, b], { userId: 'u', teamId: 't1' })?.rule.id).toBe('a');
    expect(resolveRule([a, a], { userId: 'u', teamId: 't1' })?.rule.id).toBe('a');
  });
});
