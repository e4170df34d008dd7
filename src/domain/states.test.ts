import { describe, expect, it } from 'vitest';
import { acdSourceKey, acdStateKey, acdTargetKey, AVAILABLE, DEFAULT_UNAVAILABLE, describeAcdState, isWorking, LOGGED_OUT, sameAcdState, unavailable, working, WORKING_STATES } from './acd-state.ts';
import { otherSide } from './presence-event.ts';
import { describePresence, OFFLINE, presenceKey, samePresence, status } from './salesforce-presence.ts';
import { ALL_STATUSES, AVAILABLE_FOR_CHATS, BUSY, LUNCH } from './domain.fixtures.ts';

describe('ACD states', () => {
  it('tells states apart by kind and unavailable code', () => {
    expect([AVAILABLE, LOGGED_OUT, DEFAULT_UNAVAILABLE, unavailable(LUNCH), working('Dialer')].map(acdStateKey)).toEqual([
      'Available',
      'LoggedOut',
      'Unavailable',
      'Unavailable:11',
      'Dialer',
    ]);
    expect(sameAcdState(unavailable(LUNCH), unavailable({ id: '11', name: 'renamed' }))).toBe(true);
    expect(sameAcdState(unavailable(LUNCH), DEFAULT_UNAVAILABLE)).toBe(false);
  });

  it('lets rows match states: a source and a target key equal the state key', () => {
    expect(acdSourceKey({ kind: 'Unavailable', codeId: '11' })).toBe(acdStateKey(unavailable(LUNCH)));
    expect(acdSourceKey({ kind: 'Working', activity: 'InboundConsult' })).toBe('InboundConsult');
    expect(acdTargetKey({ kind: 'Unavailable', codeId: null })).toBe(acdStateKey(DEFAULT_UNAVAILABLE));
    expect(acdTargetKey({ kind: 'LoggedOut' })).toBe('LoggedOut');
  });

  it('describes states for people', () => {
    expect([AVAILABLE, LOGGED_OUT, DEFAULT_UNAVAILABLE, unavailable(LUNCH), working('InboundContact')].map(describeAcdState)).toEqual([
      'Available',
      'Logged out',
      'Unavailable (system default)',
      'Unavailable – Lunch',
      'Working (InboundContact)',
    ]);
    expect(WORKING_STATES.every((w) => isWorking(working(w)))).toBe(true);
    expect(isWorking(AVAILABLE)).toBe(false);
  });
});

describe('Salesforce presence', () => {
  it('compares status ids without regard to case and tells Offline apart', () => {
    expect(samePresence(status(BUSY.id), status(BUSY.id.toUpperCase()))).toBe(true);
    expect(samePresence(status(BUSY.id), OFFLINE)).toBe(false);
    expect(presenceKey(OFFLINE)).toBe('Offline');
  });

  it('describes presence for people, including statuses the org no longer has', () => {
    expect(describePresence(status(AVAILABLE_FOR_CHATS.id), ALL_STATUSES)).toBe('Available for Chats (Online)');
    expect(describePresence(status(BUSY.id), ALL_STATUSES)).toBe('Busy (Busy)');
    expect(describePresence(OFFLINE, ALL_STATUSES)).toBe('Offline');
    expect(describePresence(status('0N5000000000000AAA'), ALL_STATUSES)).toBe('unknown status 0N5000000000000AAA');
  });

  it('knows the other side', () => {
    expect(otherSide('cxone')).toBe('salesforce');
    expect(otherSide('salesforce')).toBe('cxone');
  });
});
