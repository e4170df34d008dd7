import { describe, expect, it } from 'vitest';
import { AVAILABLE, LOGGED_OUT, OFFLINE, unavailable, type AcdState, type Origin, type SalesforcePresence } from '../domain/index.ts';
import { AVAILABLE_FOR_CHATS, BUSY, IN_MEETING, LUNCH, ON_BREAK, briefRule, sfStatus } from '../domain/domain.fixtures.ts';
import { divergence } from './divergence.ts';

const rule = briefRule();
const cx = (value: AcdState, at = 100) => ({ value, at, origin: 'cxone_feed' as Origin });
const sf = (value: SalesforcePresence, at = 50, origin: Origin = 'console_manual') => ({ value, at, origin });

describe('divergence', () => {
  it('is unknown until both sides were observed, or while the console is closed', () => {
    expect(divergence(rule, undefined, sf(sfStatus(BUSY)), [])).toEqual({ kind: 'unknown' });
    expect(divergence(rule, cx(AVAILABLE), undefined, [])).toEqual({ kind: 'unknown' });
    expect(divergence(rule, cx(AVAILABLE), sf(OFFLINE, 50, 'console_closed'), [])).toEqual({ kind: 'unknown' });
  });

  it('is in sync under the publisher or the subscriber mapping, or when no row speaks', () => {
    expect(divergence(rule, cx(AVAILABLE), sf(sfStatus(AVAILABLE_FOR_CHATS)), [])).toEqual({ kind: 'in_sync' });
    expect(divergence(rule, cx(unavailable({ id: '12', name: 'Break' })), sf(sfStatus(ON_BREAK)), [])).toEqual({ kind: 'in_sync' });
    expect(divergence(rule, cx(LOGGED_OUT), sf(sfStatus(IN_MEETING)), [])).toEqual({ kind: 'in_sync' });
  });

  it('reads PREVIOUS as the state the hub last put the agent in', () => {
    const history = [{ state: unavailable(LUNCH), at: 10, byHub: false }, { state: AVAILABLE, at: 20, byHub: true }];
    expect(divergence(briefRule({ publisher: [] }), cx(AVAILABLE), sf(sfStatus(AVAILABLE_FOR_CHATS)), history)).toEqual({ kind: 'in_sync' });
    expect(divergence(briefRule({ publisher: [] }), cx(AVAILABLE), sf(sfStatus(AVAILABLE_FOR_CHATS)), [])).toEqual({ kind: 'diverged', reassert: 'salesforce' });
  });

  it('re-asserts the side observed last', () => {
    expect(divergence(rule, cx(AVAILABLE, 100), sf(sfStatus(BUSY), 50), [])).toEqual({ kind: 'diverged', reassert: 'cxone' });
    expect(divergence(rule, cx(AVAILABLE, 100), sf(sfStatus(BUSY), 150), [])).toEqual({ kind: 'diverged', reassert: 'salesforce' });
  });

  it('re-asserts the other side when the newest has no row', () => {
    expect(divergence(rule, cx(LOGGED_OUT, 100), sf(sfStatus(BUSY), 50), [])).toEqual({ kind: 'diverged', reassert: 'salesforce' });
    expect(divergence(rule, cx(AVAILABLE, 10), sf(sfStatus(IN_MEETING), 50), [])).toEqual({ kind: 'diverged', reassert: 'cxone' });
  });
});
