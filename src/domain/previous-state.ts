import { sameAcdState, type AcdState } from './acd-state.ts';

/** One CXone state the agent held, oldest first in a history. */
export interface HistoryEntry {
  readonly state: AcdState;
  readonly at: number;
  /** True when the hub itself put the agent in this state. */
  readonly byHub: boolean;
}

export const HISTORY_LIMIT = 16;

/** The history with a newly observed CXone state added; a repeat of the current state changes nothing. */
export function appendHistory(history: readonly HistoryEntry[], entry: HistoryEntry, limit = HISTORY_LIMIT): readonly HistoryEntry[] {
  const last = history[history.length - 1];
  if (last && sameAcdState(last.state, entry.state)) return history;
  const next = [...history, entry];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/**
 * `PREVIOUS`: the CXone state the agent had just before the most recent change that the hub
 * itself applied on the CXone side. Undefined when the hub has applied none that it remembers.
 */
export function previousState(history: readonly HistoryEntry[]): AcdState | undefined {
  for (let i = history.length - 1; i > 0; i--) {
    if (history[i]!.byHub) return history[i - 1]!.state;
  }
  return undefined;
}
