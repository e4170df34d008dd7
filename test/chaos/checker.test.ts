/**
 * The checker on hand-made histories: a clean one passes, and each kind of breach is found and
 * named. One agent, one rule: Available ⇄ Available for Chats (`avail`), Lunch (`Unavailable:1`) ⇄
 * Busy (`busy`), LoggedOut → Offline.
 */
import { describe, expect, it } from 'vitest';
import { check, type ViolationKind } from './checker.ts';
import type { AuditRecord, History, PlatformChange } from './history.ts';

const AVAIL = 'status:avail';
const BUSY = 'status:busy';
const LUNCH = 'Unavailable:1';
const RULE = { version: 1, from: 0, publisher: { Available: AVAIL, [LUNCH]: BUSY, LoggedOut: 'Offline' }, subscriber: { [BUSY]: LUNCH, [AVAIL]: 'Available' } };

let seq = 0;
const cx = (at: number, from: string, to: string, byHub = false): PlatformChange => ({ side: 'cxone', agent: 'a1', seq: ++seq, at, from, to, byHub, cause: byHub ? 'api' : 'agent' });
const sf = (at: number, from: string, to: string, byHub = false): PlatformChange => ({ side: 'salesforce', agent: 'a1', seq: ++seq, at, from, to, byHub, cause: byHub ? 'OmniToolkitStatusChange' : 'OmniManualStatusChange' });
let id = 0;
const decided = (at: number, side: 'cxone' | 'salesforce', stateKey: string, eventAt: number, origin: string, outcome: string, write?: AuditRecord['write'], reason = outcome): AuditRecord => ({
  id: String(++id).padStart(6, '0'),
  at,
  agent: 'a1',
  kind: 'decision',
  outcome,
  reason,
  event: { side, stateKey, at: eventAt, origin },
  ...(write ? { write } : {}),
});

/** Lunch in CXone reaches Salesforce as Busy; the agent picks Available for Chats, CXone follows; both echoes come back. */
function clean(): { changes: PlatformChange[]; audit: AuditRecord[] } {
  return {
    changes: [cx(1_000, 'Available', LUNCH), sf(1_400, AVAIL, BUSY, true), sf(2_000, BUSY, AVAIL), cx(2_100, LUNCH, 'Available', true)],
    audit: [
      decided(1_300, 'cxone', LUNCH, 1_000, 'cxone_feed', 'write', { side: 'salesforce', stateKey: BUSY }),
      decided(1_405, 'salesforce', BUSY, 1_405, 'console_toolkit', 'echo'),
      decided(2_005, 'salesforce', AVAIL, 2_005, 'console_manual', 'write', { side: 'cxone', stateKey: 'Available' }),
      decided(2_400, 'cxone', 'Available', 2_100, 'cxone_feed', 'echo'),
    ],
  };
}

function history(parts: { changes: PlatformChange[]; audit: AuditRecord[] }, overrides: Partial<History> = {}): History {
  return {
    seed: 1,
    changes: parts.changes,
    audit: parts.audit,
    rules: [RULE],
    faults: [],
    final: [{ agent: 'a1', cxone: 'Available', salesforce: AVAIL, consoleOpen: true }],
    quietFrom: 5_000,
    convergedAt: 5_100,
    reconcileIntervalMs: 10_000,
    clockToleranceMs: 0,
    ...overrides,
  };
}

const kinds = (h: History): ViolationKind[] => check(h).violations.map((v) => v.kind);

describe('the chaos checker', () => {
  it('passes a clean history: every change of a person decided once, nothing stale, converged in time', () => {
    const report = check(history(clean()));
    expect(report.violations).toEqual([]);
    expect(report.crashes).toBe(0);
    expect(report.outcomes).toEqual({ checked: 2, exactlyOne: 2 });
    expect(report.changes).toEqual({ external: { cxone: 1, salesforce: 1 }, byHub: { cxone: 1, salesforce: 1 } });
    expect(report.convergence).toMatchObject({ withinInterval: true, apart: 0 });
  });

  it('finds a lost CXone change: mapped by the rule, never decided', () => {
    const h = clean();
    h.audit.splice(0, 1);
    h.changes.splice(1, 1); // nor written
    const report = check(history(h));
    expect(report.violations.filter((v) => v.kind === 'lost').map((v) => v.text)).toEqual([expect.stringMatching(/CXone Available→Unavailable:1 by agent at 1000: the rule maps it/)]);
  });

  it('finds a lost Salesforce change: the hub overwrote it, unseen, from an older state', () => {
    const h = clean();
    // The console's report of Available for Chats never arrives; its hello shows it, and the hub puts Busy back (from CXone's Lunch at 1000).
    h.audit.splice(2, 2, decided(2_500, 'salesforce', AVAIL, 2_500, 'console_connected', 'write', { side: 'salesforce', stateKey: BUSY }, 'initial_sync'));
    h.changes.splice(3, 1, sf(2_600, AVAIL, BUSY, true));
    const report = check(history(h, { final: [{ agent: 'a1', cxone: LUNCH, salesforce: BUSY, consoleOpen: true }] }));
    expect(report.violations.map((v) => v.kind)).toEqual(['lost']);
    expect(report.violations[0]!.text).toMatch(/Salesforce status:busy→status:avail by OmniManualStatusChange at 2000: .*overwrote it with status:busy/);
  });

  it('does not call a change lost when the agent replaced it before the hub could see it', () => {
    const h = clean();
    h.changes.push(sf(2_200, AVAIL, BUSY), sf(2_300, BUSY, AVAIL));
    h.audit.push(decided(2_305, 'salesforce', AVAIL, 2_305, 'console_manual', 'noop', undefined, 'already_in_sync'));
    const report = check(history(h));
    expect(report.violations).toEqual([]);
    expect(report.collapsed).toBe(1);
  });

  it('finds a stale write: decided from an older CXone change after the hub had decided on a newer Salesforce one', () => {
    const h = clean();
    // The Lunch row reaches the hub late (3000), after the agent's Available for Chats (decided at 2005), and is written anyway.
    h.audit.splice(0, 2, decided(3_000, 'cxone', LUNCH, 1_000, 'cxone_feed', 'write', { side: 'salesforce', stateKey: BUSY }));
    h.changes.splice(1, 1);
    h.changes.push(sf(3_100, AVAIL, BUSY, true));
    h.audit.push(decided(3_105, 'salesforce', BUSY, 3_105, 'console_toolkit', 'echo'));
    expect(kinds(history(h, { final: [{ agent: 'a1', cxone: 'Available', salesforce: BUSY, consoleOpen: true }] }))).toEqual(expect.arrayContaining(['stale']));
  });

  it("finds ping-pong: a write decided on the hub's own change coming back", () => {
    const h = clean();
    h.audit[1] = decided(1_405, 'salesforce', BUSY, 1_405, 'console_toolkit', 'write', { side: 'cxone', stateKey: LUNCH });
    expect(kinds(history(h))).toEqual(['ping-pong']);
  });

  it('finds ping-pong: two hub writes undoing each other with no other change in between', () => {
    const h = clean();
    h.changes.splice(2, 0, sf(1_600, BUSY, AVAIL, true));
    h.audit.splice(2, 0, decided(1_550, 'cxone', 'Available', 900, 'reconcile', 'write', { side: 'salesforce', stateKey: AVAIL }));
    h.changes.splice(3, 1, sf(2_000, AVAIL, BUSY));
    h.changes.push(sf(2_700, BUSY, AVAIL, true));
    h.audit.splice(3, 1, decided(2_005, 'salesforce', BUSY, 2_005, 'console_manual', 'noop', undefined, 'already_in_sync'));
    h.audit.push(decided(2_600, 'cxone', 'Available', 2_100, 'reconcile', 'write', { side: 'salesforce', stateKey: AVAIL }));
    expect(check(history(h)).violations.filter((v) => v.kind === 'ping-pong').map((v) => v.text)).toEqual([expect.stringMatching(/hub wrote status:avail→status:busy at 1400, then back at 1600/)]);
  });

  it('finds an order violation: a decision on an older change after one on a newer change, not called stale', () => {
    const h = clean();
    h.changes.splice(1, 0, cx(1_050, LUNCH, 'Unavailable'));
    // The row of 1050 is decided first, then the older one of 1000 as if it were news.
    h.audit.unshift(decided(1_200, 'cxone', 'Unavailable', 1_050, 'cxone_feed', 'noop', undefined, 'no_publisher_row'));
    expect(kinds(history(h))).toContain('order');
  });

  it('finds a change with two outcomes, and one decided for writing twice before its write landed', () => {
    const twice = clean();
    twice.audit.splice(1, 0, decided(1_310, 'cxone', LUNCH, 1_000, 'cxone_feed', 'noop', undefined, 'unchanged'));
    expect(check(history(twice)).violations.map((v) => v.text)).toEqual([expect.stringMatching(/at 1000 has 2 decisions: write\/write \(cxone_feed\), noop\/unchanged/)]);

    const redecided = clean();
    // The console reconnects before Busy is written and the hub decides the same write again (issue 14).
    redecided.audit.splice(1, 0, decided(1_350, 'salesforce', AVAIL, 1_350, 'console_connected', 'write', { side: 'salesforce', stateKey: BUSY }, 'initial_sync'));
    expect(check(history(redecided)).violations.map((v) => v.text)).toEqual([expect.stringMatching(/change at 1000 was decided twice for writing status:busy to salesforce/)]);
  });

  it('finds a hub write that no decision asked for', () => {
    const h = clean();
    h.changes.push(cx(4_000, 'Available', 'Unavailable', true));
    h.audit.push(decided(4_300, 'cxone', 'Unavailable', 4_000, 'cxone_feed', 'echo'));
    expect(check(history(h, { final: [{ agent: 'a1', cxone: 'Unavailable', salesforce: 'Offline', consoleOpen: false }] })).violations.map((v) => v.text)).toEqual([expect.stringMatching(/CXone Available→Unavailable by the hub at 4000: no write decision asked for it/)]);
  });

  it('finds sides still apart after the run, and a convergence later than one reconciliation interval', () => {
    const report = check(history(clean(), { final: [{ agent: 'a1', cxone: LUNCH, salesforce: AVAIL, consoleOpen: true }], convergedAt: undefined }));
    expect(report.violations.map((v) => [v.kind, v.text])).toEqual([['divergence', 'still apart after the run: CXone Unavailable:1, Salesforce status:avail']]);
    expect(report.convergence).toMatchObject({ withinInterval: false, apart: 1 });
    expect(check(history(clean(), { convergedAt: 16_000 })).convergence.withinInterval).toBe(false);
  });

  it('reads agreement as the rule does: a closed console, a state queued for the end of a contact, a previous state', () => {
    const ok = (final: History['final'][number], changes = clean().changes) => check(history({ changes, audit: clean().audit }, { final: [final] })).violations;
    expect(ok({ agent: 'a1', cxone: LUNCH, salesforce: 'Offline', consoleOpen: false })).toEqual([]);
    expect(ok({ agent: 'a1', cxone: 'InboundContact', cxoneNext: LUNCH, salesforce: BUSY, consoleOpen: true })).toEqual([]);
    const previous = { version: 2, from: 0, publisher: RULE.publisher, subscriber: { ...RULE.subscriber, [AVAIL]: 'PREVIOUS' } };
    const withPrevious = check({ ...history(clean(), { final: [{ agent: 'a1', cxone: LUNCH, salesforce: AVAIL, consoleOpen: true }] }), rules: [previous] });
    // The hub's last CXone change was Lunch → Available; Available for Chats asks for the state before it: Lunch.
    expect(withPrevious.violations).toEqual([]);
  });
});
