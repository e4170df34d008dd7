import type { UnavailableCode } from './acd-state.ts';
import type { AgentContext } from './decide.ts';
import type { PresenceRule } from './rule.ts';
import type { CatalogTeam, CatalogUser, RuleCatalog } from './rule-validation.ts';
import type { SalesforceStatus } from './salesforce-presence.ts';

export const LUNCH: UnavailableCode = { id: '11', name: 'Lunch' };
export const BREAK: UnavailableCode = { id: '12', name: 'Break' };
export const SF_WORK: UnavailableCode = { id: '13', name: 'SF Work' };

const mk = (id: string, label: string, availability: 'online' | 'busy'): SalesforceStatus => ({
  id,
  label,
  developerName: label.replace(/ /g, '_'),
  availability,
  channels: availability === 'online' ? ['sfdc_phone'] : [],
});
export const AVAILABLE_FOR_CHATS = mk('0N5xx0000000001AAA', 'Available for Chats', 'online');
export const BUSY = mk('0N5xx0000000002AAA', 'Busy', 'busy');
export const ON_BREAK = mk('0N5xx0000000003AAA', 'On Break', 'busy');
export const IN_MEETING = mk('0N5xx0000000004AAA', 'In Meeting', 'busy');
export const ON_CALL = mk('0N5xx0000000005AAA', 'On Call', 'busy');

export const statusMap = (...statuses: SalesforceStatus[]) => new Map(statuses.map((s) => [s.id.toLowerCase(), s]));
export const ALL_STATUSES = statusMap(AVAILABLE_FOR_CHATS, BUSY, ON_BREAK, IN_MEETING, ON_CALL);
export const codeMap = (...codes: UnavailableCode[]) => new Map(codes.map((c) => [c.id, c]));

export const sfStatus = (s: SalesforceStatus) => ({ kind: 'Status' as const, statusId: s.id });

/** A bidirectional rule like the brief's example, with a `PREVIOUS` row. */
export function briefRule(overrides: Partial<PresenceRule> = {}): PresenceRule {
  return {
    id: 'rule-1',
    name: 'Voice agents',
    version: 3,
    skipUnavailableCodeValidation: false,
    publisher: [
      { acd: { kind: 'Available' }, salesforce: sfStatus(AVAILABLE_FOR_CHATS) },
      { acd: { kind: 'Unavailable', codeId: LUNCH.id }, salesforce: sfStatus(BUSY) },
      { acd: { kind: 'Working', activity: 'InboundContact' }, salesforce: sfStatus(ON_CALL) },
    ],
    subscriber: [
      { salesforce: sfStatus(BUSY), acd: { kind: 'Unavailable', codeId: LUNCH.id } },
      { salesforce: sfStatus(ON_BREAK), acd: { kind: 'Unavailable', codeId: BREAK.id } },
      { salesforce: sfStatus(AVAILABLE_FOR_CHATS), acd: { kind: 'PREVIOUS' } },
    ],
    assignments: { teamIds: ['team-a'], userIds: [] },
    ...overrides,
  };
}

export function context(overrides: Partial<AgentContext> = {}): AgentContext {
  const rule = briefRule();
  return {
    now: 1_000_000,
    presenceSyncEnabled: true,
    syncBlockers: [],
    rule: { rule, via: 'team' },
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

export const TEAM_A: CatalogTeam = { id: 'team-a', name: 'Team A', codeIds: new Set([LUNCH.id, BREAK.id]) };
export const TEAM_B: CatalogTeam = { id: 'team-b', name: 'Team B', codeIds: new Set([LUNCH.id]) };
export const ALICE: CatalogUser = { id: 'u-alice', name: 'Alice', teamId: 'team-a' };
export const BOB: CatalogUser = { id: 'u-bob', name: 'Bob', teamId: 'team-b' };

export function catalog(overrides: Partial<RuleCatalog> = {}): RuleCatalog {
  return {
    statuses: ALL_STATUSES,
    codes: codeMap(LUNCH, BREAK, SF_WORK),
    teams: new Map([TEAM_A, TEAM_B].map((t) => [t.id, t])),
    users: new Map([ALICE, BOB].map((u) => [u.id, u])),
    ...overrides,
  };
}
