import {
  acdSourceKey,
  acdStateKey,
  DEFAULT_UNAVAILABLE,
  describeAcdState,
  sameAcdState,
  type AcdState,
  type AcdTarget,
  type UnavailableCode,
} from './acd-state.ts';
import type { RuleResolution } from './assignment.ts';
import { matchEcho, type ExpectedEcho } from './echo.ts';
import { otherSide, type Origin, type PresenceEvent, type Side } from './presence-event.ts';
import { appendHistory, previousState, type HistoryEntry } from './previous-state.ts';
import type { Problem } from './result.ts';
import { describePresence, presenceKey, samePresence, type SalesforcePresence, type SalesforceStatus } from './salesforce-presence.ts';

export interface Observed<T> {
  readonly value: T;
  readonly at: number;
  readonly origin: Origin;
}

/** Everything decide() needs to know about one agent; the store reads it inside the ingest transaction. */
export interface AgentContext {
  /** Hub clock at ingest (epoch ms). */
  readonly now: number;
  readonly presenceSyncEnabled: boolean;
  /** Why this agent may not be synced (no link, missing permission set, licence, ...); empty when it may. */
  readonly syncBlockers: readonly Problem[];
  readonly rule: RuleResolution | undefined;
  /** Unavailable codes assigned to the agent's CXone team, by id. */
  readonly teamCodes: ReadonlyMap<string, UnavailableCode>;
  /** The org's presence statuses, by lower-cased 18-character id. */
  readonly statuses: ReadonlyMap<string, SalesforceStatus>;
  /** Status ids the agent's profile or permission sets may use; undefined when not known. */
  readonly allowedStatusIds: ReadonlySet<string> | undefined;
  readonly observed: { readonly cxone?: Observed<AcdState>; readonly salesforce?: Observed<SalesforcePresence> };
  readonly history: readonly HistoryEntry[];
  readonly expectedEchoes: readonly ExpectedEcho[];
  /** Source time of the pending (not yet applied) intent towards each side, if any. */
  readonly pending: { readonly cxone?: number; readonly salesforce?: number };
  /** State key of the pending intent towards each side, if any. */
  readonly pendingStateKeys?: { readonly cxone?: string; readonly salesforce?: string };
}

export type DecisionOutcome = 'write' | 'echo' | 'stale' | 'noop' | 'superseded';

export type DecisionReason =
  | 'stale'
  | 'echo'
  | 'unchanged'
  | 'presence_sync_disabled'
  | 'agent_not_syncable'
  | 'no_rule'
  | 'no_publisher_row'
  | 'no_subscriber_row'
  | 'already_in_sync'
  | 'superseded_by_newer_change'
  | 'publisher_row'
  | 'subscriber_row'
  | 'previous_state'
  | 'previous_state_unknown'
  | 'fallback_unmapped_status'
  | 'fallback_code_not_on_team'
  | 'code_not_on_team'
  | 'status_not_allowed_for_profile'
  | 'unknown_status'
  | 'cxone_logged_out'
  | 'salesforce_console_closed'
  | 'console_connected'
  | 'initial_sync';

export type WriteIntent =
  | { readonly side: 'cxone'; readonly state: AcdState; readonly stateKey: string; readonly whenContactEnds: boolean }
  | { readonly side: 'salesforce'; readonly presence: SalesforcePresence; readonly stateKey: string };

export interface Decision {
  readonly outcome: DecisionOutcome;
  readonly reason: DecisionReason;
  /** One sentence an administrator can read: "why is this agent in this state?". */
  readonly explanation: string;
  /** Whether the event becomes the agent's observed state on its side. */
  readonly observe: boolean;
  /** The agent's CXone history after this event, when it changed. */
  readonly history?: readonly HistoryEntry[];
  /** The expected echo this event fulfilled, to be removed. */
  readonly echo?: ExpectedEcho;
  readonly write?: WriteIntent;
  /** A pending intent towards this side that this newer change makes obsolete. */
  readonly supersedes?: Side;
  /** The source time of the observation the write derives from, when it is not the event's own. */
  readonly sourceAt?: number;
  /**
   * A pending write towards this side that is due at once: the console it waits for has just
   * connected (the write stays the one its own decision asked for; this event decides no other).
   */
  readonly resumes?: Side;
  readonly rule?: { readonly id: string; readonly name: string; readonly version: number; readonly via: 'user' | 'team' };
  readonly row?: { readonly direction: 'publisher' | 'subscriber'; readonly index: number };
  readonly blockers?: readonly Problem[];
}

type Partial_ = Omit<Decision, 'observe' | 'history' | 'echo' | 'supersedes'>;

/**
 * What to do about one observed change. Pure: the same event and context always give the same
 * decision, and nothing outside is touched.
 */
export function decide(event: PresenceEvent, ctx: AgentContext): Decision {
  const side = event.observation.side;
  const key = observationKey(event);
  const held = ctx.observed[side];
  const describe = describeObservation(event, ctx);

  if (held && event.at < held.at) {
    return { outcome: 'stale', reason: 'stale', observe: false, explanation: `Ignored ${describe} from ${side}: the hub already holds a newer state observed at ${iso(held.at)}.` };
  }

  const history = side === 'cxone' ? nextHistory(event, ctx, false) : undefined;
  const echo = matchEcho(ctx.expectedEchoes, { side, stateKey: key, hubCommandId: event.hubCommandId }, ctx.now);
  if (echo) {
    return {
      outcome: 'echo',
      reason: 'echo',
      observe: true,
      echo,
      ...(side === 'cxone' ? { history: nextHistory(event, ctx, true) } : {}),
      explanation: `${describe} on ${side} is the hub's own change coming back; it decides nothing.`,
    };
  }

  const common = { observe: true, ...(history && history !== ctx.history ? { history } : {}) };
  const pendingHere = ctx.pending[side];
  // A connecting console and a reconciliation pass re-assert what a side shows: never "unchanged".
  const reasserted = event.origin === 'console_connected' || event.origin === 'reconcile';

  if (!reasserted && held && stateKeyOf(side, held.value) === key) {
    return { ...common, outcome: 'noop', reason: 'unchanged', explanation: `${describe} on ${side} is the state the hub already held.` };
  }
  if (pendingHere !== undefined && pendingHere > event.at) {
    return {
      ...common,
      outcome: 'superseded',
      reason: 'superseded_by_newer_change',
      explanation: `${describe} on ${side} lost to a newer change on the other side, which the hub is applying to ${side}.`,
    };
  }
  const body = side === 'cxone' ? decideForCxone(event, ctx) : decideForSalesforce(event, ctx);
  // Only a console that connects makes the pending write it waited for due now.
  const { resumes, ...rest } = body;
  return { ...rest, ...common, ...supersededBy(event, ctx, body), ...(resumes && event.origin === 'console_connected' ? { resumes } : {}) };
}

/**
 * Which pending intent this newer change makes obsolete: one towards its own side (the agent's
 * own newer change wins over the hub's older write), else, when it writes nothing itself, one
 * towards the other side that an older state of this side asked for.
 */
function supersededBy(event: PresenceEvent, ctx: AgentContext, body: Partial_): { supersedes?: Side } {
  const side = event.observation.side;
  const here = ctx.pending[side];
  // A decision that writes this side itself (a console's initial sync) replaces the pending write
  // instead; one that finds the pending write already carrying what it wants keeps it.
  if (here !== undefined && here < event.at && body.write?.side !== side && body.resumes !== side) return { supersedes: side };
  const there = ctx.pending[otherSide(side)];
  // A console saying hello reports what it shows; it is no change that could cancel a write to CXone.
  if (event.origin === 'console_connected') return {};
  if (body.outcome !== 'write' && there !== undefined && there < event.at) return { supersedes: otherSide(side) };
  return {};
}

function decideForCxone(event: PresenceEvent, ctx: AgentContext): Partial_ {
  const state = (event.observation as { state: AcdState }).state;
  const gate = gateAgent(ctx, describeAcdState(state));
  if (gate) return gate;
  const { rule, via } = ctx.rule!;
  const ruleRef = { id: rule.id, name: rule.name, version: rule.version, via };
  const source = acdStateKey(state);
  const index = rule.publisher.findIndex((row) => acdSourceKey(row.acd) === source);
  if (index < 0) {
    return { outcome: 'noop', reason: 'no_publisher_row', rule: ruleRef, explanation: `Rule "${rule.name}" has no publisher row for ${describeAcdState(state)}; Salesforce is left as it is.` };
  }
  const target = rule.publisher[index]!.salesforce;
  const row = { direction: 'publisher' as const, index };
  const sf = ctx.observed.salesforce;
  if (sf && newerChangeThan(event.at, 'salesforce', ctx)) {
    return {
      outcome: 'superseded',
      reason: 'superseded_by_newer_change',
      rule: ruleRef,
      row,
      explanation: `CXone shows ${describeAcdState(state)}, but Salesforce changed to ${describePresence(sf.value, ctx.statuses)} after it (${iso(sf.at)}); the newer change wins and Salesforce is left as it is.`,
    };
  }
  return writeSalesforce(ctx, state, target, { rule: ruleRef, row }, `CXone shows ${describeAcdState(state)}; rule "${rule.name}" publisher row ${index + 1}`);
}

function writeSalesforce(ctx: AgentContext, cxone: AcdState, target: SalesforcePresence, refs: Pick<Decision, 'rule' | 'row'>, because: string): Partial_ {
  const label = describePresence(target, ctx.statuses);
  const sf = ctx.observed.salesforce;
  if (target.kind === 'Status') {
    const id = target.statusId.toLowerCase();
    if (!ctx.statuses.has(id)) return { ...refs, outcome: 'noop', reason: 'unknown_status', explanation: `${because} names ${label}, which the org no longer has; run the status refresh or edit the rule.` };
    if (ctx.allowedStatusIds && !ctx.allowedStatusIds.has(id)) {
      return { ...refs, outcome: 'noop', reason: 'status_not_allowed_for_profile', explanation: `${because} maps to ${label}, which this agent's profile and permission sets may not use; grant access in Salesforce.` };
    }
  }
  if (sf && samePresence(sf.value, target)) {
    return { ...refs, outcome: 'noop', reason: 'already_in_sync', explanation: `${because} maps to ${label}, which Salesforce already shows.` };
  }
  if (ctx.pending.salesforce !== undefined && ctx.pendingStateKeys?.salesforce === presenceKey(target)) {
    // One write per change: the pending one, decided on an earlier change, already carries this status.
    return { ...refs, outcome: 'noop', reason: 'already_in_sync', resumes: 'salesforce', explanation: `${because} maps to ${label}, which the hub is already setting in Salesforce.` };
  }
  if (unechoedWrite(ctx, 'salesforce') === presenceKey(target)) {
    return { ...refs, outcome: 'noop', reason: 'already_in_sync', explanation: `${because} maps to ${label}, which the hub has just set in Salesforce.` };
  }
  if (sf && sf.origin === 'console_closed' && sf.value.kind === 'Offline') {
    return { ...refs, outcome: 'noop', reason: 'salesforce_console_closed', explanation: `${because} maps to ${label}, but the agent's console is closed; it is applied when the console connects.` };
  }
  if (sf && agreesUnderSubscriber(ctx, sf.value, cxone)) {
    return { ...refs, outcome: 'noop', reason: 'already_in_sync', explanation: `${because}; Salesforce shows ${describePresence(sf.value, ctx.statuses)}, which the rule already maps to this CXone state.` };
  }
  return { ...refs, outcome: 'write', reason: 'publisher_row', write: { side: 'salesforce', presence: target, stateKey: presenceKey(target) }, explanation: `${because}: set Salesforce to ${label}.` };
}

function decideForSalesforce(event: PresenceEvent, ctx: AgentContext): Partial_ {
  const presence = (event.observation as { presence: SalesforcePresence }).presence;
  const label = describePresence(presence, ctx.statuses);
  const gate = gateAgent(ctx, label);
  if (gate) return gate;
  const { rule, via } = ctx.rule!;
  const ruleRef = { id: rule.id, name: rule.name, version: rule.version, via };

  if (event.origin === 'console_connected') {
    // A console that connects learns what CXone says (or is about to say, while the hub is setting
    // it); what the console happened to show never drives CXone.
    const observedCx = ctx.observed.cxone;
    const heading = cxoneHeading(ctx);
    const cx = observedCx && heading !== undefined ? { ...observedCx, value: acdStateOfKey(heading, ctx) } : observedCx;
    const index = cx ? rule.publisher.findIndex((row) => acdSourceKey(row.acd) === acdStateKey(cx.value)) : -1;
    if (!cx || index < 0) {
      return {
        outcome: 'noop',
        reason: 'console_connected',
        rule: ruleRef,
        explanation: cx
          ? `The console connected showing ${label}; rule "${rule.name}" publishes nothing for ${describeAcdState(cx.value)}, so both sides stay as they are.`
          : `The console connected showing ${label}; the hub has not yet seen this agent's CXone state, which will set Salesforce when it arrives.`,
      };
    }
    const own = ctx.observed.salesforce;
    if (own && own.at > cx.at && samePresence(own.value, presence) && (newerChangeThan(cx.at, 'salesforce', ctx) || heading !== undefined)) {
      // The console shows the agent's own change, made after CXone's state (perhaps while the console
      // was away from the hub): it is the newer change, and the hub carries it (or has) to CXone instead.
      return {
        outcome: 'noop',
        reason: 'console_connected',
        rule: ruleRef,
        explanation: `The console connected showing ${label}, which the agent chose at ${iso(own.at)}, after CXone's ${describeAcdState(cx.value)}; the newer change wins and Salesforce is left as it is.`,
      };
    }
    const decision = writeSalesforce(
      { ...ctx, observed: { ...ctx.observed, salesforce: { value: presence, at: event.at, origin: event.origin } } },
      cx.value,
      rule.publisher[index]!.salesforce,
      { rule: ruleRef, row: { direction: 'publisher', index } },
      `The console connected showing ${label} while CXone ${heading === undefined ? 'shows' : 'is being set to'} ${describeAcdState(cx.value)}; rule "${rule.name}" publisher row ${index + 1}`,
    );
    // The write derives from CXone's state, so it is as old as that observation, not as the console's hello.
    return decision.outcome === 'write' ? { ...decision, reason: 'initial_sync', sourceAt: cx.at } : decision;
  }

  const key = presenceKey(presence);
  const index = rule.subscriber.findIndex((row) => presenceKey(row.salesforce) === key);
  if (index < 0) {
    if (rule.skipUnavailableCodeValidation) {
      return writeCxone(ctx, presence, DEFAULT_UNAVAILABLE, 'fallback_unmapped_status', { rule: ruleRef }, `Salesforce shows ${label}, which rule "${rule.name}" does not map; with unavailable-code validation skipped the agent goes to CXone's default Unavailable state`);
    }
    return { outcome: 'noop', reason: 'no_subscriber_row', rule: ruleRef, explanation: `Rule "${rule.name}" has no subscriber row for ${label}; CXone is left as it is.` };
  }
  const refs = { rule: ruleRef, row: { direction: 'subscriber' as const, index } };
  const because = `Salesforce shows ${label}; rule "${rule.name}" subscriber row ${index + 1}`;
  const cx = ctx.observed.cxone;
  if (cx && newerChangeThan(event.at, 'cxone', ctx)) {
    return {
      ...refs,
      outcome: 'superseded',
      reason: 'superseded_by_newer_change',
      explanation: `${because}, but CXone changed to ${describeAcdState(cx.value)} after it (${iso(cx.at)}); the newer change wins and CXone is left as it is.`,
    };
  }
  const resolved = resolveTarget(rule.subscriber[index]!.acd, ctx);
  switch (resolved.kind) {
    case 'state':
      return writeCxone(ctx, presence, resolved.state, resolved.previous ? 'previous_state' : 'subscriber_row', refs, resolved.previous ? `${because} asks for the previous state` : because);
    case 'previous_unknown':
      return { ...refs, outcome: 'noop', reason: 'previous_state_unknown', explanation: `${because} asks for the previous state, but the hub has not yet changed this agent's CXone state, so there is none to return to.` };
    case 'code_missing':
      if (rule.skipUnavailableCodeValidation) {
        return writeCxone(ctx, presence, DEFAULT_UNAVAILABLE, 'fallback_code_not_on_team', refs, `${because} maps to unavailable code ${resolved.codeId}, which the agent's team does not have; with validation skipped the agent goes to CXone's default Unavailable state`);
      }
      return { ...refs, outcome: 'noop', reason: 'code_not_on_team', explanation: `${because} maps to unavailable code ${resolved.codeId}, which the agent's team does not have; assign the code to the team in CXone.` };
  }
}

type Resolved = { kind: 'state'; state: AcdState; previous: boolean } | { kind: 'previous_unknown' } | { kind: 'code_missing'; codeId: string };

function resolveTarget(target: AcdTarget, ctx: AgentContext): Resolved {
  switch (target.kind) {
    case 'Available':
    case 'LoggedOut':
      return { kind: 'state', state: { kind: target.kind }, previous: false };
    case 'Unavailable': {
      if (target.codeId === null) return { kind: 'state', state: DEFAULT_UNAVAILABLE, previous: false };
      const code = ctx.teamCodes.get(target.codeId);
      return code ? { kind: 'state', state: { kind: 'Unavailable', code }, previous: false } : { kind: 'code_missing', codeId: target.codeId };
    }
    case 'PREVIOUS': {
      // A change the hub is making (or made, not yet seen back) is its most recent one: the state before it is what CXone shows now.
      const heading = cxoneHeading(ctx);
      const previous = heading !== undefined && ctx.observed.cxone ? ctx.observed.cxone.value : previousState(ctx.history);
      if (!previous) return { kind: 'previous_unknown' };
      if (previous.kind === 'Unavailable' && previous.code && !ctx.teamCodes.has(previous.code.id)) return { kind: 'code_missing', codeId: previous.code.id };
      // A working state cannot be set; returning to one means returning to what follows the contact.
      return { kind: 'state', state: previous.kind === 'Working' ? { kind: 'Available' } : previous, previous: true };
    }
  }
}

function writeCxone(ctx: AgentContext, salesforce: SalesforcePresence, state: AcdState, reason: DecisionReason, refs: Pick<Decision, 'rule' | 'row'>, because: string): Partial_ {
  const target = describeAcdState(state);
  const cx = ctx.observed.cxone;
  // CXone about to show what the hub is setting is compared with that, not with the state it is leaving.
  const heading = cxoneHeading(ctx);
  const showing = heading !== undefined ? acdStateOfKey(heading, ctx) : cx?.value;
  const shows = heading !== undefined ? 'the hub is already setting in CXone' : 'CXone already shows';
  if (showing && sameAcdState(showing, state)) return { ...refs, outcome: 'noop', reason: 'already_in_sync', explanation: `${because}: ${target}, which ${shows}.` };
  if (cx && cx.value.kind === 'LoggedOut' && state.kind !== 'LoggedOut') {
    return { ...refs, outcome: 'noop', reason: 'cxone_logged_out', explanation: `${because}: ${target}, but the agent is logged out of CXone and CXone cannot set a logged-out agent's state.` };
  }
  if (showing && agreesUnderPublisher(ctx, showing, salesforce)) {
    return { ...refs, outcome: 'noop', reason: 'already_in_sync', explanation: `${because}; ${shows} ${describeAcdState(showing)}, which the rule already maps to this Salesforce status.` };
  }
  const onContact = cx !== undefined && cx.value.kind === 'Working';
  return {
    ...refs,
    outcome: 'write',
    reason,
    write: { side: 'cxone', state, stateKey: acdStateKey(state), whenContactEnds: onContact },
    explanation: onContact ? `${because}: set CXone to ${target} once the agent's current contact ends.` : `${because}: set CXone to ${target}.`,
  };
}

/**
 * Whether the Salesforce presence the hub holds is what the rule's subscriber rows make of the
 * CXone state just observed: then both sides already agree and writing would only start a loop.
 */
function agreesUnderSubscriber(ctx: AgentContext, sf: SalesforcePresence, cxone: AcdState): boolean {
  const row = ctx.rule!.rule.subscriber.find((r) => presenceKey(r.salesforce) === presenceKey(sf));
  return row !== undefined && impliedAcdKey(row.acd, ctx) === acdStateKey(cxone);
}

/** Whether the CXone state the hub holds maps, under the publisher rows, to the Salesforce presence just observed. */
function agreesUnderPublisher(ctx: AgentContext, cxone: AcdState, salesforce: SalesforcePresence): boolean {
  const row = ctx.rule!.rule.publisher.find((r) => acdSourceKey(r.acd) === acdStateKey(cxone));
  return row !== undefined && samePresence(row.salesforce, salesforce);
}

/** The CXone state a subscriber target stands for now; for `PREVIOUS`, the state the hub last put the agent in. */
function impliedAcdKey(target: AcdTarget, ctx: AgentContext): string | undefined {
  if (target.kind !== 'PREVIOUS') return acdSourceKey(target);
  const last = ctx.history[ctx.history.length - 1];
  return last?.byHub ? acdStateKey(last.state) : undefined;
}

/** The CXone state a key stands for (the hub writes only Available, Logged out and Unavailable states). */
function acdStateOfKey(key: string, ctx: AgentContext): AcdState {
  if (key === 'Available' || key === 'LoggedOut') return { kind: key };
  if (key === 'Unavailable') return DEFAULT_UNAVAILABLE;
  const codeId = key.slice('Unavailable:'.length);
  return { kind: 'Unavailable', code: ctx.teamCodes.get(codeId) ?? { id: codeId, name: codeId } };
}

/**
 * The CXone state (key) the hub is setting and has not seen come back yet: its pending write, else
 * an unexpired expected echo of a write it made. Undefined when CXone is not about to change.
 */
function cxoneHeading(ctx: AgentContext): string | undefined {
  const pending = ctx.pendingStateKeys?.cxone;
  if (pending !== undefined && ctx.pending.cxone !== undefined) return pending;
  return unechoedWrite(ctx, 'cxone');
}

/**
 * The state (key) of the hub's newest write to a side whose echo has not come back yet, unless the
 * side already shows it, or changed after the write (then the write is history, even if it never echoed).
 */
function unechoedWrite(ctx: AgentContext, side: Side): string | undefined {
  const held = ctx.observed[side];
  const shown = held ? stateKeyOf(side, held.value) : undefined;
  let newest: ExpectedEcho | undefined;
  for (const echo of ctx.expectedEchoes) {
    if (echo.side !== side || echo.expiresAt < ctx.now || echo.stateKey === shown) continue;
    if (held && echo.recordedAt !== undefined && echo.recordedAt < held.at) continue;
    if (!newest || echo.expiresAt > newest.expiresAt) newest = echo;
  }
  return newest?.stateKey;
}

/**
 * Whether a side's held state is a change someone made there after `at`: then it wins over an
 * older change from the other side. The hub's own writes coming back do not count, nor do reports
 * of a current state (a console saying hello, the server feed, reconciliation).
 */
function newerChangeThan(at: number, side: Side, ctx: AgentContext): boolean {
  const held = ctx.observed[side];
  if (!held || held.at <= at) return false;
  if (side === 'cxone') return held.origin === 'cxone_feed' && ctx.history[ctx.history.length - 1]?.byHub !== true;
  return held.origin === 'console_manual' || held.origin === 'console_supervisor';
}

function gateAgent(ctx: AgentContext, what: string): Partial_ | undefined {
  if (!ctx.presenceSyncEnabled) {
    return { outcome: 'noop', reason: 'presence_sync_disabled', explanation: `${what} was recorded, but Salesforce Presence Sync is switched off for this tenant.` };
  }
  if (ctx.syncBlockers.length > 0) {
    return {
      outcome: 'noop',
      reason: 'agent_not_syncable',
      blockers: ctx.syncBlockers,
      explanation: `${what} was recorded, but this agent is not synced: ${ctx.syncBlockers.map((p) => p.message).join(' ')}`,
    };
  }
  if (!ctx.rule) return { outcome: 'noop', reason: 'no_rule', explanation: `${what} was recorded, but no presence rule is assigned to this agent or their team.` };
  return undefined;
}

function nextHistory(event: PresenceEvent, ctx: AgentContext, byHub: boolean): readonly HistoryEntry[] {
  const state = (event.observation as { state: AcdState }).state;
  return appendHistory(ctx.history, { state, at: event.at, byHub });
}

function observationKey(event: PresenceEvent): string {
  return event.observation.side === 'cxone' ? acdStateKey(event.observation.state) : presenceKey(event.observation.presence);
}

function stateKeyOf(side: Side, value: AcdState | SalesforcePresence): string {
  return side === 'cxone' ? acdStateKey(value as AcdState) : presenceKey(value as SalesforcePresence);
}

function describeObservation(event: PresenceEvent, ctx: AgentContext): string {
  return event.observation.side === 'cxone' ? describeAcdState(event.observation.state) : describePresence(event.observation.presence, ctx.statuses);
}

const iso = (ms: number) => new Date(ms).toISOString();
