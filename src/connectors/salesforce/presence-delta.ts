import { OFFLINE, status, type SalesforcePresence } from '../../domain/index.ts';
import { flag, id18, parseDateTime, text, type SalesforceRecord } from './records.ts';

const FIELDS = 'Id, UserId, ServicePresenceStatusId, IsCurrentState, StatusStartDate, StatusEndDate, LastModifiedDate';

/**
 * Where the server feed stands: rows modified at or after `since` are read next time; `seen` holds
 * the rows already handled at exactly `since` (`<id>@<LastModifiedDate ms>`), because Salesforce
 * compares dateTimes to the second and the next query repeats the boundary.
 */
export interface FeedCheckpoint {
  readonly since: number;
  readonly seen: readonly string[];
}

/** One user's presence as a UserServicePresence row shows it. */
export interface PresenceObservation {
  readonly salesforceUserId: string;
  readonly presence: SalesforcePresence;
  /** Start of the status, or (Offline) end of the last one; by Salesforce's clock, epoch ms. */
  readonly at: number;
  readonly rowId: string;
}

/**
 * One query per poll for the whole org. Later polls: rows created (new status) or closed (status
 * change, logout) since the checkpoint. The first poll also reads every current row (who is in
 * which status now), and everything modified in the look-back window before `since`.
 */
export function presenceSoql(checkpoint: FeedCheckpoint | undefined, initialSince: number): string {
  const since = checkpoint?.since ?? initialSince;
  const changed = `LastModifiedDate >= ${soqlSeconds(since)}`;
  const where = checkpoint === undefined ? `IsCurrentState = true OR ${changed}` : changed;
  return `SELECT ${FIELDS} FROM UserServicePresence WHERE ${where} ORDER BY LastModifiedDate, Id`;
}

/** SOQL compares dateTimes to the second; the checkpoint's `seen` list covers the repeated second. */
function soqlSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

interface Row {
  readonly id: string;
  readonly userId: string;
  readonly statusId: string | undefined;
  readonly current: boolean;
  readonly start: number;
  readonly end: number | undefined;
  readonly modified: number;
}

function toRow(record: SalesforceRecord): Row | undefined {
  const id = id18(record, 'Id');
  const userId = id18(record, 'UserId');
  const start = parseDateTime(text(record, 'StatusStartDate'));
  const modified = parseDateTime(text(record, 'LastModifiedDate'));
  if (id === undefined || userId === undefined || start === undefined || modified === undefined) return undefined;
  return {
    id,
    userId,
    statusId: id18(record, 'ServicePresenceStatusId'),
    current: flag(record, 'IsCurrentState'),
    start,
    end: parseDateTime(text(record, 'StatusEndDate')),
    modified,
  };
}

const seenKey = (row: Row) => `${row.id}@${row.modified}`;

/**
 * Turns the rows of one poll into at most one observation per user: the user's current status if
 * a row shows one (the newest), otherwise Offline at the end of the newest closed row.
 * Rows already seen at the checkpoint's boundary are skipped.
 */
export function observePresence(
  records: readonly SalesforceRecord[],
  previous: FeedCheckpoint | undefined,
  initialSince: number,
): { observations: PresenceObservation[]; checkpoint: FeedCheckpoint } {
  const alreadySeen = new Set(previous?.seen ?? []);
  // A row modified before the checkpoint (but within its second) was handled by an earlier poll.
  const floor = previous?.since ?? Number.NEGATIVE_INFINITY;
  const rows = records
    .map(toRow)
    .filter((row): row is Row => row !== undefined && !alreadySeen.has(seenKey(row)) && row.modified >= floor);
  const byUser = new Map<string, Row[]>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);

  const observations: PresenceObservation[] = [];
  for (const [userId, userRows] of byUser) {
    const current = userRows.filter((r) => r.current && r.statusId !== undefined).sort((a, b) => b.start - a.start)[0];
    if (current) {
      observations.push({ salesforceUserId: userId, presence: status(current.statusId as string), at: current.start, rowId: current.id });
      continue;
    }
    const closed = userRows.filter((r) => r.end !== undefined).sort((a, b) => (b.end as number) - (a.end as number))[0];
    if (closed) observations.push({ salesforceUserId: userId, presence: OFFLINE, at: closed.end as number, rowId: closed.id });
  }
  observations.sort((a, b) => a.at - b.at || a.salesforceUserId.localeCompare(b.salesforceUserId));
  return { observations, checkpoint: advance(previous, rows, initialSince) };
}

function advance(previous: FeedCheckpoint | undefined, rows: readonly Row[], initialSince: number): FeedCheckpoint {
  const base = previous ?? { since: initialSince, seen: [] };
  const newest = rows.reduce((max, row) => Math.max(max, row.modified), base.since);
  if (newest === base.since) return { since: base.since, seen: [...new Set([...base.seen, ...rows.filter((r) => r.modified === newest).map(seenKey)])] };
  return { since: newest, seen: rows.filter((r) => r.modified === newest).map(seenKey) };
}

/** The checkpoint as the store keeps it (a source position string), and back. */
export function encodeCheckpoint(checkpoint: FeedCheckpoint): string {
  return JSON.stringify(checkpoint);
}

export function decodeCheckpoint(position: string | undefined): FeedCheckpoint | undefined {
  if (position === undefined || position === '') return undefined;
  try {
    const value = JSON.parse(position) as { since?: unknown; seen?: unknown };
    if (typeof value.since !== 'number' || !Array.isArray(value.seen)) return undefined;
    return { since: value.since, seen: value.seen.filter((s): s is string => typeof s === 'string') };
  } catch {
    return undefined;
  }
}
