import type { SalesforcePresence } from '../domain/index.ts';

/**
 * What became of a set-status command, for the dispatcher's retry policy:
 * - `applied`: the toolkit set it (`presence` is what the console shows now);
 * - `refused`: the console or the toolkit said no (`why`), e.g. a status the user's profile cannot use;
 * - `no_console`: the agent has no active console; nothing was sent (retry when one connects);
 * - `timed_out`: sent, but no answer in time, the connection dropped or the caller aborted; the outcome is unknown.
 */
export type SetStatusOutcome =
  | { readonly kind: 'applied'; readonly commandId: string; readonly presence: SalesforcePresence }
  | { readonly kind: 'refused'; readonly commandId: string; readonly why: string }
  | { readonly kind: 'no_console' }
  | { readonly kind: 'timed_out'; readonly commandId: string; readonly why: 'no_answer' | 'connection_closed' | 'aborted' };

export interface SetStatusOptions {
  /** The intent this command serves ([A-Za-z0-9_-], at most 64 characters). */
  readonly intentId: string;
  readonly timeoutMs: number;
  /** Stops waiting for the answer (the command may still be applied). */
  readonly signal?: AbortSignal;
}
