/**
 * Reads a chaos run's history and reports, per agent, every breach of the project's claims:
 *
 * - lost: a change the rule maps that the hub never decided on and that nothing newer made moot
 *   (a CXone change missing from the audit; a Salesforce change the hub overwrote without having
 *   seen it, from an older state);
 * - stale: a hub write derived from a change older than a change on the target side that the hub
 *   had already decided on when it decided the write;
 * - ping-pong: a write decided on the hub's own change coming back, or two hub writes on one side
 *   undoing each other with nobody else changing anything in between;
 * - order: decisions of one side that go back in time, or hub writes landing out of their sources' order;
 * - outcomes: a change with no or several decisions of its own, a change decided for writing twice
 *   before its first write landed, a hub write no decision asked for, or one decision written twice;
 * - divergence: agents whose sides still disagree under the rule after the run went quiet.
 */
import type { AuditRecord, FinalState, History, PlatformChange, RuleVersion, Side } from './history.ts';
import { isChangeDecision, matchAgent, type Matching } from './matching.ts';

export type ViolationKind = 'lost' | 'stale' | 'ping-pong' | 'order' | 'outcomes' | 'divergence';
export const VIOLATION_KINDS: readonly ViolationKind[] = ['lost', 'stale', 'ping-pong', 'order', 'outcomes', 'divergence'];

export interface Violation {
  readonly kind: ViolationKind;
  readonly agent: string;
  readonly at: number;
  readonly text: string;
}

export interface Report {
  readonly seed: number;
  /** Changes made by people, and by the hub, per side. */
  readonly changes: { readonly external: Readonly<Record<Side, number>>; readonly byHub: Readonly<Record<Side, number>> };
  readonly decisions: number;
  /** Changes with exactly one decision of their own (collapsed ones aside), and how many were checked. */
  readonly outcomes: { readonly checked: number; readonly exactlyOne: number };
  /** Changes superseded on their platform before the hub could see them (no outcome owed). */
  readonly collapsed: number;
  readonly violations: readonly Violation[];
  /** Hub processes that died by themselves. */
  readonly crashes: number;
  readonly convergence: { readonly quietFrom: number; readonly convergedAt?: number; readonly withinInterval: boolean; readonly intervalMs: number; readonly apart: number };
}

const OFFLINE = 'Offline';

export function check(history: History): Report {
  const tol = history.clockToleranceMs;
  const audit = [...history.audit].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byAgent = <T extends { agent: string }>(rows: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) map.set(r.agent, [...(map.get(r.agent) ?? []), r]);
    return map;
  };
  const changesOf = byAgent([...history.changes].sort((a, b) => (a.side === b.side ? a.seq - b.seq : a.at - b.at)));
  const auditOf = byAgent(audit);
  const violations: Violation[] = [];
  let checked = 0;
  let exactlyOne = 0;
  let collapsed = 0;
  const agents = new Set([...changesOf.keys(), ...auditOf.keys()]);
  for (const agent of agents) {
    const changes = changesOf.get(agent) ?? [];
    const rows = auditOf.get(agent) ?? [];
    const decisions = rows.filter((r) => r.kind === 'decision' && r.event);
    const matching = matchAgent(changes, decisions, { clockToleranceMs: tol, reportWindowMs: 10_000 });
    const agentCheck = new AgentCheck(agent, changes, decisions, matching, history, violations);
    const counted = agentCheck.outcomesAndLost();
    checked += counted.checked;
    exactlyOne += counted.exactlyOne;
    collapsed += counted.collapsed;
    agentCheck.writes();
    agentCheck.order();
  }
  const finalRule = history.rules.at(-1);
  let apart = 0;
  if (finalRule) {
    for (const state of history.final) {
      const text = disagreement(state, finalRule, changesOf.get(state.agent) ?? [], history.names);
      if (text) {
        apart++;
        violations.push({ kind: 'divergence', agent: state.agent, at: history.quietFrom, text });
      }
    }
  }
  const tally = (byHub: boolean, side: Side) => history.changes.filter((c) => c.byHub === byHub && c.side === side).length;
  const convergedAt = history.convergedAt;
  return {
    seed: history.seed,
    changes: {
      external: { cxone: tally(false, 'cxone'), salesforce: tally(false, 'salesforce') },
      byHub: { cxone: tally(true, 'cxone'), salesforce: tally(true, 'salesforce') },
    },
    decisions: audit.filter((r) => r.kind === 'decision').length,
    outcomes: { checked, exactlyOne },
    collapsed,
    violations: violations.sort((a, b) => a.at - b.at),
    crashes: history.crashes?.length ?? 0,
    convergence: {
      quietFrom: history.quietFrom,
      ...(convergedAt !== undefined ? { convergedAt } : {}),
      withinInterval: convergedAt !== undefined && convergedAt - history.quietFrom <= history.reconcileIntervalMs,
      intervalMs: history.reconcileIntervalMs,
      apart,
    },
  };
}

/** The rule in force at a time (the first version before it was saved). */
function ruleAt(rules: readonly RuleVersion[], at: number): RuleVersion | undefined {
  let found = rules[0];
  for (const r of rules) if (r.from <= at) found = r;
  return found;
}

const mapped = (rule: RuleVersion | undefined, change: PlatformChange): boolean =>
  rule !== undefined && (change.side === 'cxone' ? rule.publisher[change.to] !== undefined : rule.subscriber[change.to] !== undefined);

class AgentCheck {
  private readonly tol: number;
  private readonly sideChanges: Record<Side, PlatformChange[]>;

  constructor(
    private readonly agent: string,
    private readonly changes: readonly PlatformChange[],
    private readonly decisions: readonly AuditRecord[],
    private readonly matching: Matching,
    private readonly history: History,
    private readonly out: Violation[],
  ) {
    this.tol = history.clockToleranceMs;
    this.sideChanges = { cxone: changes.filter((c) => c.side === 'cxone'), salesforce: changes.filter((c) => c.side === 'salesforce') };
  }

  private report(kind: ViolationKind, at: number, text: string): void {
    this.out.push({ kind, agent: this.agent, at, text });
  }

  private name(key: string): string {
    return this.history.names?.[key] ?? key;
  }

  private describe(c: PlatformChange): string {
    return `${c.side === 'cxone' ? 'CXone' : 'Salesforce'} ${this.name(c.from)}→${this.name(c.to)} by ${c.byHub ? 'the hub' : c.cause} at ${c.at}`;
  }

  /**
   * Exactly one decision per change made by someone other than the hub; lost changes. The hub's own
   * writes are outcomes, not changes: each may be decided once at most (as its echo), and on CXone,
   * whose feed carries every change, exactly once.
   */
  outcomesAndLost(): { checked: number; exactlyOne: number; collapsed: number } {
    let checked = 0;
    let exactlyOne = 0;
    let collapsed = 0;
    for (const side of ['cxone', 'salesforce'] as const) {
      const list = this.sideChanges[side];
      list.forEach((change, i) => {
        const own = this.matching.decisionsOf.get(change) ?? [];
        const next = list[i + 1];
        if (own.length > 1) this.report('outcomes', change.at, `${this.describe(change)} has ${own.length} decisions: ${own.map((d) => `${d.outcome}/${d.reason} (${d.event!.origin})`).join(', ')}`);
        if (change.byHub) {
          if (own.length === 0 && side === 'cxone' && !this.collapses(change, next)) this.report('outcomes', change.at, `${this.describe(change)} never came back through the feed into the audit`);
          return;
        }
        if (own.length === 0 && this.collapses(change, next)) {
          collapsed++;
          return;
        }
        checked++;
        if (own.length === 1) exactlyOne++;
        if (own.length !== 0) return;
        if (mapped(ruleAt(this.history.rules, change.at), change)) this.report('lost', change.at, `${this.describe(change)}: the rule maps it, the hub never decided on it${this.lostBecause(change, next)}`);
        else this.report('outcomes', change.at, `${this.describe(change)} has no decision`);
      });
    }
    return { checked, exactlyOne, collapsed };
  }

  /**
   * A change that owes no decision of its own: CXone's next change of the agent in the same
   * millisecond (the feed cannot tell them apart), or on Salesforce, a change the agent (not the
   * hub) replaced before the hub could see it (a console away from the hub reports only its latest
   * status) and that the hub did not overwrite from an older state.
   */
  private collapses(change: PlatformChange, next: PlatformChange | undefined): boolean {
    if (change.side === 'cxone') return next !== undefined && next.at === change.at;
    if (next && !next.byHub) return true;
    if (next?.byHub) return !this.olderSourced(next, change.at);
    // The last change: the hub knew of it if it observed Salesforce at or after it (a console's hello).
    return this.decisions.some((d) => d.event!.side === 'salesforce' && d.event!.at >= change.at - this.tol);
  }

  private lostBecause(change: PlatformChange, next: PlatformChange | undefined): string {
    if (change.side === 'salesforce' && next?.byHub) return `, and overwrote it with ${this.name(next.to)} (decided from a change older than it) at ${next.at}`;
    return '';
  }

  /** Whether the hub write `write` derives from a change older than `at`. */
  private olderSourced(write: PlatformChange, at: number): boolean {
    const decision = this.decisionOfWrite(write);
    return decision !== undefined && this.sourceAt(decision) < at - this.tol;
  }

  /** The write decision a hub write carries out: the latest one to that side and state recorded before it landed. */
  private decisionOfWrite(write: PlatformChange): AuditRecord | undefined {
    let found: AuditRecord | undefined;
    for (const d of this.decisions) {
      if (d.at > write.at + this.tol) break;
      if (d.outcome === 'write' && d.write?.side === write.side && d.write.stateKey === write.to) found = d;
    }
    return found;
  }

  /** When the state a decision acts on was observed (a console's hello acts on CXone's last observed state). */
  private sourceAt(d: AuditRecord): number {
    if (d.event!.origin === 'reconcile') return d.event!.at - 1;
    if (d.event!.origin !== 'console_connected') return d.event!.at;
    let at = Number.NEGATIVE_INFINITY;
    for (const other of this.decisions) {
      if (other === d) break;
      if (other.event!.side === 'cxone' && other.outcome !== 'stale') at = Math.max(at, other.event!.at);
    }
    return at;
  }

  /** Stale writes, ping-pong, writes without a decision, one change decided for writing twice. */
  writes(): void {
    const used = new Map<AuditRecord, PlatformChange>();
    for (const side of ['cxone', 'salesforce'] as const) {
      const list = this.sideChanges[side];
      let lastWrite: { change: PlatformChange; source: number } | undefined;
      for (const [i, write] of list.entries()) {
        if (!write.byHub) continue;
        const decision = this.decisionOfWrite(write);
        if (!decision) {
          this.report('outcomes', write.at, `${this.describe(write)}: no write decision asked for it`);
          continue;
        }
        const earlier = used.get(decision);
        if (earlier) this.report('outcomes', write.at, `${this.describe(write)} carries out the decision of ${decision.at} a second time (first at ${earlier.at})`);
        used.set(decision, write);
        const source = this.sourceAt(decision);
        this.stale(write, decision, source, list.slice(0, i));
        if (lastWrite && source < lastWrite.source - this.tol) {
          this.report('order', write.at, `${this.describe(write)} derives from a change at ${source}, older than the source (${lastWrite.source}) of the hub's previous write at ${lastWrite.change.at}`);
        }
        lastWrite = { change: write, source };
      }
      this.flipBacks(side, list);
    }
    for (const d of this.decisions) {
      if (d.outcome !== 'write') continue;
      const trigger = this.matching.changeOf.get(d);
      if (trigger?.byHub) this.report('ping-pong', d.at, `the hub's own change (${this.describe(trigger)}) came back and was decided as a write to ${d.write?.side}: ${d.reason}`);
    }
    this.reDecided();
  }

  /** A newer change on the target side that the hub had decided on before deciding `decision`. */
  private stale(write: PlatformChange, decision: AuditRecord, source: number, before: readonly PlatformChange[]): void {
    for (const e of before) {
      if (e.byHub || e.at <= source + this.tol) continue;
      const seen = (this.matching.decisionsOf.get(e) ?? []).find((d) => d.at + this.tol < decision.at);
      if (!seen) continue;
      this.report('stale', write.at, `${this.describe(write)} was decided (${decision.reason}, ${decision.at}) from a change at ${source}, after the hub had decided on the newer ${this.describe(e)}`);
      return;
    }
  }

  /** Two hub writes on one side undoing each other with nothing else changed in between. */
  private flipBacks(side: Side, list: readonly PlatformChange[]): void {
    const writes = list.filter((c) => c.byHub);
    for (let i = 1; i < writes.length; i++) {
      const [a, b] = [writes[i - 1]!, writes[i]!];
      if (b.to !== a.from || b.from !== a.to) continue;
      if (this.changes.some((c) => !c.byHub && c.at >= a.at - this.tol && c.at <= b.at)) continue;
      // The second write resolves a conflict with a change made before the first landed that reached the hub later.
      const first = this.decisionOfWrite(a);
      const late = first && this.decisions.some((d) => isChangeDecision(d) && d.at > first.at && (this.matching.changeOf.get(d)?.at ?? Number.POSITIVE_INFINITY) < a.at && !this.matching.changeOf.get(d)!.byHub);
      if (late) continue;
      this.report('ping-pong', b.at, `on ${side === 'cxone' ? 'CXone' : 'Salesforce'} the hub wrote ${this.name(a.from)}→${this.name(a.to)} at ${a.at}, then back at ${b.at}, with no other change in between`);
    }
  }

  /** Two write decisions of one change to one state, the second before the first landed: one change, two outcomes. */
  private reDecided(): void {
    for (const side of ['cxone', 'salesforce'] as const) {
      const writes = this.decisions.filter((d) => d.outcome === 'write' && d.write?.side === side);
      for (let i = 1; i < writes.length; i++) {
        const [a, b] = [writes[i - 1]!, writes[i]!];
        if (a.write!.stateKey !== b.write!.stateKey || this.sourceAt(a) !== this.sourceAt(b)) continue;
        const landed = this.sideChanges[side].some((c) => c.byHub && c.to === a.write!.stateKey && c.at >= a.at - this.tol && c.at <= b.at + this.tol);
        if (landed) continue;
        this.report('outcomes', b.at, `the change at ${this.sourceAt(a)} was decided twice for writing ${this.name(a.write!.stateKey)} to ${side}: ${a.reason} (${a.event!.origin}) at ${a.at}, ${b.reason} (${b.event!.origin}) at ${b.at}`);
      }
    }
  }

  /** Decisions of one side whose changes go back in time (stale verdicts aside). */
  order(): void {
    for (const side of ['cxone', 'salesforce'] as const) {
      let newest: AuditRecord | undefined;
      for (const d of this.decisions) {
        if (d.event!.side !== side || d.outcome === 'stale' || d.event!.origin === 'reconcile') continue;
        if (newest && d.event!.at < newest.event!.at - this.tol && d.at > newest.at + this.tol) {
          this.report('order', d.at, `${side} decision on a change at ${d.event!.at} (${d.event!.origin}, ${d.outcome}) came after one on a change at ${newest.event!.at}`);
        }
        if (!newest || d.event!.at > newest.event!.at) newest = d;
      }
    }
  }
}

/** Why the agent's two sides disagree under the rule at the end, or undefined when they agree. */
export function disagreement(state: FinalState, rule: RuleVersion, changes: readonly PlatformChange[], names?: Readonly<Record<string, string>>): string | undefined {
  const name = (key: string) => names?.[key] ?? key;
  const published = rule.publisher[state.cxone];
  if (published !== undefined && published === state.salesforce) return undefined;
  if (state.salesforce === OFFLINE && !state.consoleOpen) return undefined;
  let subscribed = rule.subscriber[state.salesforce];
  if (subscribed === 'PREVIOUS') {
    // The CXone state before the hub's latest change there; once the hub returned the agent to it, that return is its latest change.
    const lastByHub = changes.filter((c) => c.side === 'cxone' && c.byHub).at(-1);
    if (!lastByHub) return undefined;
    if (lastByHub.to === state.cxone) return undefined;
    subscribed = ['Available', 'Unavailable', 'LoggedOut'].includes(lastByHub.from) || lastByHub.from.startsWith('Unavailable:') ? lastByHub.from : 'Available';
  }
  if (subscribed !== undefined && (subscribed === state.cxone || subscribed === state.cxoneNext)) return undefined;
  if (published === undefined && subscribed === undefined) return undefined;
  return `still apart after the run: CXone ${name(state.cxone)}${state.cxoneNext ? ` (next ${name(state.cxoneNext)})` : ''}, Salesforce ${name(state.salesforce)}`;
}
