import { acdSourceKey, type AcdSource, type AcdTarget } from './acd-state.ts';
import {
  ADAPTER_WORDS,
  readAcdWord,
  readPartnerWord,
  type AdapterAcdState,
  type AdapterCatalog,
  type AdapterMapName,
  type AdapterRule,
  type AdapterStateMapping,
  type WordRead,
  type UnmappedAdapterRow,
} from './adapter-rule.ts';
import type { Problem } from './result.ts';
import type { PresenceRule } from './rule.ts';
import { presenceKey, type SalesforcePresence } from './salesforce-presence.ts';

/** A rule in NICE's format, with every row that NICE's format cannot carry. */
export interface ExportedAdapterRule {
  readonly rule: AdapterRule;
  readonly unmapped: readonly UnmappedAdapterRow[];
}

/**
 * Writes a rule's rows as NICE's state maps: ACD states as CXone's words or unavailable code names,
 * statuses by developer name. A row is written only if reading it back gives the same row, so an
 * export imports back to the rule it came from; any other row is reported with the reason.
 */
export function exportAdapterRule(rule: Pick<PresenceRule, 'publisher' | 'subscriber'>, catalog: AdapterCatalog): ExportedAdapterRule {
  const unmapped: UnmappedAdapterRow[] = [];
  const write = (map: AdapterMapName, acd: AcdSource | AcdTarget, salesforce: SalesforcePresence, index: number, into: AdapterStateMapping[]) => {
    const acdWord = writeAcd(acd, catalog);
    const partnerWord = writePartner(salesforce, catalog);
    if (acdWord.ok && partnerWord.ok) into.push({ incontactAgentState: acdWord.value, partnerAgentState: partnerWord.value });
    else unmapped.push({ map, row: index + 1, reasons: [...(acdWord.ok ? [] : [acdWord.problem]), ...(partnerWord.ok ? [] : [partnerWord.problem])] });
  };
  const publisherStateMap: AdapterStateMapping[] = [];
  const subscriberStateMap: AdapterStateMapping[] = [];
  rule.publisher.forEach((row, i) => write('publisher', row.acd, row.salesforce, i, publisherStateMap));
  rule.subscriber.forEach((row, i) => write('subscriber', row.acd, row.salesforce, i, subscriberStateMap));
  return { rule: { publisherStateMap, subscriberStateMap }, unmapped };
}

const acdKey = (state: AdapterAcdState): string => (state.kind === 'PREVIOUS' ? 'PREVIOUS' : acdSourceKey(state));

function writeAcd(state: AdapterAcdState, catalog: AdapterCatalog): WordRead<string> {
  let word: string;
  switch (state.kind) {
    case 'Available':
      word = ADAPTER_WORDS.Available;
      break;
    case 'LoggedOut':
      word = ADAPTER_WORDS.LoggedOut;
      break;
    case 'PREVIOUS':
      word = ADAPTER_WORDS.Previous;
      break;
    case 'Working':
      word = state.activity;
      break;
    case 'Unavailable': {
      if (state.codeId === null) {
        word = ADAPTER_WORDS.DefaultUnavailable;
        break;
      }
      const code = catalog.codes.get(state.codeId);
      if (!code) return refused('PSYNC_ADAPTER_EXPORT_UNKNOWN_CODE', `The row names the unavailable code ${state.codeId}, which CXone does not have (any more); pick another code, or run "Get CXone users".`, { codeId: state.codeId });
      word = code.name;
    }
  }
  const back = readAcdWord(word, catalog);
  if (!back.ok) return { ok: false, problem: back.problem };
  if (acdKey(back.value) !== acdKey(state)) {
    return refused('PSYNC_ADAPTER_RESERVED_NAME', `The unavailable code "${word}" is named like CXone's built-in state, so NICE's rule could not tell them apart; rename the code in CXone.`, { state: word });
  }
  return { ok: true, value: word };
}

function writePartner(presence: SalesforcePresence, catalog: AdapterCatalog): WordRead<string> {
  let word: string;
  if (presence.kind === 'Offline') {
    word = ADAPTER_WORDS.Offline;
  } else {
    const known = catalog.statuses.get(presence.statusId.toLowerCase());
    if (!known) return refused('PSYNC_ADAPTER_EXPORT_UNKNOWN_STATUS', `The row names the Salesforce status ${presence.statusId}, which the org does not have (any more); read the statuses again or pick another.`, { statusId: presence.statusId });
    word = known.developerName;
  }
  const back = readPartnerWord(word, catalog);
  if (!back.ok) return { ok: false, problem: back.problem };
  if (presenceKey(back.value) !== presenceKey(presence)) {
    return refused('PSYNC_ADAPTER_OFFLINE_TAKEN', 'The org has a presence status whose developer name is "Offline", so NICE\'s rule could not tell it from Offline (no status); rename that status.', {});
  }
  return { ok: true, value: word };
}

function refused(code: string, message: string, details: Record<string, unknown>): WordRead<string> {
  const problem: Problem = { code, message, details };
  return { ok: false, problem };
}
