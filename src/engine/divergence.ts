import {
  acdSourceKey,
  acdStateKey,
  presenceKey,
  samePresence,
  type AcdState,
  type AcdTarget,
  type HistoryEntry,
  type Observed,
  type PresenceRule,
  type SalesforcePresence,
  type Side,
} from '../domain/index.ts';

export type Divergence =
  | { readonly kind: 'in_sync' }
  /** Not enough is known (a side never observed) or nothing can be written now (console closed). */
  | { readonly kind: 'unknown' }
  /** The two sides disagree under the rule; re-asserting `reassert` heals it. */
  | { readonly kind: 'diverged'; readonly reassert: Side };

/**
 * Whether an agent's two observed states agree under their rule: the publisher mapping of the CXone
 * state is what Salesforce shows, or the subscriber mapping of the Salesforce status is what CXone
 * shows (either agreement is a fixed point `decide` would not change). When they disagree, the side
 * observed last wins, as for a conflict; the other side is used when the last one's rule has no row.
 */
export function divergence(
  rule: PresenceRule,
  cxone: Observed<AcdState> | undefined,
  salesforce: Observed<SalesforcePresence> | undefined,
  history: readonly HistoryEntry[],
): Divergence {
  if (!cxone || !salesforce) return { kind: 'unknown' };
  if (salesforce.origin === 'console_closed') return { kind: 'unknown' };
  const publisher = rule.publisher.find((row) => acdSourceKey(row.acd) === acdStateKey(cxone.value));
  const subscriber = rule.subscriber.find((row) => presenceKey(row.salesforce) === presenceKey(salesforce.value));
  if (!publisher && !subscriber) return { kind: 'in_sync' };
  if (publisher && samePresence(publisher.salesforce, salesforce.value)) return { kind: 'in_sync' };
  if (subscriber && impliedKey(subscriber.acd, history) === acdStateKey(cxone.value)) return { kind: 'in_sync' };
  const newest: Side = cxone.at >= salesforce.at ? 'cxone' : 'salesforce';
  const usable = (side: Side) => (side === 'cxone' ? publisher !== undefined : subscriber !== undefined);
  return { kind: 'diverged', reassert: usable(newest) ? newest : newest === 'cxone' ? 'salesforce' : 'cxone' };
}

function impliedKey(target: AcdTarget, history: readonly HistoryEntry[]): string | undefined {
  if (target.kind !== 'PREVIOUS') return acdSourceKey(target);
  const last = history[history.length - 1];
  return last?.byHub ? acdStateKey(last.state) : undefined;
}
