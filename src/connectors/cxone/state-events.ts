import type { PresenceEvent } from '../../domain/index.ts';
import type { CxoneAgentStateRow } from './payloads.ts';
import { acdStateOfRow, changeKey, startTimeOfRow } from './state-mapping.ts';

/** A CXone agent-state change as the domain's event, with the key that makes ingest idempotent. */
export interface CxoneStateEvent extends PresenceEvent {
  readonly origin: 'cxone_feed';
  /** `<agentId>/<acdStateKey>/<start epoch ms>`, see {@link changeKey}. */
  readonly dedupKey: string;
}

/** A row the hub could not turn into an event (unknown state, no time). */
export interface SkippedRow {
  readonly agentId: string;
  readonly reason: string;
}

/**
 * Feed rows → events: one per distinct change (repeated rows dropped), oldest first, so that a
 * late row delivered after newer ones still reaches ingest in time order.
 */
export function eventsOfRows(rows: readonly CxoneAgentStateRow[]): { events: CxoneStateEvent[]; skipped: SkippedRow[] } {
  const events: CxoneStateEvent[] = [];
  const skipped: SkippedRow[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const state = acdStateOfRow(row);
    if (state === undefined) {
      skipped.push({ agentId: row.agentId, reason: `unknown agent state ${row.stateName ?? String(row.stateId)}` });
      continue;
    }
    const at = startTimeOfRow(row);
    if (at === null) {
      skipped.push({ agentId: row.agentId, reason: 'the row has no startDate or lastUpdateTime' });
      continue;
    }
    const dedupKey = changeKey(row.agentId, state, at);
    if (seen.has(dedupKey)) continue;
    seen.add(dedupKey);
    events.push({ agentId: row.agentId, observation: { side: 'cxone', state }, at, origin: 'cxone_feed', dedupKey });
  }
  // Array.prototype.sort is stable: rows of one time keep the feed's order.
  events.sort((a, b) => a.at - b.at);
  return { events, skipped };
}
