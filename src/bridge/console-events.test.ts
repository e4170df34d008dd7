import { describe, expect, it } from 'vitest';
import { OFFLINE, status } from '../domain/index.ts';
import { loggedOutEvent, originOfStatusChange, statusChangedEvent, type ConsoleIdentity } from './console-events.ts';

const who: ConsoleIdentity = { orgId: '00D000000000001EAA', sfUserId: '005000000000001AAA', agentId: 'agent-1', tabId: 'tab', jti: 'j' };

describe('console reports as domain events', () => {
  it('maps the toolkit reasons to origins; unknown and system reasons count as the console own', () => {
    expect(['OmniManualStatusChange', 'OmniToolkitStatusChange', 'OmniSupervisorStatusChange', 'OmniLoginStatusChange', 'OmniPushTimeout', 'OmniFutureReason'].map(originOfStatusChange)).toEqual([
      'console_manual',
      'console_toolkit',
      'console_supervisor',
      'console_manual',
      'console_manual',
      'console_manual',
    ]);
  });

  it('marks any change that carries a command id as the toolkit applying the hub command', () => {
    const event = statusChangedEvent(who, { type: 'status_changed', seq: 3, statusId: '0N5000000000001', reason: 'OmniLoginStatusChange', at: 1, commandId: 'c1' }, 99);
    expect(event).toEqual({
      agentId: 'agent-1',
      observation: { side: 'salesforce', presence: status('0N5000000000001CAA') },
      at: 99,
      origin: 'console_toolkit',
      hubCommandId: 'c1',
      dedupKey: 'bridge:00D000000000001EAA:005000000000001AAA:tab:3',
    });
  });

  it('turns logouts into Offline, except those that only moved Omni-Channel to another console', () => {
    expect(loggedOutEvent(who, { type: 'logged_out', seq: 4, at: 1, reason: 'OmniSupervisorLogout' }, 5)).toMatchObject({ origin: 'console_supervisor', observation: { presence: OFFLINE } });
    expect(loggedOutEvent(who, { type: 'logged_out', seq: 5, at: 1, reason: 'MaintenanceLogout' }, 5)).toMatchObject({ origin: 'console_manual' });
    expect(loggedOutEvent(who, { type: 'logged_out', seq: 6, at: 1, reason: 'DuplicateLoginInSameBrowser' }, 5)).toBeUndefined();
    expect(loggedOutEvent(who, { type: 'logged_out', seq: 7, at: 1, commandId: 'c2' }, 5)).toMatchObject({ origin: 'console_toolkit', hubCommandId: 'c2' });
  });
});
