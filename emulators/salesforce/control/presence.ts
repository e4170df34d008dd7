import type { OrgState } from '../org-state.ts';
import { normaliseId } from '../ids.ts';
import { statusByDeveloperName } from '../seed.ts';

export interface PresenceChange {
  closedId?: string;
  openedId?: string;
}

function resolveStatus(org: OrgState, status: string): string {
  const byId = normaliseId(status);
  const id = byId && org.byId('ServicePresenceStatus', byId) ? byId : statusByDeveloperName(org, status);
  if (!id) throw new Error(`emulator: no presence status ${status} in org ${org.id}`);
  return id;
}

/**
 * Simulates what the Omni-Channel console does when an agent changes status: the current
 * UserServicePresence row is closed (IsCurrentState false, StatusEndDate, StatusDuration) and a
 * new current row is opened; `null` logs the agent out (no current row remains).
 */
export function setPresence(org: OrgState, userId: string, status: string | null): PresenceChange {
  const user = org.byId('User', userId);
  if (!user) throw new Error(`emulator: no user ${userId} in org ${org.id}`);
  const uid = user.Id as string;
  const statusId = status === null ? undefined : resolveStatus(org, status);
  const now = org.now();
  const change: PresenceChange = {};
  const hinted = org.currentPresence.get(uid);
  const hintedRow = hinted ? org.byId('UserServicePresence', hinted) : undefined;
  // Only this function opens presence rows, so a user without a hint has no current row.
  const current = hintedRow?.IsCurrentState === true || !hinted
    ? hintedRow
    : org.find('UserServicePresence', (r) => r.UserId === uid && r.IsCurrentState === true);
  if (current) {
    const start = Number(current.StatusStartDate);
    org.update('UserServicePresence', current.Id as string, {
      IsCurrentState: false, StatusEndDate: now, StatusDuration: Math.round((now - start) / 1000),
    }, uid);
    change.closedId = current.Id as string;
  }
  if (statusId) {
    const online = org.all('ServiceChannelStatus', false).some((r) => r.ServicePresenceStatusId === statusId);
    org.presenceCounter += 1;
    change.openedId = org.insert('UserServicePresence', {
      Name: `USP-${String(org.presenceCounter).padStart(10, '0')}`, UserId: uid, OwnerId: uid,
      ServicePresenceStatusId: statusId, IsCurrentState: true, IsAway: !online, StatusStartDate: now,
      StatusEndDate: null, StatusDuration: null, AtCapacityDuration: 0, IdleDuration: 0, AverageCapacity: 0,
      ConfiguredCapacity: online ? 5 : 0,
    }, uid);
    org.currentPresence.set(uid, change.openedId);
  } else org.currentPresence.delete(uid);
  return change;
}
