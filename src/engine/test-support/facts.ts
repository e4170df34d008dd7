import { ALL_STATUSES, BREAK, briefRule, codeMap, LUNCH } from '../../domain/domain.fixtures.ts';
import type { AgentFacts } from '../../store/ports.ts';

/** A linked, active, syncable agent on team-a (whose rule is the domain fixtures' brief rule). */
export function facts(overrides: Partial<AgentFacts> = {}): AgentFacts {
  const agentId = overrides.agentId ?? 'agent-1';
  const sfUserId = '005xx0000000001AAA';
  return {
    tenantId: 't1',
    agentId,
    now: 1_000_000,
    switches: { salesforceAdapter: true, presenceSync: true },
    acdUser: { id: agentId, firstName: 'Ada', lastName: 'Agent', email: 'ada@example.com', username: null, federationId: null, teamId: 'team-a', active: true },
    link: { acdUserId: agentId, sfUserId, matchedBy: 'email' },
    sfUser: { id: sfUserId, username: 'ada@example.com', email: 'ada@example.com', federationId: null, name: 'Ada Agent', profileId: null, permissionSetIds: [], active: true },
    rules: [briefRule()],
    teamCodes: codeMap(LUNCH, BREAK),
    statuses: ALL_STATUSES,
    allowedStatusIds: undefined,
    observed: {},
    history: [],
    expectedEchoes: [],
    pending: {},
    ...overrides,
  };
}
