import type { SalesforceStatus } from '../../domain/index.ts';
import { queryMany } from './queries.ts';
import type { SalesforceSession } from './session.ts';
import { STATUS_ACCESS_SOQL, toStatusAccess, type StatusAccess } from './status-access.ts';
import { CHANNELS_SOQL, STATUS_CHANNELS_SOQL, STATUSES_SOQL, toChannels, toStatuses, type ServiceChannel } from './statuses.ts';

/** What the rule editor needs (M2.1, M2.3): statuses with their channels, every channel, and who may use which status. */
export interface StatusCatalog {
  readonly statuses: readonly SalesforceStatus[];
  readonly channels: readonly ServiceChannel[];
  readonly access: StatusAccess;
}

/** Reads the status catalog in one API call (one composite request of four queries). */
export async function readStatusCatalog(session: SalesforceSession): Promise<StatusCatalog> {
  const [statusRows, statusChannelRows, channelRows, accessRows] = await session.run((connection) =>
    queryMany(connection, [STATUSES_SOQL, STATUS_CHANNELS_SOQL, CHANNELS_SOQL, STATUS_ACCESS_SOQL]),
  );
  return {
    statuses: toStatuses(statusRows ?? [], statusChannelRows ?? []),
    channels: toChannels(channelRows ?? []),
    access: toStatusAccess(accessRows ?? []),
  };
}
