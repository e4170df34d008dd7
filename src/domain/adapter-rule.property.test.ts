import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WORKING_STATES, type AcdSource, type AcdTarget, type UnavailableCode } from './acd-state.ts';
import { exportAdapterRule } from './adapter-rule-export.ts';
import { importAdapterRule } from './adapter-rule-import.ts';
import { readAcdWord, type AdapterCatalog } from './adapter-rule.ts';
import type { PublisherRow, SubscriberRow } from './rule.ts';
import { OFFLINE, type SalesforcePresence, type SalesforceStatus } from './salesforce-presence.ts';

const NOTHING: AdapterCatalog = { statuses: new Map(), codes: new Map() };
const isBuiltInWord = (name: string) => readAcdWord(name, NOTHING).ok;

const codesArb = (clean: boolean) =>
  fc
    .array(fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constantFrom('Lunch', 'lunch', 'Available', 'Logged Out', 'Break')), { maxLength: 6 })
    .map((names) => (clean ? [...new Set(names)].filter((n) => !isBuiltInWord(n)) : names))
    .map((names): UnavailableCode[] => names.map((name, i) => ({ id: String(100 + i), name })));

const statusesArb = (clean: boolean) =>
  fc
    .array(fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/), fc.constantFrom('Busy', 'BUSY', 'Offline', 'Available_for_Chats')), { maxLength: 6 })
    .map((names) => {
      if (!clean) return names;
      const seen = new Set<string>();
      return names.filter((n) => n.toLowerCase() !== 'offline' && !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
    })
    .map((names): SalesforceStatus[] =>
      names.map((developerName, i) => ({ id: `0N5xx00000000${String(i).padStart(2, '0')}AAA`, label: developerName.replace(/_/g, ' '), developerName, availability: 'busy', channels: [] })),
    );

const catalogArb = (clean: boolean) =>
  fc.record({ codes: codesArb(clean), statuses: statusesArb(clean) }).map(
    ({ codes, statuses }): AdapterCatalog => ({ codes: new Map(codes.map((c) => [c.id, c])), statuses: new Map(statuses.map((s) => [s.id.toLowerCase(), s])) }),
  );

/** A rule over the catalogue; `unknown` also lets rows name a code and a status the catalogue lacks. */
function ruleArb(catalog: AdapterCatalog, unknown: boolean) {
  const codeIds = [...catalog.codes.keys(), ...(unknown ? ['404'] : [])];
  const statusIds = [...catalog.statuses.values()].map((s) => s.id).concat(unknown ? ['0N5xx0000000404AAA'] : []);
  const presence: fc.Arbitrary<SalesforcePresence> = fc.oneof(fc.constant(OFFLINE), ...statusIds.map((statusId) => fc.constant<SalesforcePresence>({ kind: 'Status', statusId })));
  const common = [
    fc.constant<AcdSource>({ kind: 'Available' }),
    fc.constant<AcdSource>({ kind: 'LoggedOut' }),
    fc.constant<AcdSource>({ kind: 'Unavailable', codeId: null }),
    ...codeIds.map((codeId) => fc.constant<AcdSource>({ kind: 'Unavailable', codeId })),
  ];
  const source = fc.oneof(...common, fc.constantFrom(...WORKING_STATES).map((activity): AcdSource => ({ kind: 'Working', activity })));
  const target = fc.oneof(...(common as fc.Arbitrary<AcdTarget>[]), fc.constant<AcdTarget>({ kind: 'PREVIOUS' }));
  return fc.record({
    publisher: fc.array(fc.record({ acd: source, salesforce: presence }), { maxLength: 8 }),
    subscriber: fc.array(fc.record({ salesforce: presence, acd: target }), { maxLength: 8 }),
  });
}

const without = <T>(rows: readonly T[], dropped: ReadonlySet<number>): T[] => rows.filter((_, i) => !dropped.has(i + 1));

describe('export to NICE CXone, then import: the same rule (property)', () => {
  it('carries every row of a rule over a catalogue NICE can name unambiguously, and back', () => {
    fc.assert(
      fc.property(
        catalogArb(true).chain((catalog) => fc.tuple(fc.constant(catalog), ruleArb(catalog, false))),
        ([catalog, rule]) => {
          const exported = exportAdapterRule(rule, catalog);
          expect(exported.unmapped).toEqual([]);
          const imported = importAdapterRule(JSON.parse(JSON.stringify(exported.rule)), catalog);
          expect(imported.unmapped).toEqual([]);
          expect(imported.publisher).toEqual(rule.publisher);
          expect(imported.subscriber).toEqual(rule.subscriber);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('over any catalogue, reports on export exactly the rows that would not come back the same', () => {
    fc.assert(
      fc.property(
        catalogArb(false).chain((catalog) => fc.tuple(fc.constant(catalog), ruleArb(catalog, true))),
        ([catalog, rule]) => {
          const exported = exportAdapterRule(rule, catalog);
          const dropped = (map: 'publisher' | 'subscriber') => new Set(exported.unmapped.filter((u) => u.map === map).map((u) => u.row));
          for (const u of exported.unmapped) expect(u.reasons.length).toBeGreaterThan(0);
          const imported = importAdapterRule(exported.rule, catalog);
          expect(imported.unmapped).toEqual([]);
          expect(imported.publisher).toEqual(without<PublisherRow>(rule.publisher, dropped('publisher')));
          expect(imported.subscriber).toEqual(without<SubscriberRow>(rule.subscriber, dropped('subscriber')));
        },
      ),
      { numRuns: 300 },
    );
  });
});
