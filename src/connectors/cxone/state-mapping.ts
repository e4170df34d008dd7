import {
  AVAILABLE,
  DEFAULT_UNAVAILABLE,
  LOGGED_OUT,
  WORKING_STATES,
  acdStateKey,
  unavailable,
  working,
  type AcdState,
  type AcdTarget,
  type WorkingState,
} from '../../domain/index.ts';
import type { CxoneAgentStateRow } from './payloads.ts';

/** `agentStateId` → name (reference §3.3), for rows that carry only the number. */
const STATE_NAMES_BY_ID = ['LoggedOut', 'Available', 'Unavailable', 'InboundContact', 'OutboundContact', 'InboundConsult', 'OutboundConsult', 'Dialer', 'LoggedIn'];

const byLowerName = new Map<string, string>(STATE_NAMES_BY_ID.map((name) => [name.toLowerCase(), name]));
const workingStates = new Set<string>(WORKING_STATES);

/** The unavailable code id of a row, or null for the default Unavailable state (`0`, empty or missing). */
const codeIdOf = (outStateId: string | null): string | null => (outStateId === null || outStateId === '0' ? null : outStateId);

/**
 * A feed row as the domain's {@link AcdState}; `undefined` for a state the hub does not know.
 * `LoggedIn` (a session before its first state) counts as the default Unavailable state, which is
 * where CXone puts a new session (reference §1).
 */
export function acdStateOfRow(row: Pick<CxoneAgentStateRow, 'stateName' | 'stateId' | 'outStateId' | 'outStateName'>): AcdState | undefined {
  const name = row.stateName !== null ? byLowerName.get(row.stateName.toLowerCase()) : row.stateId !== null ? STATE_NAMES_BY_ID[row.stateId] : undefined;
  switch (name) {
    case undefined:
      return undefined;
    case 'LoggedOut':
      return LOGGED_OUT;
    case 'Available':
      return AVAILABLE;
    case 'LoggedIn':
      return DEFAULT_UNAVAILABLE;
    case 'Unavailable': {
      const codeId = codeIdOf(row.outStateId);
      return codeId === null ? DEFAULT_UNAVAILABLE : unavailable({ id: codeId, name: row.outStateName ?? '' });
    }
    default:
      return workingStates.has(name) ? working(name as WorkingState) : undefined;
  }
}

/** When the row's state began (epoch ms): its `startDate`, else its `lastUpdateTime`. */
export const startTimeOfRow = (row: Pick<CxoneAgentStateRow, 'startTime' | 'lastUpdateTime'>): number | null => row.startTime ?? row.lastUpdateTime;

/**
 * The key that identifies one change in CXone: `<agentId>/<acdStateKey>/<start time, epoch ms>`,
 * e.g. `1042/Unavailable:7/1764072000000`. The same change seen twice (a repeated row, an
 * overlapping poll, a restart) has the same key.
 */
export const changeKey = (agentId: string, state: AcdState, startTime: number): string => `${agentId}/${acdStateKey(state)}/${startTime}`;

/** A concrete ACD target (`PREVIOUS` is resolved by the engine before it reaches a writer). */
export type ConcreteAcdTarget = Exclude<AcdTarget, { kind: 'PREVIOUS' }>;

/** The CXone call that brings an agent to a target. */
export type CxoneWrite =
  /** `POST /agents/{id}/state`; `outStateId: null` is the default Unavailable state. */
  | { readonly call: 'agent-state'; readonly state: 'Available' | 'Unavailable'; readonly outStateId: string | null }
  /** Join the agent's session and end it with `forceLogoff` (reference §3.4). */
  | { readonly call: 'logout' };

export function writeFor(target: ConcreteAcdTarget): CxoneWrite {
  switch (target.kind) {
    case 'Available':
      return { call: 'agent-state', state: 'Available', outStateId: null };
    case 'Unavailable':
      return { call: 'agent-state', state: 'Unavailable', outStateId: target.codeId };
    case 'LoggedOut':
      return { call: 'logout' };
  }
}

/** A domain state as a target, for callers that hold an {@link AcdState}; working states cannot be set. */
export function targetOfState(state: AcdState): ConcreteAcdTarget | undefined {
  switch (state.kind) {
    case 'Available':
    case 'LoggedOut':
      return { kind: state.kind };
    case 'Unavailable':
      return { kind: 'Unavailable', codeId: state.code?.id ?? null };
    case 'Working':
      return undefined;
  }
}
