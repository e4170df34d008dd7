import { describe, expect, it } from 'vitest';
import { AVAILABLE, decide, status, type PresenceEvent } from '../domain/index.ts';
import { AVAILABLE_FOR_CHATS, BUSY, context } from '../domain/domain.fixtures.ts';
import { decideWithObsoleteIntents } from './decide-policy.ts';

const sf = (statusId: string, at: number): PresenceEvent => ({ agentId: 'a', observation: { side: 'salesforce', presence: status(statusId) }, at, origin: 'console_manual' });
const noPrevious = context().rule!.rule;
const rule = { rule: { ...noPrevious, subscriber: [...noPrevious.subscriber.slice(0, 2), { salesforce: status(AVAILABLE_FOR_CHATS.id), acd: { kind: 'Available' as const } }] }, via: 'team' as const };
const observed = { cxone: { value: AVAILABLE, at: 100, origin: 'cxone_feed' as const }, salesforce: { value: status(BUSY.id), at: 200, origin: 'console_manual' as const } };

describe('decideWithObsoleteIntents', () => {
  it('supersedes an older pending intent towards the other side when that side already shows the new mapping', () => {
    const ctx = context({ rule, observed, pending: { cxone: 200 } });
    expect(decide(sf(AVAILABLE_FOR_CHATS.id, 300), ctx)).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
    expect(decide(sf(AVAILABLE_FOR_CHATS.id, 300), ctx).supersedes).toBeUndefined();
    const decision = decideWithObsoleteIntents(sf(AVAILABLE_FOR_CHATS.id, 300), ctx);
    expect(decision).toMatchObject({ outcome: 'noop', reason: 'already_in_sync', supersedes: 'cxone' });
    expect(decision.explanation).toContain('superseded');
  });

  it('leaves every other decision as the domain made it', () => {
    const newer = context({ rule, observed, pending: { cxone: 400 } });
    expect(decideWithObsoleteIntents(sf(AVAILABLE_FOR_CHATS.id, 300), newer)).toEqual(decide(sf(AVAILABLE_FOR_CHATS.id, 300), newer));
    const none = context({ rule, observed });
    expect(decideWithObsoleteIntents(sf(AVAILABLE_FOR_CHATS.id, 300), none)).toEqual(decide(sf(AVAILABLE_FOR_CHATS.id, 300), none));
    const write = context({ rule, observed, pending: { cxone: 200 } });
    expect(decideWithObsoleteIntents(sf(BUSY.id, 300), write)).toEqual(decide(sf(BUSY.id, 300), write));
  });
});
