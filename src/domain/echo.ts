import type { Side } from './presence-event.ts';

/** What the hub expects to hear back after writing a state: its own change, which must decide nothing. */
export interface ExpectedEcho {
  readonly side: Side;
  /** `acdStateKey` or `presenceKey` of the state written. */
  readonly stateKey: string;
  /** After this (hub clock, epoch ms) the echo is no longer expected. */
  readonly expiresAt: number;
  readonly commandId?: string;
  /** When the hub recorded it (hub clock): just before it made the write. */
  readonly recordedAt?: number;
}

/** How long after a write its echo is still recognised, by default. */
export const ECHO_WINDOW_MS = 60_000;

export function matchEcho(
  echoes: readonly ExpectedEcho[],
  observed: { readonly side: Side; readonly stateKey: string; readonly hubCommandId?: string | undefined },
  now: number,
): ExpectedEcho | undefined {
  return echoes.find(
    (e) =>
      e.side === observed.side &&
      e.expiresAt >= now &&
      (e.stateKey === observed.stateKey || (e.commandId !== undefined && e.commandId === observed.hubCommandId)),
  );
}
