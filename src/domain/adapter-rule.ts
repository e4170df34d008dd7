/**
 * NICE CXone's own Presence Sync rule (the Adapters app), in the shape NICE's SDK reads from
 * `GET /adapter-apis/v1/{partnerName}/rule/{partnerId}`, and how its state words read as this
 * product's ACD states and Salesforce presence. The words for states that are not unavailable
 * codes are inferred (docs/cxone-setup.md, "Moving from CXone's built-in presence sync").
 */
import { WORKING_STATES, type AcdSource } from './acd-state.ts';
import type { Problem } from './result.ts';
import type { RuleCatalog } from './rule-validation.ts';
import { OFFLINE, status, type SalesforcePresence } from './salesforce-presence.ts';

export interface AdapterStateMapping {
  readonly incontactAgentState: string;
  readonly partnerAgentState: string;
}

export interface AdapterRule {
  readonly publisherStateMap: readonly AdapterStateMapping[];
  readonly subscriberStateMap: readonly AdapterStateMapping[];
}

export type AdapterMapName = 'publisher' | 'subscriber';

/** A row that could not be carried over, and every reason why. */
export interface UnmappedAdapterRow {
  readonly map: AdapterMapName;
  /** 1-based, in the map it was read from: NICE's on import, the rule's on export. */
  readonly row: number;
  /** NICE's row as it was read (import only). */
  readonly mapping?: AdapterStateMapping;
  readonly reasons: readonly Problem[];
}

/** What the conversion needs of the tenant: the org's statuses and CXone's unavailable codes. */
export type AdapterCatalog = Pick<RuleCatalog, 'statuses' | 'codes'>;

/** The words written for the ACD states that are not unavailable codes. */
export const ADAPTER_WORDS = {
  Available: 'Available',
  DefaultUnavailable: 'Unavailable',
  LoggedOut: 'LoggedOut',
  Previous: 'Previous State',
  Offline: 'Offline',
} as const;

/** An ACD state word, or a working state, as either kind of row may hold it. */
export type AdapterAcdState = AcdSource | { readonly kind: 'PREVIOUS' };

/** Spacing, case, `_` and `-` do not matter in the built-in words ("Logged Out", "PreviousState", "inbound_contact"). */
const fold = (word: string): string => word.toLowerCase().replace(/[\s_-]+/g, '');

const BUILT_IN = new Map<string, AdapterAcdState>([
  [fold(ADAPTER_WORDS.Available), { kind: 'Available' }],
  [fold(ADAPTER_WORDS.DefaultUnavailable), { kind: 'Unavailable', codeId: null }],
  [fold(ADAPTER_WORDS.LoggedOut), { kind: 'LoggedOut' }],
  [fold(ADAPTER_WORDS.Previous), { kind: 'PREVIOUS' }],
  ['previous', { kind: 'PREVIOUS' }],
  ...WORKING_STATES.map((activity): [string, AdapterAcdState] => [fold(activity), { kind: 'Working', activity }]),
]);

export type WordRead<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };
const read = <T>(value: T): WordRead<T> => ({ ok: true, value });
const cannot = <T>(code: string, message: string, details: Record<string, unknown>): WordRead<T> => ({ ok: false, problem: { code, message, details } });

/**
 * An inContact agent state word: a built-in state (see {@link ADAPTER_WORDS}, and the working
 * states by CXone's name), else the exact name of one of CXone's unavailable codes.
 */
export function readAcdWord(word: string, catalog: AdapterCatalog): WordRead<AdapterAcdState> {
  const builtIn = BUILT_IN.get(fold(word));
  if (builtIn) return read(builtIn);
  const codes = [...catalog.codes.values()];
  const exact = codes.filter((c) => c.name === word);
  if (exact.length === 1) return read({ kind: 'Unavailable', codeId: exact[0]!.id });
  if (exact.length > 1) {
    return cannot('PSYNC_ADAPTER_AMBIGUOUS_CODE', `CXone has ${exact.length} unavailable codes named "${word}" (ids ${exact.map((c) => c.id).join(', ')}); rename all but one in CXone, run "Get CXone users", and import again.`, { state: word, codeIds: exact.map((c) => c.id) });
  }
  const near = codes.find((c) => c.name.toLowerCase() === word.trim().toLowerCase());
  if (near) {
    return cannot('PSYNC_ADAPTER_UNKNOWN_CODE', `"${word}" is not an unavailable code; CXone's code is spelt "${near.name}" (unavailable codes are case-sensitive). Correct the row.`, { state: word, codeId: near.id });
  }
  return cannot(
    'PSYNC_ADAPTER_UNKNOWN_STATE',
    `"${word}" is neither a CXone state (${[ADAPTER_WORDS.Available, ADAPTER_WORDS.DefaultUnavailable, ADAPTER_WORDS.LoggedOut, ...WORKING_STATES, ADAPTER_WORDS.Previous].join(', ')}) nor an unavailable code the hub knows; run "Get CXone users" if the code is new, or create it in CXone.`,
    { state: word },
  );
}

/** A partner (Salesforce) state word: a presence status's developer name (case-insensitive, as Salesforce's API names), else `Offline`. */
export function readPartnerWord(word: string, catalog: AdapterCatalog): WordRead<SalesforcePresence> {
  const statuses = [...catalog.statuses.values()];
  const named = statuses.filter((s) => s.developerName.toLowerCase() === word.toLowerCase());
  if (named.length === 1) return read(status(named[0]!.id));
  if (named.length > 1) {
    return cannot('PSYNC_ADAPTER_AMBIGUOUS_STATUS', `The org has ${named.length} presence statuses with the developer name "${word}"; read the statuses again.`, { state: word, statusIds: named.map((s) => s.id) });
  }
  if (fold(word) === fold(ADAPTER_WORDS.Offline)) return read(OFFLINE);
  const labelled = statuses.find((s) => s.label.toLowerCase() === word.trim().toLowerCase());
  if (labelled) {
    return cannot('PSYNC_ADAPTER_UNKNOWN_STATUS', `"${word}" is the label of a presence status; rules name statuses by developer name: "${labelled.developerName}". Correct the row.`, { state: word, statusId: labelled.id });
  }
  return cannot('PSYNC_ADAPTER_UNKNOWN_STATUS', `The Salesforce org has no presence status with the developer name "${word}"; read the statuses again, or create it (Setup → Presence Statuses).`, { state: word });
}
