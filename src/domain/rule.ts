import type { AcdSource, AcdTarget } from './acd-state.ts';
import type { SalesforcePresence } from './salesforce-presence.ts';

/** Publisher row: whenever CXone shows `acd`, Salesforce should show `salesforce`. */
export interface PublisherRow {
  readonly acd: AcdSource;
  readonly salesforce: SalesforcePresence;
}

/** Subscriber row: whenever Salesforce shows `salesforce`, CXone should show `acd` (or the previous state). */
export interface SubscriberRow {
  readonly salesforce: SalesforcePresence;
  readonly acd: AcdTarget;
}

export interface RuleAssignments {
  readonly teamIds: readonly string[];
  readonly userIds: readonly string[];
}

export interface PresenceRule {
  readonly id: string;
  readonly name: string;
  /** Bumped on every save; decisions record the version they were made under. */
  readonly version: number;
  readonly skipUnavailableCodeValidation: boolean;
  readonly publisher: readonly PublisherRow[];
  readonly subscriber: readonly SubscriberRow[];
  readonly assignments: RuleAssignments;
}

/** Every unavailable code a rule names, in either direction. */
export function codesUsedByRule(rule: Pick<PresenceRule, 'publisher' | 'subscriber'>): Set<string> {
  const codes = new Set<string>();
  for (const row of rule.publisher) if (row.acd.kind === 'Unavailable' && row.acd.codeId !== null) codes.add(row.acd.codeId);
  for (const row of rule.subscriber) if (row.acd.kind === 'Unavailable' && row.acd.codeId !== null) codes.add(row.acd.codeId);
  return codes;
}
