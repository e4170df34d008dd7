import { resolveRule, type AgentContext, type PresenceRule, type SalesforceStatus } from '../../domain/index.ts';
import type { AgentFacts, PresenceRuleInput, Store } from '../ports.ts';

export const LUNCH = { id: '11', name: 'Lunch' };
const status = (id: string, label: string, availability: 'online' | 'busy'): SalesforceStatus => ({ id, label, developerName: label.replace(/ /g, '_'), availability, channels: availability === 'online' ? ['sfdc_phone'] : [] });
export const AVAILABLE_FOR_CHATS = status('0N5xx0000000001AAA', 'Available for Chats', 'online');
export const BUSY = status('0N5xx0000000002AAA', 'Busy', 'busy');
export const sf = (s: SalesforceStatus) => ({ kind: 'Status' as const, statusId: s.id });

export const RULE: PresenceRuleInput = {
  id: 'rule-1',
  name: 'Voice agents',
  skipUnavailableCodeValidation: false,
  publisher: [
    { acd: { kind: 'Available' }, salesforce: sf(AVAILABLE_FOR_CHATS) },
    { acd: { kind: 'Unavailable', codeId: LUNCH.id }, salesforce: sf(BUSY) },
  ],
  subscriber: [
    { salesforce: sf(AVAILABLE_FOR_CHATS), acd: { kind: 'Available' } },
    { salesforce: sf(BUSY), acd: { kind: 'Unavailable', codeId: LUNCH.id } },
  ],
};

/** A tenant with both switches on, one team, one agent (a1) linked to a Salesforce user, and RULE on the team. */
export async function seedTenant(store: Store, tenantId = 't1'): Promise<PresenceRule> {
  await store.tenants.upsert({ id: tenantId, name: `Tenant ${tenantId}` });
  await store.tenants.setSwitches(tenantId, { salesforceAdapter: true, presenceSync: true });
  await store.cxone.replaceSnapshot(tenantId, {
    users: [{ id: 'a1', firstName: 'Ada', lastName: 'L', email: 'ada@x.test', username: 'ada', federationId: null, teamId: 'team-1', active: true }],
    teams: [{ id: 'team-1', name: 'Voice', active: true }],
    codes: [{ ...LUNCH, active: true }],
    teamCodes: [{ teamId: 'team-1', codeId: LUNCH.id }],
  });
  await store.salesforce.replaceSnapshot(tenantId, {
    users: [{ id: '005xx0000000001AAA', username: 'ada@sf', email: 'ada@x.test', federationId: null, name: 'Ada', profileId: '00exx', permissionSetIds: [], active: true }],
    statuses: [AVAILABLE_FOR_CHATS, BUSY],
  });
  await store.links.set(tenantId, { acdUserId: 'a1', sfUserId: '005xx0000000001AAA', matchedBy: 'email' });
  await store.rules.save(tenantId, RULE);
  return store.rules.assign(tenantId, RULE.id, { teamIds: ['team-1'], userIds: [] });
}

/** What the engine's context builder does, minimally: resolve the rule, block unlinked agents. */
export function buildContext(facts: AgentFacts): AgentContext {
  return {
    now: facts.now,
    presenceSyncEnabled: facts.switches.presenceSync,
    syncBlockers: facts.link ? [] : [{ code: 'PSYNC_AGENT_NOT_LINKED', message: 'The agent has no Salesforce user.' }],
    rule: facts.acdUser ? resolveRule(facts.rules, { userId: facts.acdUser.id, teamId: facts.acdUser.teamId }) : undefined,
    teamCodes: facts.teamCodes,
    statuses: facts.statuses,
    allowedStatusIds: facts.allowedStatusIds,
    observed: facts.observed,
    history: facts.history,
    expectedEchoes: facts.expectedEchoes,
    pending: facts.pending,
  };
}
