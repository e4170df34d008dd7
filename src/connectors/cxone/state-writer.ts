import type { AcdState } from '../../domain/index.ts';
import type { CxoneClient } from './client.ts';
import type { CxoneFailure } from './failure.ts';
import { targetOfState, writeFor, type ConcreteAcdTarget } from './state-mapping.ts';

export interface SetAgentStateOptions {
  /**
   * The agent is on a contact, so the state takes effect when the contact ends: CXone keeps an
   * `Available`/`Unavailable` set now as the agent's next state. Logging out never ends a contact:
   * CXone refuses it (`conflict`) while the agent is on one; try again after the contact.
   */
  readonly whenContactEnds?: boolean;
  readonly signal?: AbortSignal;
}

export type SetAgentStateOutcome =
  /** CXone accepted the change (`POST /agents/{id}/state`, or the session API for `LoggedOut`). */
  | { readonly ok: true; readonly via: 'agent-state' | 'agent-session'; readonly effective: 'now' | 'when_contact_ends' }
  /** CXone refused or could not be reached; `failure.kind` says whether and when to try again. */
  | { readonly ok: false; readonly failure: CxoneFailure };

export type CxoneClientFor = (tenant: string) => Pick<CxoneClient, 'setAgentState' | 'joinAgentSession' | 'endAgentSession'>;

const failedWith = (failure: CxoneFailure): SetAgentStateOutcome => ({ ok: false, failure });

const isTarget = (value: AcdState | ConcreteAcdTarget): value is ConcreteAcdTarget => value.kind !== 'Working' && !('code' in value);

/**
 * The CXone state writer: a domain state or target → the right API call (reference §3.4).
 * `Available` and `Unavailable` (with the code's `outStateId`, or none for the default state) go
 * through `POST /agents/{agentId}/state`; `LoggedOut` joins the agent's session and ends it with
 * `forceLogoff`. Working states cannot be set (`invalid`).
 */
export class CxoneStateWriter {
  constructor(private readonly clientFor: CxoneClientFor) {}

  async setAgentState(tenant: string, agentId: string, state: AcdState | ConcreteAcdTarget, options: SetAgentStateOptions = {}): Promise<SetAgentStateOutcome> {
    const target = isTarget(state) ? state : targetOfState(state);
    if (target === undefined) {
      return failedWith({ kind: 'invalid', status: 0, code: 'PSYNC_CXONE_STATE_NOT_SETTABLE', message: 'A working state (on a contact) cannot be set; only Available, Unavailable and LoggedOut can.' });
    }
    const client = this.clientFor(tenant);
    const effective = options.whenContactEnds ? 'when_contact_ends' : 'now';
    const signal = options.signal ? { signal: options.signal } : {};
    const write = writeFor(target);
    if (write.call === 'agent-state') {
      const result = await client.setAgentState(agentId, write.state, write.outStateId, signal);
      return result.ok ? { ok: true, via: 'agent-state', effective } : failedWith(result.failure);
    }
    const joined = await client.joinAgentSession(agentId, signal);
    if (!joined.ok) return failedWith(joined.failure);
    const ended = await client.endAgentSession(joined.value.sessionId, { forceLogoff: true, endContacts: false, ignorePersonalQueue: true }, signal);
    if (ended.ok) return { ok: true, via: 'agent-session', effective: 'now' };
    // Leave no joined session behind: detach without logging the agent out.
    await client.endAgentSession(joined.value.sessionId, { forceLogoff: false, endContacts: false, ignorePersonalQueue: true });
    return failedWith(ended.failure);
  }

  /** The same, shaped as the engine's writer port (`{tenantId, agentId, state, whenContactEnds, signal}`). */
  setState(request: { readonly tenantId: string; readonly agentId: string; readonly state: AcdState; readonly whenContactEnds: boolean; readonly signal?: AbortSignal }): Promise<SetAgentStateOutcome> {
    return this.setAgentState(request.tenantId, request.agentId, request.state, {
      whenContactEnds: request.whenContactEnds,
      ...(request.signal ? { signal: request.signal } : {}),
    });
  }
}
