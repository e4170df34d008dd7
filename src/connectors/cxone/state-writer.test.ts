import { describe, expect, it } from 'vitest';
import { AVAILABLE, DEFAULT_UNAVAILABLE, LOGGED_OUT, unavailable, working } from '../../domain/index.ts';
import { failed, success, type CxoneFailure, type CxoneResult } from './failure.ts';
import { CxoneStateWriter } from './state-writer.ts';

const conflict: CxoneFailure = { kind: 'conflict', status: 409, code: 'PSYNC_CXONE_CONFLICT', message: 'on a contact' };

function fakeClient(answers: { set?: CxoneResult<undefined>; join?: CxoneResult<{ sessionId: string }>; end?: CxoneResult<undefined>[] } = {}) {
  const calls: unknown[][] = [];
  const client = {
    setAgentState: async (...args: unknown[]) => (calls.push(['set', ...args.slice(0, 3)]), answers.set ?? success(undefined)),
    joinAgentSession: async (agentId: string) => (calls.push(['join', agentId]), answers.join ?? success({ sessionId: 's-1' })),
    endAgentSession: async (sessionId: string, options: unknown) => (calls.push(['end', sessionId, options]), answers.end?.shift() ?? success(undefined)),
  };
  const tenants: string[] = [];
  const writer = new CxoneStateWriter((tenant) => (tenants.push(tenant), client));
  return { writer, calls, tenants };
}

describe('CxoneStateWriter', () => {
  it('sets Available and Unavailable (with a code, or the default) through POST /agents/{id}/state', async () => {
    const { writer, calls, tenants } = fakeClient();
    expect(await writer.setAgentState('acme', '7', AVAILABLE)).toEqual({ ok: true, via: 'agent-state', effective: 'now' });
    await writer.setAgentState('acme', '7', unavailable({ id: '12', name: 'Lunch' }));
    await writer.setAgentState('acme', '7', DEFAULT_UNAVAILABLE);
    await writer.setAgentState('acme', '7', { kind: 'Unavailable', codeId: '3' });
    expect(calls).toEqual([
      ['set', '7', 'Available', null],
      ['set', '7', 'Unavailable', '12'],
      ['set', '7', 'Unavailable', null],
      ['set', '7', 'Unavailable', '3'],
    ]);
    expect(tenants).toEqual(['acme', 'acme', 'acme', 'acme']);
  });

  it('says when the change waits for the end of the contact', async () => {
    const { writer } = fakeClient();
    expect(await writer.setAgentState('acme', '7', AVAILABLE, { whenContactEnds: true })).toEqual({ ok: true, via: 'agent-state', effective: 'when_contact_ends' });
  });

  it('logs out by joining the session and ending it with forceLogoff, never ending a contact', async () => {
    const { writer, calls } = fakeClient();
    expect(await writer.setAgentState('acme', '7', LOGGED_OUT)).toEqual({ ok: true, via: 'agent-session', effective: 'now' });
    expect(calls).toEqual([
      ['join', '7'],
      ['end', 's-1', { forceLogoff: true, endContacts: false, ignorePersonalQueue: true }],
    ]);
  });

  it('detaches from the joined session when the logout is refused', async () => {
    const { writer, calls } = fakeClient({ end: [failed(conflict)] });
    expect(await writer.setAgentState('acme', '7', { kind: 'LoggedOut' })).toEqual({ ok: false, failure: conflict });
    expect(calls.at(-1)).toEqual(['end', 's-1', { forceLogoff: false, endContacts: false, ignorePersonalQueue: true }]);
  });

  it('passes failures of the set and the join on as they are', async () => {
    expect(await fakeClient({ set: failed(conflict) }).writer.setAgentState('acme', '7', AVAILABLE)).toEqual({ ok: false, failure: conflict });
    expect(await fakeClient({ join: failed(conflict) }).writer.setAgentState('acme', '7', LOGGED_OUT)).toEqual({ ok: false, failure: conflict });
  });

  it('refuses to set a working state', async () => {
    const { writer, calls } = fakeClient();
    expect(await writer.setAgentState('acme', '7', working('Dialer'))).toMatchObject({ ok: false, failure: { kind: 'invalid', code: 'PSYNC_CXONE_STATE_NOT_SETTABLE' } });
    expect(calls).toEqual([]);
  });

  it("serves the engine's writer port shape", async () => {
    const { writer, calls } = fakeClient();
    const signal = new AbortController().signal;
    expect(await writer.setState({ tenantId: 'acme', agentId: '9', state: AVAILABLE, whenContactEnds: true, signal })).toEqual({ ok: true, via: 'agent-state', effective: 'when_contact_ends' });
    await writer.setState({ tenantId: 'acme', agentId: '9', state: AVAILABLE, whenContactEnds: false });
    expect(calls).toEqual([
      ['set', '9', 'Available', null],
      ['set', '9', 'Available', null],
    ]);
  });
});
