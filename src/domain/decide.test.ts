import { describe, expect, it } from 'vitest';
import { AVAILABLE, DEFAULT_UNAVAILABLE, LOGGED_OUT, unavailable, working, type AcdState } from './acd-state.ts';
import { decide, type AgentContext } from './decide.ts';
import type { Origin, PresenceEvent } from './presence-event.ts';
import { OFFLINE, type SalesforcePresence } from './salesforce-presence.ts';
import { AVAILABLE_FOR_CHATS, BREAK, BUSY, briefRule, context, IN_MEETING, LUNCH, ON_BREAK, ON_CALL, sfStatus } from './domain.fixtures.ts';

const cx = (state: AcdState, at = 2000, origin: Origin = 'cxone_feed'): PresenceEvent => ({ agentId: 'a1', observation: { side: 'cxone', state }, at, origin });
const sf = (presence: SalesforcePresence, at = 2000, origin: Origin = 'console_manual', hubCommandId?: string): PresenceEvent => ({
  agentId: 'a1',
  observation: { side: 'salesforce', presence },
  at,
  origin,
  ...(hubCommandId ? { hubCommandId } : {}),
});
const held = <T>(value: T, at = 1000, origin: Origin = 'cxone_feed') => ({ value, at, origin });
const withObserved = (observed: AgentContext['observed'], more: Partial<AgentContext> = {}) => context({ observed, ...more });

describe('decide(): order and echoes (M6.3)', () => {
  it('ignores an event older than the state the hub holds, and does not record it', () => {
    const d = decide(cx(AVAILABLE, 500), withObserved({ cxone: held(unavailable(LUNCH), 1000) }));
    expect(d).toMatchObject({ outcome: 'stale', reason: 'stale', observe: false });
    expect(d.write).toBeUndefined();
  });

  it("recognises the hub's own Salesforce write coming back and decides nothing", () => {
    const echo = { side: 'salesforce' as const, stateKey: `status:${AVAILABLE_FOR_CHATS.id.toLowerCase()}`, expiresAt: 5_000_000 };
    const d = decide(sf(sfStatus(AVAILABLE_FOR_CHATS)), context({ expectedEchoes: [echo] }));
    expect(d).toMatchObject({ outcome: 'echo', observe: true, echo });
    expect(d.write).toBeUndefined();
  });

  it('recognises an echo by the command id the console reports, and records CXone echoes as set by the hub', () => {
    const echo = { side: 'cxone' as const, stateKey: 'Available', expiresAt: 5_000_000, commandId: 'cmd-1' };
    const d = decide(cx(AVAILABLE), context({ expectedEchoes: [echo], history: [{ state: unavailable(LUNCH), at: 1, byHub: false }] }));
    expect(d.outcome).toBe('echo');
    expect(d.history?.at(-1)).toEqual({ state: AVAILABLE, at: 2000, byHub: true });
    const byId = decide(sf(sfStatus(BUSY), 2000, 'console_toolkit', 'cmd-2'), context({ expectedEchoes: [{ side: 'salesforce', stateKey: 'x', expiresAt: 5_000_000, commandId: 'cmd-2' }] }));
    expect(byId.outcome).toBe('echo');
  });

  it('does not take an expired expectation, or one for the other side, as an echo', () => {
    const expired = { side: 'salesforce' as const, stateKey: `status:${BUSY.id.toLowerCase()}`, expiresAt: 10 };
    expect(decide(sf(sfStatus(BUSY)), context({ expectedEchoes: [expired] })).outcome).toBe('write');
    const otherSide = { side: 'cxone' as const, stateKey: `status:${BUSY.id.toLowerCase()}`, expiresAt: 5_000_000 };
    expect(decide(sf(sfStatus(BUSY)), context({ expectedEchoes: [otherSide] })).outcome).toBe('write');
  });

  it('records a repeat of the held state as unchanged', () => {
    const d = decide(cx(AVAILABLE), withObserved({ cxone: held(AVAILABLE) }));
    expect(d).toMatchObject({ outcome: 'noop', reason: 'unchanged', observe: true });
  });

  it('makes an older pending write towards the other side obsolete when a newer change writes nothing', () => {
    // Busy asked CXone for Lunch; before that was applied the agent picked Available for Chats, which CXone already matches.
    const history = [{ state: AVAILABLE, at: 1, byHub: false }];
    const ctx = withObserved({ cxone: held(AVAILABLE), salesforce: held(sfStatus(BUSY)) }, { history, pending: { cxone: 1500 } });
    const d = decide(sf(sfStatus(AVAILABLE_FOR_CHATS), 2000), ctx);
    expect(d).toMatchObject({ outcome: 'noop', supersedes: 'cxone' });
    // A change that writes replaces the pending intent itself, and one older than it leaves it alone.
    expect(decide(sf(sfStatus(ON_BREAK), 2000), ctx).supersedes).toBeUndefined();
    expect(decide(sf(sfStatus(AVAILABLE_FOR_CHATS), 2000), { ...ctx, pending: { cxone: 2500 } }).supersedes).toBeUndefined();
  });

  it('maps a state re-asserted by reconciliation instead of calling it unchanged', () => {
    const d = decide(cx(AVAILABLE, 2000, 'reconcile'), withObserved({ cxone: held(AVAILABLE), salesforce: held(sfStatus(BUSY)) }));
    expect(d).toMatchObject({ outcome: 'write', write: { side: 'salesforce', presence: sfStatus(AVAILABLE_FOR_CHATS) } });
  });

  it('lets a newer change on the other side win over this one (conflict), and this one supersede an older pending write', () => {
    const lost = decide(sf(sfStatus(BUSY), 2000), context({ pending: { salesforce: 3000 } }));
    expect(lost).toMatchObject({ outcome: 'superseded', reason: 'superseded_by_newer_change', observe: true });
    const won = decide(sf(sfStatus(BUSY), 2000), context({ pending: { salesforce: 1500 } }));
    expect(won).toMatchObject({ outcome: 'write', supersedes: 'salesforce' });
  });
});

describe('decide(): the newer change wins across the two sides', () => {
  it('does not publish an older CXone change over a newer change the agent made in Salesforce', () => {
    const d = decide(cx(unavailable(LUNCH), 2000), withObserved({ cxone: held(AVAILABLE, 1000), salesforce: held(sfStatus(ON_BREAK), 2020, 'console_manual') }));
    expect(d).toMatchObject({ outcome: 'superseded', reason: 'superseded_by_newer_change', observe: true });
    expect(d.write).toBeUndefined();
    expect(d.explanation).toMatch(/Salesforce changed to On Break .* after it/);
  });

  it('does not apply an older Salesforce change over a newer CXone change', () => {
    const d = decide(sf(sfStatus(BUSY), 2000), withObserved({ cxone: held(unavailable(BREAK), 2050), salesforce: held(sfStatus(AVAILABLE_FOR_CHATS), 1000, 'console_manual') }));
    expect(d).toMatchObject({ outcome: 'superseded', reason: 'superseded_by_newer_change' });
  });

  it("still follows a change when what is newer on the other side is only the hub's own write coming back", () => {
    const sfEcho = withObserved({ cxone: held(AVAILABLE, 1000), salesforce: held(sfStatus(AVAILABLE_FOR_CHATS), 2020, 'console_toolkit') });
    expect(decide(cx(unavailable(LUNCH), 2000), sfEcho).write).toMatchObject({ side: 'salesforce', presence: sfStatus(BUSY) });
    const cxEcho = withObserved({ cxone: held(unavailable(BREAK), 2050) }, { history: [{ state: AVAILABLE, at: 1, byHub: false }, { state: unavailable(BREAK), at: 2050, byHub: true }] });
    expect(decide(sf(sfStatus(BUSY), 2000), cxEcho).write).toMatchObject({ side: 'cxone', state: unavailable(LUNCH) });
  });
});

describe('decide(): who is synced', () => {
  it('records but does not sync when Presence Sync is off', () => {
    expect(decide(cx(AVAILABLE), context({ presenceSyncEnabled: false }))).toMatchObject({ outcome: 'noop', reason: 'presence_sync_disabled', observe: true });
  });

  it('says why an agent with failing prerequisites is not synced (M1.2)', () => {
    const blocker = { code: 'PSYNC_PREREQ_PERMISSION_SET', message: 'The Agent permission set is not assigned.' };
    const d = decide(sf(sfStatus(BUSY)), context({ syncBlockers: [blocker] }));
    expect(d).toMatchObject({ outcome: 'noop', reason: 'agent_not_syncable', blockers: [blocker] });
    expect(d.explanation).toContain('The Agent permission set is not assigned.');
  });

  it('does nothing for an agent without a rule', () => {
    expect(decide(cx(AVAILABLE), context({ rule: undefined }))).toMatchObject({ outcome: 'noop', reason: 'no_rule' });
  });
});

describe('decide(): CXone → Salesforce through publisher rows (M6.1)', () => {
  it('sets Salesforce to the mapped status, naming the rule, version and row', () => {
    const d = decide(cx(AVAILABLE), withObserved({ salesforce: held(sfStatus(BUSY), 1000, 'console_manual') }));
    expect(d).toMatchObject({
      outcome: 'write',
      reason: 'publisher_row',
      write: { side: 'salesforce', presence: sfStatus(AVAILABLE_FOR_CHATS), stateKey: `status:${AVAILABLE_FOR_CHATS.id.toLowerCase()}` },
      rule: { id: 'rule-1', version: 3, via: 'team' },
      row: { direction: 'publisher', index: 0 },
    });
    expect(d.explanation).toContain('Available for Chats');
    expect(d.history?.at(-1)).toEqual({ state: AVAILABLE, at: 2000, byHub: false });
  });

  it('maps working states, so a rule can say "on a call"', () => {
    expect(decide(cx(working('InboundContact')), context()).write).toMatchObject({ side: 'salesforce', presence: sfStatus(ON_CALL) });
  });

  it('leaves Salesforce alone when no publisher row matches', () => {
    expect(decide(cx(unavailable(BREAK)), context())).toMatchObject({ outcome: 'noop', reason: 'no_publisher_row' });
  });

  it('writes nothing when Salesforce already shows the status', () => {
    expect(decide(cx(AVAILABLE), withObserved({ salesforce: held(sfStatus(AVAILABLE_FOR_CHATS)) }))).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
  });

  it('refuses a status the org no longer has, or the agent may not use', () => {
    const statuses = new Map([[BUSY.id.toLowerCase(), BUSY]]);
    expect(decide(cx(AVAILABLE), context({ statuses }))).toMatchObject({ outcome: 'noop', reason: 'unknown_status' });
    expect(decide(cx(AVAILABLE), context({ allowedStatusIds: new Set([BUSY.id.toLowerCase()]) }))).toMatchObject({ outcome: 'noop', reason: 'status_not_allowed_for_profile' });
    expect(decide(cx(AVAILABLE), context({ allowedStatusIds: new Set([AVAILABLE_FOR_CHATS.id.toLowerCase()]) })).outcome).toBe('write');
  });

  it('waits for a closed console instead of writing to it', () => {
    const d = decide(cx(AVAILABLE), withObserved({ salesforce: held(OFFLINE, 1000, 'console_closed') }));
    expect(d).toMatchObject({ outcome: 'noop', reason: 'salesforce_console_closed' });
    // Offline by the agent's own logout with the console open can be written (the toolkit logs them in).
    expect(decide(cx(AVAILABLE), withObserved({ salesforce: held(OFFLINE, 1000, 'console_manual') })).outcome).toBe('write');
  });

  it('does not publish when the Salesforce status already maps to this CXone state', () => {
    const rule = briefRule({
      publisher: [{ acd: { kind: 'Unavailable', codeId: null }, salesforce: sfStatus(BUSY) }],
      subscriber: [{ salesforce: sfStatus(IN_MEETING), acd: { kind: 'Unavailable', codeId: null } }],
    });
    const d = decide(cx(DEFAULT_UNAVAILABLE), withObserved({ salesforce: held(sfStatus(IN_MEETING)) }, { rule: { rule, via: 'user' } }));
    expect(d).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
  });
});

describe('decide(): Salesforce → CXone through subscriber rows (M6.2)', () => {
  it('sets CXone to the mapped unavailable code', () => {
    const d = decide(sf(sfStatus(BUSY)), withObserved({ cxone: held(AVAILABLE) }));
    expect(d).toMatchObject({ outcome: 'write', reason: 'subscriber_row', row: { direction: 'subscriber', index: 0 }, write: { side: 'cxone', state: unavailable(LUNCH), stateKey: 'Unavailable:11', whenContactEnds: false } });
  });

  it('returns the agent to the state they had before the hub last changed them (PREVIOUS)', () => {
    const history = [
      { state: AVAILABLE, at: 1, byHub: false },
      { state: unavailable(LUNCH), at: 2, byHub: true },
    ];
    const d = decide(sf(sfStatus(AVAILABLE_FOR_CHATS)), withObserved({ cxone: held(unavailable(LUNCH)) }, { history }));
    expect(d).toMatchObject({ outcome: 'write', reason: 'previous_state', write: { side: 'cxone', state: AVAILABLE } });
  });

  it("returns to the previous state even before the hub's own CXone change has come back (PREVIOUS)", () => {
    // Busy asked CXone for Lunch; the write went out but its echo has not been polled yet.
    const lunchEcho = { side: 'cxone' as const, stateKey: 'Unavailable:11', expiresAt: 5_000_000 };
    const sent = withObserved({ cxone: held(AVAILABLE), salesforce: held(sfStatus(BUSY), 1500, 'console_manual') }, { history: [{ state: AVAILABLE, at: 1, byHub: false }], expectedEchoes: [lunchEcho] });
    const back = decide(sf(sfStatus(AVAILABLE_FOR_CHATS)), sent);
    expect(back).toMatchObject({ outcome: 'write', reason: 'previous_state', write: { side: 'cxone', state: AVAILABLE } });
    // The same while the Lunch write is still waiting in the mailbox: the return replaces it.
    const queued = withObserved({ cxone: held(AVAILABLE), salesforce: held(sfStatus(BUSY), 1500, 'console_manual') }, { pending: { cxone: 1500 }, pendingStateKeys: { cxone: 'Unavailable:11' } });
    expect(decide(sf(sfStatus(AVAILABLE_FOR_CHATS)), queued)).toMatchObject({ outcome: 'write', reason: 'previous_state', write: { side: 'cxone', state: AVAILABLE } });
    // Asking again for what the hub is already setting writes nothing.
    const again = decide(sf(sfStatus(BUSY), 2000), { ...queued, observed: { ...queued.observed, salesforce: held(sfStatus(ON_BREAK), 1800, 'console_manual') } });
    expect(again).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
    expect(again.explanation).toMatch(/already setting in CXone/);
  });

  it('ignores an expected echo that CXone already shows, or one that has expired', () => {
    const shown = { side: 'cxone' as const, stateKey: 'Available', expiresAt: 5_000_000 };
    const expired = { side: 'cxone' as const, stateKey: 'Unavailable:11', expiresAt: 10 };
    const ctx = withObserved({ cxone: held(AVAILABLE) }, { expectedEchoes: [shown, expired] });
    expect(decide(sf(sfStatus(AVAILABLE_FOR_CHATS)), ctx)).toMatchObject({ outcome: 'noop', reason: 'previous_state_unknown' });
  });

  it('forgets a write that never echoed once the side has changed after it', () => {
    // The hub set Available for Chats, which the console already showed (no echo); then the agent picked Busy.
    const silent = { side: 'salesforce' as const, stateKey: `status:${AVAILABLE_FOR_CHATS.id.toLowerCase()}`, expiresAt: 5_000_000, recordedAt: 1000 };
    const ctx = withObserved({ cxone: held(unavailable(LUNCH), 1200), salesforce: held(sfStatus(BUSY), 1500, 'console_manual') }, { expectedEchoes: [silent] });
    expect(decide(cx(AVAILABLE, 2000), ctx)).toMatchObject({ outcome: 'write', write: { side: 'salesforce', presence: sfStatus(AVAILABLE_FOR_CHATS) } });
    // Recorded after the agent's change, it is a write still on its way.
    const onItsWay = { ...ctx, expectedEchoes: [{ ...silent, recordedAt: 1600 }] };
    expect(decide(cx(AVAILABLE, 2000), onItsWay)).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
  });

  it('takes the newest of several unechoed CXone writes as where CXone is heading', () => {
    const older = { side: 'cxone' as const, stateKey: 'Unavailable:11', expiresAt: 4_000_000 };
    const newer = { side: 'cxone' as const, stateKey: 'Unavailable:12', expiresAt: 5_000_000 };
    const ctx = withObserved({ cxone: held(AVAILABLE) }, { expectedEchoes: [newer, older] });
    expect(decide(sf(sfStatus(ON_BREAK)), ctx)).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
    expect(decide(sf(sfStatus(BUSY)), ctx)).toMatchObject({ outcome: 'write', write: { state: unavailable(LUNCH) } });
  });

  it('says so when there is no previous state to return to', () => {
    expect(decide(sf(sfStatus(AVAILABLE_FOR_CHATS)), context())).toMatchObject({ outcome: 'noop', reason: 'previous_state_unknown' });
  });

  it('returns to Available rather than to a contact that has ended', () => {
    const history = [
      { state: working('OutboundContact'), at: 1, byHub: false },
      { state: unavailable(LUNCH), at: 2, byHub: true },
    ];
    expect(decide(sf(sfStatus(AVAILABLE_FOR_CHATS)), context({ history })).write).toMatchObject({ side: 'cxone', state: AVAILABLE });
  });

  it('treats a previous code the team no longer has like any missing code', () => {
    const history = [
      { state: unavailable({ id: '99', name: 'Gone' }), at: 1, byHub: false },
      { state: unavailable(LUNCH), at: 2, byHub: true },
    ];
    expect(decide(sf(sfStatus(AVAILABLE_FOR_CHATS)), context({ history }))).toMatchObject({ outcome: 'noop', reason: 'code_not_on_team' });
  });

  it('without skip validation, refuses a code the team lacks and says to assign it', () => {
    const d = decide(sf(sfStatus(ON_BREAK)), context({ teamCodes: new Map([[LUNCH.id, LUNCH]]) }));
    expect(d).toMatchObject({ outcome: 'noop', reason: 'code_not_on_team' });
    expect(d.explanation).toMatch(/assign the code to the team/);
  });

  it('with skip validation, sends the agent to the default Unavailable state for a missing code or an unmapped status (M5.3)', () => {
    const rule = briefRule({ skipUnavailableCodeValidation: true });
    const ctx = context({ rule: { rule, via: 'team' }, teamCodes: new Map([[LUNCH.id, LUNCH]]) });
    expect(decide(sf(sfStatus(ON_BREAK)), ctx)).toMatchObject({ outcome: 'write', reason: 'fallback_code_not_on_team', write: { side: 'cxone', state: DEFAULT_UNAVAILABLE } });
    expect(decide(sf(sfStatus(IN_MEETING)), ctx)).toMatchObject({ outcome: 'write', reason: 'fallback_unmapped_status', write: { side: 'cxone', state: DEFAULT_UNAVAILABLE } });
    expect(decide(sf(sfStatus(IN_MEETING)), context())).toMatchObject({ outcome: 'noop', reason: 'no_subscriber_row' });
  });

  it('does not try to set a logged-out agent, but can log one out', () => {
    expect(decide(sf(sfStatus(BUSY)), withObserved({ cxone: held(LOGGED_OUT) }))).toMatchObject({ outcome: 'noop', reason: 'cxone_logged_out' });
    const rule = briefRule({ subscriber: [{ salesforce: OFFLINE, acd: { kind: 'LoggedOut' } }] });
    expect(decide(sf(OFFLINE), withObserved({ cxone: held(AVAILABLE) }, { rule: { rule, via: 'team' } })).write).toMatchObject({ side: 'cxone', state: LOGGED_OUT });
  });

  it('asks CXone to apply the change when the current contact ends, never mid-contact', () => {
    const d = decide(sf(sfStatus(ON_BREAK)), withObserved({ cxone: held(working('InboundContact')) }));
    expect(d.write).toMatchObject({ side: 'cxone', state: unavailable(BREAK), whenContactEnds: true });
    // On Call is what the rule publishes for a call: the two sides agree and nothing is queued.
    const rule = briefRule({ subscriber: [{ salesforce: sfStatus(ON_CALL), acd: { kind: 'Unavailable', codeId: LUNCH.id } }] });
    expect(decide(sf(sfStatus(ON_CALL)), withObserved({ cxone: held(working('InboundContact')) }, { rule: { rule, via: 'team' } }))).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
    expect(d.explanation).toMatch(/once the agent's current contact ends/);
  });

  it('writes nothing when CXone already shows the state, or already maps to the status', () => {
    expect(decide(sf(sfStatus(BUSY)), withObserved({ cxone: held(unavailable(LUNCH)) }))).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
    const rule = briefRule({
      publisher: [{ acd: { kind: 'Unavailable', codeId: BREAK.id }, salesforce: sfStatus(BUSY) }],
      subscriber: [{ salesforce: sfStatus(BUSY), acd: { kind: 'Unavailable', codeId: LUNCH.id } }],
    });
    const d = decide(sf(sfStatus(BUSY)), withObserved({ cxone: held(unavailable(BREAK)) }, { rule: { rule, via: 'team' } }));
    expect(d).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
  });
});

describe('decide(): a console connecting (initial sync)', () => {
  it('pushes the status that the current CXone state maps to', () => {
    const d = decide(sf(sfStatus(BUSY), 2000, 'console_connected'), withObserved({ cxone: held(AVAILABLE), salesforce: held(sfStatus(BUSY)) }));
    expect(d).toMatchObject({ outcome: 'write', reason: 'initial_sync', write: { side: 'salesforce', presence: sfStatus(AVAILABLE_FOR_CHATS) } });
  });

  it('writes nothing when the console already shows it', () => {
    const d = decide(sf(sfStatus(AVAILABLE_FOR_CHATS), 2000, 'console_connected'), withObserved({ cxone: held(AVAILABLE), salesforce: held(OFFLINE, 1000, 'console_closed') }));
    expect(d).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
  });

  it('keeps a console whose status brought CXone back to its previous state, instead of publishing over it', () => {
    const history = [
      { state: AVAILABLE, at: 1, byHub: false },
      { state: unavailable(LUNCH), at: 2, byHub: true },
      { state: AVAILABLE, at: 3, byHub: true },
    ];
    const rule = briefRule({ publisher: [{ acd: { kind: 'Available' }, salesforce: sfStatus(ON_BREAK) }] });
    const d = decide(sf(sfStatus(AVAILABLE_FOR_CHATS), 4000, 'console_connected'), withObserved({ cxone: held(AVAILABLE) }, { history, rule: { rule, via: 'team' } }));
    expect(d).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
  });

  it("keeps the agent's own status, chosen after CXone's state, when their console reconnects", () => {
    // The agent picked On Break at 1500 while their console was away; CXone last changed at 1000.
    const ctx = withObserved({ cxone: held(unavailable(LUNCH), 1000), salesforce: held(sfStatus(ON_BREAK), 1500, 'console_manual') }, { pending: { cxone: 1500 } });
    const d = decide(sf(sfStatus(ON_BREAK), 2000, 'console_connected'), ctx);
    expect(d).toMatchObject({ outcome: 'noop', reason: 'console_connected' });
    expect(d.write).toBeUndefined();
    expect(d.explanation).toMatch(/newer change wins/);
    // ...and the write to CXone that the agent's status asked for goes on.
    expect(d.supersedes).toBeUndefined();
    // A console showing something else, or a CXone change newer than the agent's, still gets CXone's mapping.
    expect(decide(sf(sfStatus(IN_MEETING), 2000, 'console_connected'), ctx)).toMatchObject({ outcome: 'write', reason: 'initial_sync', write: { presence: sfStatus(BUSY) } });
    const cxNewer = withObserved({ cxone: held(unavailable(LUNCH), 1800), salesforce: held(sfStatus(ON_BREAK), 1500, 'console_manual') });
    expect(decide(sf(sfStatus(ON_BREAK), 2000, 'console_connected'), cxNewer)).toMatchObject({ outcome: 'write', reason: 'initial_sync', write: { presence: sfStatus(BUSY) } });
  });

  it('keeps a pending write to the console that the initial sync asks for again, makes it due now, and decides no second write', () => {
    // After a restart: CXone's feed decided the write (pending, no console yet); then the console reconnects.
    const ctx = withObserved({ cxone: held(AVAILABLE, 1200), salesforce: held(OFFLINE, 1000, 'console_closed') }, { pending: { salesforce: 1200 }, pendingStateKeys: { salesforce: `status:${AVAILABLE_FOR_CHATS.id.toLowerCase()}` } });
    const d = decide(sf(OFFLINE, 2000, 'console_connected'), ctx);
    expect(d).toMatchObject({ outcome: 'noop', reason: 'already_in_sync', resumes: 'salesforce' });
    expect(d.write).toBeUndefined();
    expect(d.explanation).toMatch(/the hub is already setting in Salesforce/);
    expect(d.supersedes).toBeUndefined();
    // A pending write of another status is replaced by the one CXone's state maps to now.
    const other = decide(sf(OFFLINE, 2000, 'console_connected'), { ...ctx, pendingStateKeys: { salesforce: `status:${BUSY.id.toLowerCase()}` } });
    expect(other).toMatchObject({ outcome: 'write', reason: 'initial_sync', write: { presence: sfStatus(AVAILABLE_FOR_CHATS) } });
    expect(other.resumes).toBeUndefined();
  });

  it('decides one write per change: a CXone change mapping to the status the hub is already setting writes nothing more', () => {
    const ctx = withObserved({ cxone: held(unavailable(LUNCH), 1000), salesforce: held(sfStatus(AVAILABLE_FOR_CHATS), 500) }, { pending: { salesforce: 1000 }, pendingStateKeys: { salesforce: `status:${BUSY.id.toLowerCase()}` } });
    const rule = briefRule({ publisher: [{ acd: { kind: 'Unavailable', codeId: LUNCH.id }, salesforce: sfStatus(BUSY) }, { acd: { kind: 'Unavailable', codeId: BREAK.id }, salesforce: sfStatus(BUSY) }] });
    const d = decide(cx(unavailable(BREAK), 1500), { ...ctx, rule: { rule, via: 'team' } });
    expect(d).toMatchObject({ outcome: 'noop', reason: 'already_in_sync' });
    expect(d.resumes).toBeUndefined();
  });

  it('publishes the CXone state the hub is setting, not the one it is leaving, to a console that connects', () => {
    // Busy asked CXone for Lunch (pending); the console reconnects showing Available for Chats.
    const ctx = withObserved({ cxone: held(unavailable(BREAK), 1000), salesforce: held(sfStatus(BUSY), 1500, 'console_manual') }, { pending: { cxone: 1500 }, pendingStateKeys: { cxone: 'Unavailable:11' } });
    const d = decide(sf(sfStatus(AVAILABLE_FOR_CHATS), 2000, 'console_connected'), ctx);
    expect(d).toMatchObject({ outcome: 'write', reason: 'initial_sync', write: { presence: sfStatus(BUSY) } });
    expect(d.explanation).toMatch(/is being set to Unavailable – Lunch/);
    // A code the team lost, or a state a rule does not publish, still reads sensibly.
    const gone = decide(sf(sfStatus(AVAILABLE_FOR_CHATS), 2000, 'console_connected'), { ...ctx, pendingStateKeys: { cxone: 'Unavailable:77' } });
    expect(gone).toMatchObject({ outcome: 'noop', reason: 'console_connected' });
    expect(gone.explanation).toMatch(/publishes nothing for Unavailable – 77/);
    const towards = (key: string) => decide(sf(sfStatus(IN_MEETING), 2000, 'console_connected'), { ...ctx, pendingStateKeys: { cxone: key } });
    expect(towards('Available')).toMatchObject({ outcome: 'write', write: { presence: sfStatus(AVAILABLE_FOR_CHATS) } });
    expect(towards('LoggedOut').explanation).toMatch(/publishes nothing for Logged out/);
    expect(towards('Unavailable').explanation).toMatch(/publishes nothing for Unavailable \(system default\)/);
  });

  it("dates the initial sync's write by the CXone observation it comes from", () => {
    const d = decide(sf(sfStatus(BUSY), 2000, 'console_connected'), withObserved({ cxone: held(AVAILABLE, 1200), salesforce: held(sfStatus(BUSY)) }));
    expect(d).toMatchObject({ outcome: 'write', reason: 'initial_sync', sourceAt: 1200 });
  });

  it('never lets what a connecting console happened to show drive CXone', () => {
    const d = decide(sf(sfStatus(BUSY), 2000, 'console_connected'), withObserved({ cxone: held(unavailable(BREAK)) }));
    expect(d).toMatchObject({ outcome: 'noop', reason: 'console_connected', observe: true });
    expect(d.explanation).toMatch(/publishes nothing for Unavailable – Break/);
    const unknown = decide(sf(sfStatus(BUSY), 2000, 'console_connected'), context());
    expect(unknown).toMatchObject({ outcome: 'noop', reason: 'console_connected' });
    expect(unknown.explanation).toMatch(/not yet seen this agent's CXone state/);
  });
});
