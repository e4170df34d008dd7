/**
 * Invariants of a run, checked from the emulators' own records (CXone's change log, the consoles'
 * Omni-Channel events) and the hub's audit: both sides agree under the rule, the hub never flips
 * an agent back and forth, every CXone change is accounted for, per-agent order.
 */
import type { DemoAgent } from '../../../demo/demo-world.ts';
import type { StateChange } from '../../../emulators/cxone/index.ts';
import { acdSourceKey, acdStateKey, previousState, type AcdState, type PresenceRule } from '../../../src/domain/index.ts';
import type { AuditEntry, Store } from '../../../src/store/index.ts';
import { DEMO_TENANT, OFFLINE, type E2e, type HubHandle } from './e2e-hub.ts';

/** A CXone status as the domain keys it: Available, LoggedOut, Unavailable, Unavailable:<code id>, InboundContact... */
export const cxKeyOf = (status: { readonly name: string; readonly outStateId: number }): string =>
  status.name === 'Unavailable' && status.outStateId ? `Unavailable:${status.outStateId}` : status.name;

interface RuleMaps {
  /** CXone key → Salesforce developer name (or Offline). */
  readonly publisher: ReadonlyMap<string, string>;
  /** Salesforce developer name (or Offline) → CXone key, or PREVIOUS. */
  readonly subscriber: ReadonlyMap<string, string>;
}

function ruleMaps(e2e: E2e<HubHandle>, rule: PresenceRule): RuleMaps {
  const sf = (p: PresenceRule['publisher'][number]['salesforce']) => (p.kind === 'Offline' ? OFFLINE : e2e.statusName(p.statusId));
  return {
    publisher: new Map(rule.publisher.map((row) => [acdSourceKey(row.acd), sf(row.salesforce)])),
    subscriber: new Map(rule.subscriber.map((row) => [sf(row.salesforce), row.acd.kind === 'PREVIOUS' ? 'PREVIOUS' : acdSourceKey(row.acd)])),
  };
}

export interface Disagreement {
  readonly agent: DemoAgent;
  readonly text: string;
}

/** For a failure message: what happened to the agent on both sides, and what the hub decided. */
export async function story(e2e: E2e<HubHandle>, agent: DemoAgent, audit?: readonly AuditEntry[]): Promise<string> {
  const { cxone, salesforce } = timelines(e2e, agent);
  const entries = audit ? audit.filter((a) => a.agentId === String(agent.cxoneAgentId)) : await e2e.audit(agent.cxoneAgentId);
  const lines = [
    ...cxone.map((c) => ({ at: c.at, line: `CXone ${c.from}→${c.to}${c.byHub ? ' (hub)' : ''}` })),
    ...salesforce.map((c) => ({ at: c.at, line: `Salesforce ${c.from}→${c.to}${c.byHub ? ' (hub)' : ''}` })),
    ...entries.map((e) => ({ at: e.at, line: `  audit ${e.kind} ${e.outcome}:${e.reason ?? ''} ${e.explanation}` })),
  ].sort((a, b) => a.at - b.at);
  return `${agent.name}:\n${lines.map((l) => `${l.at % 100_000} ${l.line}`).join('\n')}`;
}

/**
 * Agents whose two sides disagree under the rule: neither the publisher mapping of the CXone state
 * is the Omni-Channel status, nor the subscriber mapping of the status is the CXone state (or the
 * state queued for the end of the agent's contact). Unmapped pairs and closed consoles are no disagreement.
 */
export async function disagreements(e2e: E2e<HubHandle>, store: Store, agents: readonly DemoAgent[], rule: PresenceRule): Promise<Disagreement[]> {
  const maps = ruleMaps(e2e, rule);
  const problems: Disagreement[] = [];
  for (const agent of agents) {
    const view = e2e.cx.agent(agent.cxoneAgentId);
    const cx = cxKeyOf({ name: view.state, outStateId: view.outStateId });
    const next = view.nextState ? cxKeyOf({ name: view.nextState.state, outStateId: view.nextState.outStateId }) : undefined;
    const sf = e2e.sfStatus(agent);
    const published = maps.publisher.get(cx);
    if (published !== undefined && published === sf) continue;
    let subscribed = maps.subscriber.get(sf);
    if (subscribed === 'PREVIOUS') {
      const history = await store.syncState.history(DEMO_TENANT, String(agent.cxoneAgentId));
      const previous: AcdState | undefined = previousState(history);
      if (!previous) continue; // none to return to: the rule asks nothing of CXone
      // Once the hub has returned the agent to the previous state, that return is its own last change.
      const last = history.at(-1);
      if (last?.byHub && acdStateKey(last.state) === cx) continue;
      subscribed = previous.kind === 'Working' ? 'Available' : acdStateKey(previous);
    }
    if (subscribed !== undefined && (subscribed === cx || subscribed === next)) continue;
    if (sf === OFFLINE && !e2e.consoleOpen(agent)) continue;
    if (published === undefined && subscribed === undefined) continue;
    problems.push({ agent, text: `${agent.name} (${agent.cxoneAgentId}): CXone ${cx}${next ? ` (next ${next})` : ''}, Salesforce ${sf}` });
  }
  return problems;
}

interface Change {
  readonly at: number;
  readonly from: string;
  readonly to: string;
  readonly byHub: boolean;
}

/** Every change of the agent on each side, oldest first, from the emulators' records. */
function timelines(e2e: E2e<HubHandle>, agent: DemoAgent): { cxone: Change[]; salesforce: Change[]; external: number[] } {
  const cxone = e2e.cx.changes({ agentId: agent.cxoneAgentId }).map((c: StateChange) => ({ at: c.at, from: cxKeyOf(c.from), to: cxKeyOf(c.to), byHub: c.cause === 'api' }));
  const userId = e2e.sfUserId(agent);
  const raw = [
    ...e2e.consoleEvents.filter((ev) => ev.userId === userId).map((ev) => ({ at: ev.at, to: ev.status, byHub: ev.byHub })),
    ...e2e.consoleLifecycle.filter((l) => l.userId === userId && !l.open).map((l) => ({ at: l.at, to: OFFLINE, byHub: false })),
  ].sort((a, b) => a.at - b.at);
  let current = OFFLINE;
  const salesforce: Change[] = [];
  for (const r of raw) {
    if (r.to === current) continue;
    salesforce.push({ at: r.at, from: current, to: r.to, byHub: r.byHub });
    current = r.to;
  }
  const external = [
    ...cxone.filter((c) => !c.byHub).map((c) => c.at),
    ...salesforce.filter((c) => !c.byHub).map((c) => c.at),
    ...e2e.consoleLifecycle.filter((l) => l.userId === userId).map((l) => l.at),
  ];
  return { cxone, salesforce, external };
}

/**
 * Ping-pong: two writes of the hub on one side, the second undoing the first (A→B, then B→A),
 * with no change by anyone else to the agent (on either side, console opened or closed) in between.
 */
export function pingPongs(e2e: E2e<HubHandle>, agents: readonly DemoAgent[], audit?: readonly AuditEntry[]): string[] {
  const found: string[] = [];
  for (const agent of agents) {
    const { cxone, salesforce, external } = timelines(e2e, agent);
    const id = String(agent.cxoneAgentId);
    const late = audit ? lateChanges(audit, id) : [];
    for (const [side, changes] of [['CXone', cxone], ['Salesforce', salesforce]] as const) {
      const writes = changes.filter((c) => c.byHub);
      for (let i = 1; i < writes.length; i++) {
        const [a, b] = [writes[i - 1]!, writes[i]!];
        if (b.to !== a.from || b.from !== a.to) continue;
        if (external.some((at) => at >= a.at && at <= b.at)) continue;
        // A change someone made before the first write landed but that reached the hub only after it
        // decided that write (both sides changed while the hub was down): the second write resolves
        // that conflict; it is no loop.
        const decidedAt = audit ? lastWriteDecision(e2e, audit, id, side === 'CXone' ? 'cxone' : 'salesforce', a) : undefined;
        if (decidedAt !== undefined && late.some((c) => c.at < a.at && c.ingestedAt > decidedAt)) continue;
        found.push(`${agent.name} on ${side}: ${a.from}→${a.to} at ${a.at}, back ${b.from}→${b.to} at ${b.at}`);
      }
    }
  }
  return found;
}

/** Changes made by people (not echoes of the hub's writes) with when they happened and when the hub ingested them. */
function lateChanges(audit: readonly AuditEntry[], agentId: string): { at: number; ingestedAt: number }[] {
  const people = new Set(['cxone_feed', 'console_manual', 'console_supervisor', 'salesforce_server']);
  return audit.flatMap((entry) => {
    const event = entry.details.event as { at?: number; origin?: string } | undefined;
    if (entry.agentId !== agentId || entry.kind !== 'decision' || entry.outcome === 'echo' || !event?.at || !people.has(event.origin ?? '')) return [];
    return [{ at: event.at, ingestedAt: entry.at }];
  });
}

/** When the hub last decided, before the write landed, to write this state to this side of the agent. */
function lastWriteDecision(e2e: E2e<HubHandle>, audit: readonly AuditEntry[], agentId: string, side: string, write: Change): number | undefined {
  const keyOf = (stateKey: string) => (side === 'cxone' ? stateKey : stateKey === 'Offline' ? OFFLINE : e2e.statusName(stateKey.slice('status:'.length)));
  let last: number | undefined;
  for (const entry of audit) {
    const decided = entry.details.write as { side?: string; stateKey?: string } | undefined;
    if (entry.agentId !== agentId || entry.outcome !== 'write' || decided?.side !== side || entry.at > write.at) continue;
    if (decided.stateKey !== undefined && keyOf(decided.stateKey) === write.to && (last === undefined || entry.at > last)) last = entry.at;
  }
  return last;
}

/** The hub's writes per side, from the emulators' records. */
export function hubWrites(e2e: E2e<HubHandle>, agents: readonly DemoAgent[]): { cxone: number; salesforce: number } {
  let cxone = 0;
  let salesforce = 0;
  for (const agent of agents) {
    const t = timelines(e2e, agent);
    cxone += t.cxone.filter((c) => c.byHub).length;
    salesforce += t.salesforce.filter((c) => c.byHub).length;
  }
  return { cxone, salesforce };
}

interface CxoneEventDetails {
  readonly side: string;
  readonly at: number;
  readonly observation: { readonly state?: AcdState };
}

const cxoneEventOf = (entry: AuditEntry): CxoneEventDetails | undefined => {
  const event = entry.details.event as CxoneEventDetails | undefined;
  return entry.kind === 'decision' && event?.side === 'cxone' && event.observation.state ? event : undefined;
};

/** CXone changes (oldest first) that no decision in the audit accounts for (same agent, time and state). */
export function unaccounted(changes: readonly StateChange[], audit: readonly AuditEntry[]): StateChange[] {
  const seen = new Set<string>();
  for (const entry of audit) {
    const event = cxoneEventOf(entry);
    if (event) seen.add(`${entry.agentId}|${event.at}|${acdStateKey(event.observation.state!)}`);
  }
  // A change followed by the same agent's next change in the same millisecond cannot be told apart
  // in time (CXone's feed times rows to the millisecond); the hub may keep only the later one.
  const nextAt = new Map<number, number>();
  const sameMillisecondAsNext = new Set<StateChange>();
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i]!;
    if (nextAt.get(c.agentId) === c.at) sameMillisecondAsNext.add(c);
    nextAt.set(c.agentId, c.at);
  }
  return changes.filter((c) => !sameMillisecondAsNext.has(c) && !seen.has(`${c.agentId}|${c.at}|${cxKeyOf(c.to)}`));
}

/** Agents whose CXone decisions (audit oldest first; stale ones aside) go back in time: per-agent order broken. */
export function outOfOrder(audit: readonly AuditEntry[]): string[] {
  const last = new Map<string, number>();
  const problems: string[] = [];
  for (const entry of audit) {
    const event = cxoneEventOf(entry);
    if (!event || entry.outcome === 'stale' || !entry.agentId) continue;
    const before = last.get(entry.agentId);
    if (before !== undefined && event.at < before) problems.push(`${entry.agentId}: ${acdStateKey(event.observation.state!)} at ${event.at} decided after a change at ${before}`);
    last.set(entry.agentId, Math.max(before ?? 0, event.at));
  }
  return problems;
}
