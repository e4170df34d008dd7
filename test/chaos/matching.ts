/**
 * Which audit decision speaks of which platform change. CXone's feed times a change exactly as
 * CXone's record does, so a CXone decision names its change by time and state. A console's report
 * is timed by the hub instance that received it (a little later, on a clock that may be skewed),
 * so a Salesforce decision takes the latest change to the same state that is not yet taken,
 * within a window around its time.
 */
import type { AuditRecord, PlatformChange } from './history.ts';

/** Decisions about a change on a platform (the others re-assert a side: a console saying hello, a reconciliation pass). */
const CHANGE_ORIGINS = new Set(['cxone_feed', 'console_manual', 'console_supervisor', 'console_toolkit', 'console_closed', 'salesforce_server']);

export const isChangeDecision = (row: AuditRecord): boolean => row.kind === 'decision' && row.event !== undefined && CHANGE_ORIGINS.has(row.event.origin);

export interface Matching {
  /** The decisions of each change, by change. */
  readonly decisionsOf: Map<PlatformChange, AuditRecord[]>;
  /** The change each decision speaks of. */
  readonly changeOf: Map<AuditRecord, PlatformChange>;
}

export interface MatchOptions {
  /** How far the hub's clocks may be from the platforms'. */
  readonly clockToleranceMs: number;
  /** How long after a Salesforce change the hub may record it (delivery, and the grace period of a closed console). */
  readonly reportWindowMs: number;
}

/** One agent's changes (all sides, in each side's log order) and decisions (in recording order). */
export function matchAgent(changes: readonly PlatformChange[], decisions: readonly AuditRecord[], options: MatchOptions): Matching {
  const decisionsOf = new Map<PlatformChange, AuditRecord[]>();
  const changeOf = new Map<AuditRecord, PlatformChange>();
  const take = (change: PlatformChange, decision: AuditRecord) => {
    decisionsOf.set(change, [...(decisionsOf.get(change) ?? []), decision]);
    changeOf.set(decision, change);
  };

  const cxByKey = new Map<string, PlatformChange>();
  for (const c of changes) if (c.side === 'cxone') cxByKey.set(`${c.at}|${c.to}`, c);
  const sfChanges = changes.filter((c) => c.side === 'salesforce');
  const sfDecisions: AuditRecord[] = [];
  for (const d of decisions) {
    if (!isChangeDecision(d)) continue;
    if (d.event!.side === 'cxone') {
      const change = cxByKey.get(`${d.event!.at}|${d.event!.stateKey}`);
      if (change) take(change, d);
    } else sfDecisions.push(d);
  }

  // Salesforce: the earliest reports first, each taking the latest free change to its state in its window.
  const taken = new Set<PlatformChange>();
  const { clockToleranceMs: tol, reportWindowMs } = options;
  for (const d of [...sfDecisions].sort((a, b) => a.event!.at - b.event!.at)) {
    const at = d.event!.at;
    let best: PlatformChange | undefined;
    for (const c of sfChanges) {
      if (c.to !== d.event!.stateKey || taken.has(c)) continue;
      if (c.at > at + tol + 50 || c.at < at - tol - reportWindowMs) continue;
      // The hub's own writes come back as toolkit reports, the agent's as theirs; the server feed sees both.
      if (d.event!.origin !== 'salesforce_server' && c.byHub !== (d.event!.origin === 'console_toolkit')) continue;
      if (!best || c.at > best.at) best = c;
    }
    if (best) {
      taken.add(best);
      take(best, d);
      continue;
    }
    // A second report of a change already taken: the same state, in the window, and no later change to it.
    const again = sfChanges.filter((c) => c.to === d.event!.stateKey && c.at <= at + tol + 50 && c.at >= at - tol - reportWindowMs).at(-1);
    if (again && taken.has(again) && d.event!.origin !== 'console_closed') take(again, d);
  }
  return { decisionsOf, changeOf };
}
