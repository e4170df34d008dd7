import type { CxoneClient } from './client.ts';
import type { CxoneFailure } from './failure.ts';
import { acdStateOfRow, writeFor, type ConcreteAcdTarget } from './state-mapping.ts';

export interface SetAgentStateOptions {
  /**
   * What to do when the agent is on a contact. `true` (default): send the change; CXone keeps it as
   * the agent's next state and applies it when the contact ends. `false`: read the agent's state
   * first and, if it is a working state, send nothing and answer `on_contact`.
   * Logging out never ends a contact: it is refused (`conflict`) while the agent is on one.
   */
  readonly whenContactEnds?: boolean;
}

export type SetAgentStateOutcome =
  /** CXone accepted the change (`POST /agents/{id}/state`, or the session API for `LoggedOut`). */
  | { readonly ok: true; readonly via: 'agent-state' | 'agent-session' }
  /** Nothing was sent: the agent is on a contact and `whenContactEnds` was false. */
  | { readonly ok: false; readonly reason: 'on_contact' }
  /** CXone refused or could not be reached; `failure.kind` says whether and when to try again. */
  | { readonly ok: false; readonly reason: 'failed'; readonly failure: CxoneFailure };

export type CxoneClientFor = (tenant: string) => Pick<CxoneClient, 'setAgentState' | 'joinAgentSession' | 'endAgentSession' | 'agentState'>;

const failedWith = (failure: CxoneFailure): SetAgentStateOutcome => ({ ok: false, reason: 'failed', failure });

/**
 * The CXone state writer: a domain target → the right API call (reference §3.4).
 * `Available` and `Unavailable` (with the code's `outStateId`, or none for the default state) go
 * through `POST /agents/{agentId}/state`; `LoggedOut` joins the agent's session and ends it with
 * `forceLogoff`.
 */
export class CxoneStateWriter {
  constructor(private readonly clientFor: CxoneClientFor) {}

  async setAgentState(tenant: string, agentId: string, target: ConcreteAcdTarget, options: SetAgentStateOptions = {}): Promise<SetAgentStateOutcome> {
    const client = this.clientFor(tenant);
    if (options.whenContactEnds === false) {
      const current = await client.agentState(agentId);
      if (!current.ok) return failedWith(current.failure);
      const state = current.value === undefined ? undefined : acdStateOfRow(current.value);
      if (state?.kind === 'Working') return { ok: false, reason: 'on_contact' };
    }
    const write = writeFor(target);
    if (write.call === 'agent-state') {
      const result = await client.setAgentState(agentId, write.state, write.outStateId);
      return result.ok ? { ok: true, via: 'agent-state' } : failedWith(result.failure);
    }
    const joined = await client.joinAgentSession(agentId);
    if (!joined.ok) return failedWith(joined.failure);
    const ended = await client.endAgentSession(joined.value.sessionId, { forceLogoff: true, endContacts: false, ignorePersonalQueue: true });
    if (ended.ok) return { ok: true, via: 'agent-session' };
    // Leave no joined session behind: detach without logging the agent out.
    await client.endAgentSession(joined.value.sessionId, { forceLogoff: false, endContacts: false, ignorePersonalQueue: true });
    return failedWith(ended.failure);
  }
}
