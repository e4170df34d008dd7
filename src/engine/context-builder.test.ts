import { describe, expect, it } from 'vitest';
import { AVAILABLE, decide, type PresenceEvent } from '../domain/index.ts';
import { AVAILABLE_FOR_CHATS, BUSY, briefRule, LUNCH, sfStatus } from '../domain/domain.fixtures.ts';
import { createContextBuilder } from './context-builder.ts';
import { facts } from './test-support/facts.ts';

const build = createContextBuilder();
const cxEvent = (origin: PresenceEvent['origin'] = 'cxone_feed'): PresenceEvent => ({ agentId: 'agent-1', observation: { side: 'cxone', state: AVAILABLE }, at: 900_000, origin });
const codes = (f: Parameters<typeof build>[0], options = {}) => createContextBuilder(options)(f).syncBlockers.map((p) => p.code);

describe('createContextBuilder', () => {
  it('resolves the team rule and passes codes and statuses through', () => {
    const ctx = build(facts());
    expect(ctx.rule).toMatchObject({ rule: { id: 'rule-1' }, via: 'team' });
    expect(ctx.teamCodes.get(LUNCH.id)).toEqual(LUNCH);
    expect(ctx.statuses.get(BUSY.id.toLowerCase())).toEqual(BUSY);
    expect(ctx.presenceSyncEnabled).toBe(true);
    expect(ctx.syncBlockers).toEqual([]);
  });

  it('lets a rule assigned to the user override the team rule; no team, no team rule', () => {
    const mine = briefRule({ id: 'rule-9', assignments: { teamIds: [], userIds: ['agent-1'] } });
    expect(build(facts({ rules: [briefRule(), mine] })).rule).toMatchObject({ rule: { id: 'rule-9' }, via: 'user' });
    expect(build(facts({ acdUser: undefined })).rule).toBeUndefined();
  });

  it('blocks an agent that is unknown, inactive, unlinked, or whose Salesforce user is missing or inactive', () => {
    const f = facts();
    expect(codes(facts({ acdUser: undefined }))).toEqual(['PSYNC_AGENT_UNKNOWN']);
    expect(codes(facts({ acdUser: { ...f.acdUser!, active: false } }))).toEqual(['PSYNC_AGENT_INACTIVE']);
    expect(codes(facts({ link: undefined }))).toEqual(['PSYNC_AGENT_NOT_LINKED']);
    expect(codes(facts({ sfUser: undefined }))).toEqual(['PSYNC_SF_USER_UNKNOWN']);
    expect(codes(facts({ sfUser: { ...f.sfUser!, active: false } }))).toEqual(['PSYNC_SF_USER_INACTIVE']);
  });

  it('adds the failing prerequisites of the linked user, and decide says why the agent is not synced', () => {
    const problem = { code: 'PSYNC_PREREQ_NO_PERMISSION_SET', message: 'Assign the agent permission set.' };
    const seen: string[] = [];
    const lookup = (tenantId: string, sfUserId: string) => {
      seen.push(`${tenantId}/${sfUserId}`);
      return [problem];
    };
    expect(codes(facts(), { prerequisiteProblems: lookup })).toEqual(['PSYNC_PREREQ_NO_PERMISSION_SET']);
    expect(seen).toEqual(['t1/005xx0000000001AAA']);
    const ctx = createContextBuilder({ prerequisiteProblems: lookup })(facts());
    expect(decide(cxEvent(), ctx)).toMatchObject({ outcome: 'noop', reason: 'agent_not_syncable', blockers: [problem] });
  });

  it('needs both tenant switches for presence sync', () => {
    expect(build(facts({ switches: { salesforceAdapter: false, presenceSync: true } })).presenceSyncEnabled).toBe(false);
    expect(build(facts({ switches: { salesforceAdapter: true, presenceSync: false } })).presenceSyncEnabled).toBe(false);
  });

  it('drops expired echoes', () => {
    const ctx = build(
      facts({
        expectedEchoes: [
          { side: 'cxone', stateKey: 'Available', expiresAt: 999_999 },
          { side: 'salesforce', stateKey: 'Offline', expiresAt: 1_000_000 },
        ],
      }),
    );
    expect(ctx.expectedEchoes).toEqual([{ side: 'salesforce', stateKey: 'Offline', expiresAt: 1_000_000 }]);
  });

  it('keeps what the hub holds on both sides, so a reconcile event maps the held state to the other side', () => {
    const observed = {
      cxone: { value: AVAILABLE, at: 900_000, origin: 'cxone_feed' as const },
      salesforce: { value: sfStatus(BUSY), at: 800_000, origin: 'console_manual' as const },
    };
    const context = build(facts({ observed }), cxEvent('reconcile'));
    expect(context.observed).toEqual(observed);
    expect(decide(cxEvent(), context)).toMatchObject({ outcome: 'noop', reason: 'unchanged' });
    expect(decide(cxEvent('reconcile'), context)).toMatchObject({ outcome: 'write', write: { side: 'salesforce', presence: sfStatus(AVAILABLE_FOR_CHATS) } });
  });
});
