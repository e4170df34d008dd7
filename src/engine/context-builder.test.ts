import { describe, expect, it } from 'vitest';
import { AVAILABLE, decide, type PresenceEvent } from '../domain/index.ts';
import { AVAILABLE_FOR_CHATS, BUSY, briefRule, LUNCH, sfStatus } from '../domain/domain.fixtures.ts';
import { buildAgentContext } from './context-builder.ts';
import { snapshot } from './test-support/snapshot.ts';

const cxEvent = (origin: PresenceEvent['origin'] = 'cxone_feed'): PresenceEvent => ({ agentId: 'agent-1', observation: { side: 'cxone', state: AVAILABLE }, at: 900_000, origin });

describe('buildAgentContext', () => {
  it('resolves the team rule and indexes codes and statuses', () => {
    const ctx = buildAgentContext(snapshot());
    expect(ctx.rule).toMatchObject({ rule: { id: 'rule-1' }, via: 'team' });
    expect(ctx.teamCodes.get(LUNCH.id)).toEqual(LUNCH);
    expect(ctx.statuses.get(BUSY.id.toLowerCase())).toEqual(BUSY);
    expect(ctx.presenceSyncEnabled).toBe(true);
    expect(ctx.syncBlockers).toEqual([]);
    expect(ctx.allowedStatusIds).toBeUndefined();
  });

  it('lets a rule assigned to the user override the team rule', () => {
    const mine = briefRule({ id: 'rule-9', assignments: { teamIds: [], userIds: ['agent-1'] } });
    expect(buildAgentContext(snapshot({ rules: [briefRule(), mine] })).rule).toMatchObject({ rule: { id: 'rule-9' }, via: 'user' });
    expect(buildAgentContext(snapshot({ teamId: null })).rule).toBeUndefined();
  });

  it('blocks an unlinked agent and one with failing prerequisites, naming why', () => {
    const problem = { code: 'PSYNC_SF_NO_PERMISSION_SET', message: 'Assign the permission set.' };
    const ctx = buildAgentContext(snapshot({ link: undefined, prerequisiteProblems: [problem] }));
    expect(ctx.syncBlockers.map((p) => p.code)).toEqual(['PSYNC_AGENT_NOT_LINKED', 'PSYNC_SF_NO_PERMISSION_SET']);
    expect(decide(cxEvent(), ctx)).toMatchObject({ outcome: 'noop', reason: 'agent_not_syncable' });
  });

  it('needs both tenant switches for presence sync', () => {
    expect(buildAgentContext(snapshot({ switches: { salesforceAdapter: false, presenceSync: true } })).presenceSyncEnabled).toBe(false);
    expect(buildAgentContext(snapshot({ switches: { salesforceAdapter: true, presenceSync: false } })).presenceSyncEnabled).toBe(false);
  });

  it('lower-cases allowed status ids and drops expired echoes', () => {
    const ctx = buildAgentContext(
      snapshot({
        allowedStatusIds: [BUSY.id],
        expectedEchoes: [
          { side: 'cxone', stateKey: 'Available', expiresAt: 999_999 },
          { side: 'salesforce', stateKey: 'Offline', expiresAt: 1_000_000 },
        ],
      }),
    );
    expect([...ctx.allowedStatusIds!]).toEqual([BUSY.id.toLowerCase()]);
    expect(ctx.expectedEchoes).toEqual([{ side: 'salesforce', stateKey: 'Offline', expiresAt: 1_000_000 }]);
  });

  it('leaves the held state out on the side a reconcile event re-asserts, so it maps to the other side', () => {
    const observed = {
      cxone: { value: AVAILABLE, at: 900_000, origin: 'cxone_feed' as const },
      salesforce: { value: sfStatus(BUSY), at: 800_000, origin: 'console_manual' as const },
    };
    const plain = buildAgentContext(snapshot({ observed }), cxEvent());
    expect(decide(cxEvent(), plain)).toMatchObject({ outcome: 'noop', reason: 'unchanged' });
    const reconcile = buildAgentContext(snapshot({ observed }), cxEvent('reconcile'));
    expect(reconcile.observed.cxone).toBeUndefined();
    expect(reconcile.observed.salesforce).toEqual(observed.salesforce);
    expect(decide(cxEvent('reconcile'), reconcile)).toMatchObject({ outcome: 'write', write: { side: 'salesforce', presence: sfStatus(AVAILABLE_FOR_CHATS) } });
  });
});
