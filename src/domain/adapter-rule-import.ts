import { readAcdWord, readPartnerWord, type AdapterAcdState, type AdapterCatalog, type AdapterMapName, type AdapterRule, type AdapterStateMapping, type UnmappedAdapterRow } from './adapter-rule.ts';
import type { Problem } from './result.ts';
import type { PublisherRow, SubscriberRow } from './rule.ts';
import type { SalesforcePresence } from './salesforce-presence.ts';

/** NICE's rule as this product's rows, with every row that could not be carried over. */
export interface ImportedAdapterRule {
  readonly publisher: readonly PublisherRow[];
  readonly subscriber: readonly SubscriberRow[];
  /** The 1-based row of NICE's map each imported row came from, in order. */
  readonly sourceRows: { readonly publisher: readonly number[]; readonly subscriber: readonly number[] };
  readonly unmapped: readonly UnmappedAdapterRow[];
}

const PREVIOUS_AS_SOURCE: Problem = {
  code: 'PSYNC_ADAPTER_PREVIOUS_IN_PUBLISHER',
  message: '"Previous State" can only be what a subscriber row asks CXone for; a publisher row needs the CXone state it reacts to.',
};
const WORKING_AS_TARGET = (activity: string): Problem => ({
  code: 'PSYNC_ADAPTER_WORKING_IN_SUBSCRIBER',
  message: `A subscriber row cannot ask CXone for ${activity}: no one can put an agent on a contact. Map the status to Available, Unavailable, a code or Previous State.`,
  details: { state: activity },
});

/**
 * Reads NICE's publisher and subscriber state maps as this product's rows. Rules are not checked
 * here: the caller validates the result like any rule (unknown states, codes a team lacks, ping-pong).
 */
export function importAdapterRule(rule: AdapterRule, catalog: AdapterCatalog): ImportedAdapterRule {
  const unmapped: UnmappedAdapterRow[] = [];
  const publisher: PublisherRow[] = [];
  const subscriber: SubscriberRow[] = [];
  const sourceRows = { publisher: [] as number[], subscriber: [] as number[] };
  const refuse = (map: AdapterMapName, index: number, mapping: AdapterStateMapping, reasons: Problem[]) =>
    unmapped.push({ map, row: index + 1, mapping: { incontactAgentState: mapping.incontactAgentState, partnerAgentState: mapping.partnerAgentState }, reasons });

  rule.publisherStateMap.forEach((mapping, i) => {
    const row = readRow(mapping, catalog);
    if (!row.ok) return refuse('publisher', i, mapping, row.reasons);
    if (row.acd.kind === 'PREVIOUS') return refuse('publisher', i, mapping, [PREVIOUS_AS_SOURCE]);
    publisher.push({ acd: row.acd, salesforce: row.salesforce });
    sourceRows.publisher.push(i + 1);
  });
  rule.subscriberStateMap.forEach((mapping, i) => {
    const row = readRow(mapping, catalog);
    if (!row.ok) return refuse('subscriber', i, mapping, row.reasons);
    if (row.acd.kind === 'Working') return refuse('subscriber', i, mapping, [WORKING_AS_TARGET(row.acd.activity)]);
    subscriber.push({ salesforce: row.salesforce, acd: row.acd });
    sourceRows.subscriber.push(i + 1);
  });
  return { publisher, subscriber, sourceRows, unmapped };
}

type RowRead = { readonly ok: true; readonly acd: AdapterAcdState; readonly salesforce: SalesforcePresence } | { readonly ok: false; readonly reasons: Problem[] };

function readRow(mapping: AdapterStateMapping, catalog: AdapterCatalog): RowRead {
  const acd = readAcdWord(mapping.incontactAgentState, catalog);
  const salesforce = readPartnerWord(mapping.partnerAgentState, catalog);
  if (acd.ok && salesforce.ok) return { ok: true, acd: acd.value, salesforce: salesforce.value };
  return { ok: false, reasons: [...(acd.ok ? [] : [acd.problem]), ...(salesforce.ok ? [] : [salesforce.problem])] };
}
