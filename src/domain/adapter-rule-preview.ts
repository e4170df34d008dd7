import { importAdapterRule } from './adapter-rule-import.ts';
import type { AdapterRule, AdapterStateMapping, UnmappedAdapterRow } from './adapter-rule.ts';
import type { Problem } from './result.ts';
import type { PresenceRule, PublisherRow, SubscriberRow } from './rule.ts';
import { validateRule, type RuleCatalog, type RuleValidation } from './rule-validation.ts';

/** One of NICE's rows in an import preview: what it becomes (and where in the rule), or why it cannot. */
export interface AdapterImportRow<R> {
  /** 1-based, in NICE's map. */
  readonly row: number;
  readonly mapping: AdapterStateMapping;
  readonly imported: R | null;
  /** 1-based row of the rule it becomes, which the validation's problems name. */
  readonly ruleRow: number | null;
  readonly reasons: readonly Problem[];
}

export interface AdapterImportPreview {
  /** The rule as it would be saved: `into` with the rows that could be carried over. */
  readonly rule: PresenceRule;
  readonly rows: { readonly publisher: readonly AdapterImportRow<PublisherRow>[]; readonly subscriber: readonly AdapterImportRow<SubscriberRow>[] };
  readonly unmapped: readonly UnmappedAdapterRow[];
  /** The checks of any rule (unknown states, codes its teams lack, ping-pong), on the rule as it would be saved. */
  readonly validation: RuleValidation;
}

/** What importing NICE's rule into `into` (a new rule, or an existing one whose rows it replaces) would save. */
export function previewAdapterImport(payload: AdapterRule, into: PresenceRule, catalog: RuleCatalog, otherRules: readonly PresenceRule[]): AdapterImportPreview {
  const imported = importAdapterRule(payload, catalog);
  const rule: PresenceRule = { ...into, publisher: imported.publisher, subscriber: imported.subscriber };
  const rowsOf = <R>(map: 'publisher' | 'subscriber', mappings: readonly AdapterStateMapping[], rows: readonly R[]): AdapterImportRow<R>[] =>
    mappings.map((mapping, i) => {
      const at = imported.sourceRows[map].indexOf(i + 1);
      const refused = imported.unmapped.find((u) => u.map === map && u.row === i + 1);
      return { row: i + 1, mapping, imported: at < 0 ? null : rows[at]!, ruleRow: at < 0 ? null : at + 1, reasons: refused?.reasons ?? [] };
    });
  return {
    rule,
    rows: { publisher: rowsOf('publisher', payload.publisherStateMap, imported.publisher), subscriber: rowsOf('subscriber', payload.subscriberStateMap, imported.subscriber) },
    unmapped: imported.unmapped,
    validation: validateRule(rule, catalog, otherRules),
  };
}
