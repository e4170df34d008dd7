import { ALL_STATUSES, BREAK, briefRule, LUNCH } from '../../domain/domain.fixtures.ts';
import type { AgentSnapshot } from '../ports.ts';

/** A linked, syncable agent on team-a (whose rule is the domain fixtures' brief rule). */
export function snapshot(overrides: Partial<AgentSnapshot> = {}): AgentSnapshot {
  return {
    tenantId: 't1',
    agentId: 'agent-1',
    now: 1_000_000,
    switches: { salesforceAdapter: true, presenceSync: true },
    link: { sfUserId: '005xx0000000001AAA' },
    prerequisiteProblems: [],
    teamId: 'team-a',
    teamCodes: [LUNCH, BREAK],
    rules: [briefRule()],
    statuses: [...ALL_STATUSES.values()],
    allowedStatusIds: undefined,
    observed: {},
    history: [],
    expectedEchoes: [],
    pending: {},
    ...overrides,
  };
}
