import { normaliseId } from '../ids.ts';
import type { OrgState } from '../org-state.ts';
import { permSetByName } from '../seed.ts';

/**
 * What an administrator undoes in Setup, for tests of what the hub notices: a permission set taken
 * from a user, a presence status deleted (with its channels and every profile's access to it).
 */

/** Setup → Users → the user → Permission Set Assignments → Remove. Returns how many assignments went. */
export function unassignPermissionSet(org: OrgState, userId: string, permissionSetName: string): number {
  const assignee = normaliseId(userId) ?? userId;
  const permissionSetId = permSetByName(org, permissionSetName);
  const assignments = org.all('PermissionSetAssignment', false).filter((a) => a.AssigneeId === assignee && a.PermissionSetId === permissionSetId);
  for (const a of assignments) org.remove('PermissionSetAssignment', String(a.Id));
  return assignments.length;
}

/** Setup → Presence Statuses → Del. Returns whether the status existed. */
export function deleteStatus(org: OrgState, developerName: string): boolean {
  const status = org.find('ServicePresenceStatus', (r) => String(r.DeveloperName).toLowerCase() === developerName.toLowerCase());
  if (!status) return false;
  const id = String(status.Id);
  for (const row of org.all('ServiceChannelStatus', false).filter((r) => r.ServicePresenceStatusId === id)) org.remove('ServiceChannelStatus', String(row.Id));
  for (const row of org.all('SetupEntityAccess', false).filter((r) => r.SetupEntityId === id)) org.remove('SetupEntityAccess', String(row.Id));
  return org.remove('ServicePresenceStatus', id);
}
