/**
 * Switches for the behaviours the reference marks unknown ([U]/[I]); each default is documented in
 * README.md. Tests of a client should run against both answers where both are plausible.
 */
export interface CxoneBehaviour {
  /** `every-change`: one feed row per change since `updatedSince`; `latest-per-agent`: one row per changed agent. */
  statesFeed: 'every-change' | 'latest-per-agent';
  /** Answer to a states / agents query with no rows: 200 with an empty list, or 204 without a body. */
  emptyResultStatus: 200 | 204;
  /** Success status of `POST /agents/{id}/state` and `POST /agent-sessions/{id}/state` (no body unless 200). */
  setStateStatus: 200 | 202 | 204;
  /** Status when the agent to be set is logged out. */
  loggedOutStatus: 400 | 409;
  /** Status when the unavailable code is not assigned to the agent's team (or inactive). */
  codeNotOnTeamStatus: 400 | 409;
  /** Key casing in `/teams/{id}/unavailable-codes`: `outStateId`/`outStateName`, which NICE's SDK reads (default), or the spec's `outstateId`/`outstateName`. */
  teamCodeCasing: 'outState' | 'outstate';
  /** Setting the state the agent is already in: no change recorded, or a new change (new start time). */
  sameStateChange: 'ignored' | 'recorded';
  /** Access tokens of a user deactivated after issue: keep working until they expire, or fail at once. */
  deactivatedUserTokens: 'valid-until-expiry' | 'rejected';
}

export const DEFAULT_BEHAVIOUR: CxoneBehaviour = {
  statesFeed: 'every-change',
  emptyResultStatus: 200,
  setStateStatus: 202,
  loggedOutStatus: 400,
  codeNotOnTeamStatus: 400,
  teamCodeCasing: 'outState',
  sameStateChange: 'ignored',
  deactivatedUserTokens: 'valid-until-expiry',
};

export interface CxoneEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Access token lifetime, default 3600 s. */
  tokenLifetimeSeconds?: number;
  /** Refresh token lifetime, default 7200 s. */
  refreshTokenLifetimeSeconds?: number;
  /** The emulator's clock (epoch ms), default `Date.now`. All times and token expiry use it. */
  now?: () => number;
  behaviour?: Partial<CxoneBehaviour>;
  /**
   * Token signing algorithm: RS256 (default, like CXone) or ES256, whose key is generated in
   * milliseconds instead of most of a second (for test suites that start many emulators).
   */
  signingAlgorithm?: 'RS256' | 'ES256';
  /** Log requests with pino (default false). */
  logger?: boolean;
}
