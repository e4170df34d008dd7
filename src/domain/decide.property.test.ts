import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acdStateKey, type AcdSource, type AcdState, type AcdTarget } from './acd-state.ts';
import { decide, type AgentContext, type Decision } from './decide.ts';
import { ECHO_WINDOW_MS, type ExpectedEcho } from './echo.ts';
import type { PresenceEvent, Side } from './presence-event.ts';
import type { PresenceRule } from './rule.ts';
import { validateRule } from './rule-validation.ts';
import { OFFLINE, presenceKey, type SalesforcePresence } from './salesforce-presence.ts';
import { ALL_STATUSES, AVAILABLE_FOR_CHATS, BREAK, BUSY, catalog, codeMap, IN_MEETING, LUNCH, ON_BREAK, sfStatus } from './domain.fixtures.ts';

const ACD_STATES: AcdState[] = [
  { kind: 'Available' },
  { kind: 'Unavailable', code: null },
  { kind: 'Unavailable', code: LUNCH },
  { kind: 'Unavailable', code: BREAK },
  { kind: 'Working', activity: 'InboundContact' },
];
const PRESENCES: SalesforcePresence[] = [sfStatus(AVAILABLE_FOR_CHATS), sfStatus(BUSY), sfStatus(ON_BREAK), sfStatus(IN_MEETING), OFFLINE];
const SOURCES: AcdSource[] = [
  { kind: 'Available' },
  { kind: 'Unavailable', codeId: null },
  { kind: 'Unavailable', codeId: LUNCH.id },
  { kind: 'Unavailable', codeId: BREAK.id },
  { kind: 'Working', activity: 'InboundContact' },
];
const TARGETS: AcdTarget[] = [{ kind: 'Available' }, { kind: 'Unavailable', codeId: null }, { kind: 'Unavailable', codeId: LUNCH.id }, { kind: 'Unavailable', codeId: BREAK.id }, { kind: 'PREVIOUS' }];

const ruleArb = fc
  .record({
    publisher: fc.uniqueArray(fc.record({ acd: fc.constantFrom(...SOURCES), salesforce: fc.constantFrom(...PRESENCES) }), { selector: (r) => JSON.stringify(r.acd), maxLength: 5 }),
    subscriber: fc.uniqueArray(fc.record({ salesforce: fc.constantFrom(...PRESENCES), acd: fc.constantFrom(...TARGETS) }), { selector: (r) => presenceKey(r.salesforce), maxLength: 5 }),
    skip: fc.boolean(),
    teamHasBreak: fc.boolean(),
  })
  .map(({ publisher, subscriber, skip, teamHasBreak }) => ({
    rule: { id: 'r', name: 'r', version: 1, skipUnavailableCodeValidation: skip, publisher, subscriber, assignments: { teamIds: ['team-a'], userIds: [] } } satisfies PresenceRule,
    teamCodes: teamHasBreak ? codeMap(LUNCH, BREAK) : codeMap(LUNCH),
  }))
  .filter(({ rule, teamCodes }) => {
    const team = { id: 'team-a', name: 'A', codeIds: new Set(teamCodes.keys()) };
    return validateRule(rule, catalog({ teams: new Map([['team-a', team]]) }), []).ok;
  });

const changeArb = fc.oneof(
  fc.record({ side: fc.constant<Side>('cxone'), acd: fc.constantFrom(...ACD_STATES) }),
  fc.record({ side: fc.constant<Side>('salesforce'), sf: fc.constantFrom(...PRESENCES) }),
);

/** Both platforms and the hub, reduced to what decide() sees: each write lands at once and its echo comes back. */
class World {
  cxone: AcdState = { kind: 'Available' };
  salesforce: SalesforcePresence = OFFLINE;
  ctx: AgentContext;
  clock = 1_000;
  writes: { side: Side; key: string }[] = [];
  decisions: Decision[] = [];

  constructor(rule: PresenceRule, teamCodes: AgentContext['teamCodes'], private readonly echoesWork: boolean) {
    this.ctx = {
      now: this.clock,
      presenceSyncEnabled: true,
      syncBlockers: [],
      rule: { rule, via: 'team' },
      teamCodes,
      statuses: ALL_STATUSES,
      allowedStatusIds: undefined,
      observed: {},
      history: [],
      expectedEchoes: [],
      pending: {},
    };
  }

  /** An agent (or CXone itself) changes one side; then the hub runs until it is quiet. */
  external(change: { side: Side; acd?: AcdState; sf?: SalesforcePresence }): void {
    if (change.side === 'cxone') this.cxone = change.acd!;
    else this.salesforce = change.sf!;
    this.observe(change.side, 'outside');
  }

  private observe(side: Side, cause: 'outside' | 'hub', depth = 0): void {
    if (depth > 6) throw new Error('the hub keeps writing: ping-pong');
    this.clock += 10;
    const event: PresenceEvent =
      side === 'cxone'
        ? { agentId: 'a', observation: { side, state: this.cxone }, at: this.clock, origin: 'cxone_feed' }
        : { agentId: 'a', observation: { side, presence: this.salesforce }, at: this.clock, origin: 'console_manual' };
    const d = decide(event, { ...this.ctx, now: this.clock });
    this.decisions.push(d);
    if (cause === 'hub' && this.echoesWork) expect(d.outcome).toBe('echo');
    this.apply(side, event, d);
    if (d.write) {
      const w = d.write;
      this.writes.push({ side: w.side, key: w.stateKey });
      if (w.side === 'cxone') this.cxone = w.state;
      else this.salesforce = w.presence;
      if (this.echoesWork) this.expect({ side: w.side, stateKey: w.stateKey, expiresAt: this.clock + ECHO_WINDOW_MS });
      this.observe(w.side, 'hub', depth + 1);
    }
  }

  private expect(echo: ExpectedEcho): void {
    this.ctx = { ...this.ctx, expectedEchoes: [...this.ctx.expectedEchoes.filter((e) => e.side !== echo.side), echo] };
  }

  private apply(side: Side, event: PresenceEvent, d: Decision): void {
    let observed = this.ctx.observed;
    if (d.observe) {
      observed =
        event.observation.side === 'cxone'
          ? { ...observed, cxone: { value: event.observation.state, at: event.at, origin: event.origin } }
          : { ...observed, salesforce: { value: event.observation.presence, at: event.at, origin: event.origin } };
    }
    this.ctx = {
      ...this.ctx,
      observed,
      history: d.history ?? this.ctx.history,
      expectedEchoes: d.echo ? this.ctx.expectedEchoes.filter((e) => e !== d.echo) : this.ctx.expectedEchoes,
    };
    void side;
  }
}

describe('decide() over every accepted rule and every sequence of changes', () => {
  it("never answers the hub's own change (an echo) with a decision, and writes at most once per change", () => {
    fc.assert(
      fc.property(ruleArb, fc.array(changeArb, { maxLength: 25 }), ({ rule, teamCodes }, changes) => {
        const world = new World(rule, teamCodes, true);
        for (const change of changes) {
          const before = world.writes.length;
          world.external(change);
          expect(world.writes.length - before).toBeLessThanOrEqual(1);
        }
        for (const d of world.decisions) if (d.outcome === 'echo') expect(d.write).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it('never ping-pongs, even when the echo of a write is lost and it comes back as a new change', () => {
    fc.assert(
      fc.property(ruleArb, fc.array(changeArb, { maxLength: 25 }), ({ rule, teamCodes }, changes) => {
        const world = new World(rule, teamCodes, false);
        for (const change of changes) {
          const before = world.writes.length;
          world.external(change); // throws if the hub keeps writing
          const made = world.writes.slice(before);
          // At most one write per side: the hub never undoes on one side what it just did there.
          expect(made.filter((w) => w.side === 'cxone').length).toBeLessThanOrEqual(1);
          expect(made.filter((w) => w.side === 'salesforce').length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('applies changes in order: replaying an older observation never changes what the hub holds', () => {
    fc.assert(
      fc.property(ruleArb, fc.array(changeArb, { minLength: 1, maxLength: 15 }), fc.nat(), ({ rule, teamCodes }, changes, pick) => {
        const world = new World(rule, teamCodes, true);
        for (const change of changes) world.external(change);
        const held = world.ctx.observed.cxone ?? world.ctx.observed.salesforce;
        if (!held) return;
        const side: Side = world.ctx.observed.cxone ? 'cxone' : 'salesforce';
        const old = ACD_STATES[pick % ACD_STATES.length]!;
        const stale: PresenceEvent =
          side === 'cxone'
            ? { agentId: 'a', observation: { side, state: old }, at: held.at - 1, origin: 'cxone_feed' }
            : { agentId: 'a', observation: { side, presence: PRESENCES[pick % PRESENCES.length]! }, at: held.at - 1, origin: 'console_manual' };
        const d = decide(stale, world.ctx);
        expect(d).toMatchObject({ outcome: 'stale', observe: false });
        expect(d.write).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});

// Keep the state keys honest: the simulation relies on them naming states exactly.
it('gives each simulated ACD state its own key', () => {
  expect(new Set(ACD_STATES.map(acdStateKey)).size).toBe(ACD_STATES.length);
});
