/** CXone (ACD) agent states, as the rules and the sync engine see them. */

export interface UnavailableCode {
  /** CXone's `outStateId` (as a string). */
  readonly id: string;
  readonly name: string;
}

/** The states CXone reports while an agent handles a contact; rules may map them ("on a call"). */
export const WORKING_STATES = ['InboundContact', 'OutboundContact', 'InboundConsult', 'OutboundConsult', 'Dialer'] as const;
export type WorkingState = (typeof WORKING_STATES)[number];

export type AcdState =
  | { readonly kind: 'LoggedOut' }
  | { readonly kind: 'Available' }
  /** `code: null` is CXone's system default Unavailable state (no reason code). */
  | { readonly kind: 'Unavailable'; readonly code: UnavailableCode | null }
  | { readonly kind: 'Working'; readonly activity: WorkingState };

export const LOGGED_OUT: AcdState = { kind: 'LoggedOut' };
export const AVAILABLE: AcdState = { kind: 'Available' };
export const DEFAULT_UNAVAILABLE: AcdState = { kind: 'Unavailable', code: null };
export const unavailable = (code: UnavailableCode): AcdState => ({ kind: 'Unavailable', code });
export const working = (activity: WorkingState): AcdState => ({ kind: 'Working', activity });

/**
 * A stable key for an ACD state: `Available`, `LoggedOut`, `Unavailable` (the default, no code),
 * `Unavailable:<codeId>`, or the working state's name. Two states are the same when their keys are.
 */
export function acdStateKey(state: AcdState): string {
  switch (state.kind) {
    case 'LoggedOut':
    case 'Available':
      return state.kind;
    case 'Unavailable':
      return state.code === null ? 'Unavailable' : `Unavailable:${state.code.id}`;
    case 'Working':
      return state.activity;
  }
}

export const sameAcdState = (a: AcdState, b: AcdState): boolean => acdStateKey(a) === acdStateKey(b);

export function describeAcdState(state: AcdState): string {
  switch (state.kind) {
    case 'LoggedOut':
      return 'Logged out';
    case 'Available':
      return 'Available';
    case 'Unavailable':
      return state.code === null ? 'Unavailable (system default)' : `Unavailable – ${state.code.name}`;
    case 'Working':
      return `Working (${state.activity})`;
  }
}

export const isWorking = (state: AcdState): boolean => state.kind === 'Working';

/** What a subscriber row may ask CXone for. Working states are never a target: no one can put an agent on a call. */
export type AcdTarget =
  | { readonly kind: 'Available' }
  | { readonly kind: 'LoggedOut' }
  /** `codeId: null` is the system default Unavailable state. */
  | { readonly kind: 'Unavailable'; readonly codeId: string | null }
  /** Back to the CXone state the agent had before the hub's most recent change on the CXone side. */
  | { readonly kind: 'PREVIOUS' };

/** The part of an ACD state a publisher row matches on. */
export type AcdSource =
  | { readonly kind: 'Available' }
  | { readonly kind: 'LoggedOut' }
  | { readonly kind: 'Unavailable'; readonly codeId: string | null }
  | { readonly kind: 'Working'; readonly activity: WorkingState };

export function acdSourceKey(source: AcdSource): string {
  switch (source.kind) {
    case 'Available':
    case 'LoggedOut':
      return source.kind;
    case 'Unavailable':
      return source.codeId === null ? 'Unavailable' : `Unavailable:${source.codeId}`;
    case 'Working':
      return source.activity;
  }
}

/** The key of the state a concrete (non-`PREVIOUS`) target stands for, comparable with {@link acdStateKey}. */
export function acdTargetKey(target: Exclude<AcdTarget, { kind: 'PREVIOUS' }>): string {
  return acdSourceKey(target);
}
