/** Salesforce Omni-Channel presence, as the rules and the sync engine see it. */

export interface SalesforceStatus {
  /** ServicePresenceStatus ID, 18 characters. */
  readonly id: string;
  readonly label: string;
  readonly developerName: string;
  /** Online statuses have service channels (the agent can receive work); Busy ones have none. */
  readonly availability: 'online' | 'busy';
  readonly channels: readonly string[];
}

/** What an agent's Omni-Channel shows: one of the org's statuses, or Offline (no current status). */
export type SalesforcePresence = { readonly kind: 'Status'; readonly statusId: string } | { readonly kind: 'Offline' };

export const OFFLINE: SalesforcePresence = { kind: 'Offline' };
export const status = (statusId: string): SalesforcePresence => ({ kind: 'Status', statusId });

/** `Offline`, or `status:<id>` with the 18-character ID lower-cased (18-character IDs are case-insensitive). */
export function presenceKey(presence: SalesforcePresence): string {
  return presence.kind === 'Offline' ? 'Offline' : `status:${presence.statusId.toLowerCase()}`;
}

export const samePresence = (a: SalesforcePresence, b: SalesforcePresence): boolean => presenceKey(a) === presenceKey(b);

export function describePresence(presence: SalesforcePresence, statuses: ReadonlyMap<string, SalesforceStatus>): string {
  if (presence.kind === 'Offline') return 'Offline';
  const known = statuses.get(presence.statusId.toLowerCase());
  return known ? `${known.label} (${known.availability === 'online' ? 'Online' : 'Busy'})` : `unknown status ${presence.statusId}`;
}
