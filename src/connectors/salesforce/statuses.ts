import type { SalesforceStatus } from '../../domain/index.ts';
import { id18, parent, text, type SalesforceRecord } from './records.ts';

export const STATUSES_SOQL = 'SELECT Id, DeveloperName, MasterLabel FROM ServicePresenceStatus ORDER BY MasterLabel';
export const STATUS_CHANNELS_SOQL =
  'SELECT ServicePresenceStatusId, ServiceChannelId, ServiceChannel.DeveloperName FROM ServiceChannelStatus';
export const CHANNELS_SOQL = 'SELECT Id, DeveloperName, MasterLabel, RelatedEntity FROM ServiceChannel ORDER BY DeveloperName';

/** A service channel (work type: cases, chats, voice...). */
export interface ServiceChannel {
  readonly id: string;
  readonly developerName: string;
  readonly label: string;
  readonly relatedEntity?: string;
}

/**
 * Builds the org's statuses (M2.1): Online when the status has service channels
 * (ServiceChannelStatus rows), Busy when it has none; channels by developer name.
 */
export function toStatuses(statusRows: readonly SalesforceRecord[], channelRows: readonly SalesforceRecord[]): SalesforceStatus[] {
  const channelsOf = new Map<string, string[]>();
  for (const row of channelRows) {
    const statusId = id18(row, 'ServicePresenceStatusId');
    const channel = text(parent(row, 'ServiceChannel'), 'DeveloperName') ?? id18(row, 'ServiceChannelId');
    if (statusId === undefined || channel === undefined) continue;
    const key = statusId.toLowerCase();
    channelsOf.set(key, [...(channelsOf.get(key) ?? []), channel]);
  }
  const statuses: SalesforceStatus[] = [];
  for (const row of statusRows) {
    const id = id18(row, 'Id');
    const developerName = text(row, 'DeveloperName');
    if (id === undefined || developerName === undefined) continue;
    const channels = [...(channelsOf.get(id.toLowerCase()) ?? [])].sort();
    statuses.push({ id, developerName, label: text(row, 'MasterLabel') ?? developerName, availability: channels.length > 0 ? 'online' : 'busy', channels });
  }
  return statuses;
}

export function toChannels(rows: readonly SalesforceRecord[]): ServiceChannel[] {
  const channels: ServiceChannel[] = [];
  for (const row of rows) {
    const id = id18(row, 'Id');
    const developerName = text(row, 'DeveloperName');
    if (id === undefined || developerName === undefined) continue;
    const relatedEntity = text(row, 'RelatedEntity');
    channels.push({ id, developerName, label: text(row, 'MasterLabel') ?? developerName, ...(relatedEntity !== undefined ? { relatedEntity } : {}) });
  }
  return channels;
}
