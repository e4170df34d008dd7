import { describe, expect, it } from 'vitest';
import { OFFLINE, status, toId18 } from '../../domain/index.ts';
import { decodeCheckpoint, encodeCheckpoint, observePresence, presenceSoql } from './presence-delta.ts';

const T0 = Date.UTC(2026, 10, 25, 13, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
const to18 = (id15: string) => {
  const parsed = toId18(id15);
  if (!parsed.ok) throw new Error(id15);
  return parsed.value;
};
const U1 = to18('005000000000001');
const U2 = to18('005000000000002');
const AVAILABLE = to18('0N5000000000001');
const BUSY = to18('0N5000000000002');
const R1 = to18('0Hn000000000001');
const R2 = to18('0Hn000000000002');
const R3 = to18('0Hn000000000003');
const R9 = to18('0Hn000000000009');

function row(id: string, userId: string, statusId: string, start: number, end?: number) {
  return {
    Id: id,
    UserId: userId,
    ServicePresenceStatusId: statusId,
    IsCurrentState: end === undefined,
    StatusStartDate: iso(start),
    StatusEndDate: end === undefined ? null : iso(end),
    LastModifiedDate: iso(end ?? start),
  };
}

describe('presenceSoql', () => {
  it('reads current rows and recent changes first, then only changes since the checkpoint (to the second)', () => {
    expect(presenceSoql(undefined, T0 + 1500)).toBe(
      'SELECT Id, UserId, ServicePresenceStatusId, IsCurrentState, StatusStartDate, StatusEndDate, LastModifiedDate FROM UserServicePresence ' +
        'WHERE IsCurrentState = true OR LastModifiedDate >= 2026-11-25T13:00:01Z ORDER BY LastModifiedDate, Id',
    );
    expect(presenceSoql({ since: T0 + 999, seen: [] }, 0)).toContain('WHERE LastModifiedDate >= 2026-11-25T13:00:00Z ORDER BY');
  });
});

describe('observePresence', () => {
  it('gives each user its newest current status, or Offline at the end of its last closed row', () => {
    const { observations, checkpoint } = observePresence(
      [
        row(R1, U1, BUSY, T0, T0 + 5000),
        row(R2, U1, AVAILABLE, T0 + 5000),
        row(R3, U2, BUSY, T0 + 1000, T0 + 7000),
      ],
      { since: T0, seen: [] },
      0,
    );
    expect(observations).toEqual([
      { salesforceUserId: U1, presence: status(AVAILABLE), at: T0 + 5000, rowId: R2 },
      { salesforceUserId: U2, presence: OFFLINE, at: T0 + 7000, rowId: R3 },
    ]);
    expect(checkpoint).toEqual({ since: T0 + 7000, seen: [R3 + '@' + (T0 + 7000)] });
  });

  it('starts from the look-back window on the first poll, and keeps older current rows', () => {
    const { observations, checkpoint } = observePresence([row(R1, U1, BUSY, T0 - 86_400_000)], undefined, T0);
    expect(observations).toEqual([{ salesforceUserId: U1, presence: status(BUSY), at: T0 - 86_400_000, rowId: R1 }]);
    expect(checkpoint).toEqual({ since: T0, seen: [] });
  });

  it('skips rows already handled at the boundary, and rows older than the checkpoint within its second', () => {
    const previous = { since: T0 + 500, seen: [`${R1}@${T0 + 500}`] };
    const { observations, checkpoint } = observePresence(
      [row(R9, U2, BUSY, T0 + 200), row(R1, U1, BUSY, T0 + 500), row(R2, U2, AVAILABLE, T0 + 500)],
      previous,
      0,
    );
    expect(observations.map((o) => o.rowId)).toEqual([R2]);
    expect(checkpoint).toEqual({ since: T0 + 500, seen: [`${R1}@${T0 + 500}`, `${R2}@${T0 + 500}`] });
  });

  it('keeps the checkpoint when nothing changed and ignores unreadable rows', () => {
    const previous = { since: T0, seen: ['x'] };
    expect(observePresence([{ Id: 'nope' }], previous, 0)).toEqual({ observations: [], checkpoint: previous });
  });

  it('stores the checkpoint as a string and reads back only what it wrote', () => {
    const checkpoint = { since: T0, seen: ['a@1'] };
    expect(decodeCheckpoint(encodeCheckpoint(checkpoint))).toEqual(checkpoint);
    expect(decodeCheckpoint(undefined)).toBeUndefined();
    expect(decodeCheckpoint('')).toBeUndefined();
    expect(decodeCheckpoint('{')).toBeUndefined();
    expect(decodeCheckpoint('{"since":"x","seen":[]}')).toBeUndefined();
    expect(decodeCheckpoint('{"since":1,"seen":["a",2]}')).toEqual({ since: 1, seen: ['a'] });
  });
});
