import { describe, expect, it } from 'vitest';
import { AVAILABLE, DEFAULT_UNAVAILABLE, LOGGED_OUT, unavailable, working } from '../../domain/index.ts';
import { acdStateOfRow, changeKey, targetOfState, writeFor } from './state-mapping.ts';

const row = (stateName: string | null, outStateId: string | null = null, outStateName: string | null = null, stateId: number | null = null) => ({
  stateName,
  stateId,
  outStateId,
  outStateName,
});

describe('acdStateOfRow', () => {
  it('maps the plain states', () => {
    expect(acdStateOfRow(row('Available'))).toEqual(AVAILABLE);
    expect(acdStateOfRow(row('LoggedOut'))).toEqual(LOGGED_OUT);
    expect(acdStateOfRow(row('LoggedIn'))).toEqual(DEFAULT_UNAVAILABLE);
  });

  it('maps Unavailable with its code, or the default when the code is 0 or missing', () => {
    expect(acdStateOfRow(row('Unavailable', '7', 'Lunch'))).toEqual(unavailable({ id: '7', name: 'Lunch' }));
    expect(acdStateOfRow(row('Unavailable', '7', null))).toEqual(unavailable({ id: '7', name: '' }));
    expect(acdStateOfRow(row('Unavailable', '0', ''))).toEqual(DEFAULT_UNAVAILABLE);
    expect(acdStateOfRow(row('Unavailable'))).toEqual(DEFAULT_UNAVAILABLE);
  });

  it.each(['InboundContact', 'OutboundContact', 'InboundConsult', 'OutboundConsult', 'Dialer'] as const)('maps the working state %s', (name) => {
    expect(acdStateOfRow(row(name))).toEqual(working(name));
  });

  it('reads names case-insensitively and falls back to agentStateId', () => {
    expect(acdStateOfRow(row('available'))).toEqual(AVAILABLE);
    expect(acdStateOfRow(row('INBOUNDCONTACT'))).toEqual(working('InboundContact'));
    expect(acdStateOfRow(row(null, '3', 'Break', 2))).toEqual(unavailable({ id: '3', name: 'Break' }));
    expect(acdStateOfRow(row(null, null, null, 7))).toEqual(working('Dialer'));
  });

  it('does not guess at states it does not know', () => {
    expect(acdStateOfRow(row('Preview'))).toBeUndefined();
    expect(acdStateOfRow(row(null, null, null, 42))).toBeUndefined();
    expect(acdStateOfRow(row(null))).toBeUndefined();
  });
});

describe('writeFor', () => {
  it('sends Available and Unavailable through the agent state call, LoggedOut through the session API', () => {
    expect(writeFor({ kind: 'Available' })).toEqual({ call: 'agent-state', state: 'Available', outStateId: null });
    expect(writeFor({ kind: 'Unavailable', codeId: '12' })).toEqual({ call: 'agent-state', state: 'Unavailable', outStateId: '12' });
    expect(writeFor({ kind: 'Unavailable', codeId: null })).toEqual({ call: 'agent-state', state: 'Unavailable', outStateId: null });
    expect(writeFor({ kind: 'LoggedOut' })).toEqual({ call: 'logout' });
  });
});

describe('targetOfState', () => {
  it('turns settable states into targets and refuses working states', () => {
    expect(targetOfState(AVAILABLE)).toEqual({ kind: 'Available' });
    expect(targetOfState(LOGGED_OUT)).toEqual({ kind: 'LoggedOut' });
    expect(targetOfState(DEFAULT_UNAVAILABLE)).toEqual({ kind: 'Unavailable', codeId: null });
    expect(targetOfState(unavailable({ id: '4', name: 'Meeting' }))).toEqual({ kind: 'Unavailable', codeId: '4' });
    expect(targetOfState(working('Dialer'))).toBeUndefined();
  });
});

describe('changeKey', () => {
  it('is agent / state key / start time', () => {
    expect(changeKey('1042', unavailable({ id: '7', name: 'Lunch' }), 1764072000000)).toBe('1042/Unavailable:7/1764072000000');
    expect(changeKey('1042', AVAILABLE, 5)).toBe('1042/Available/5');
  });
});
