import { flag, id18, parent, text, type SalesforceRecord } from './records.ts';

/**
 * "Enabled Service Presence Status Access" (M2.3), read from SetupEntityAccess rows of type
 * ServicePresenceStatus. A profile's access sits on the profile's own permission set
 * (IsOwnedByProfile), so one query covers profiles and permission sets (reference §2.2).
 */
export const STATUS_ACCESS_SOQL =
  'SELECT ParentId, SetupEntityId, Parent.Name, Parent.Label, Parent.IsOwnedByProfile, Parent.ProfileId, Parent.Profile.Name ' +
  "FROM SetupEntityAccess WHERE SetupEntityType = 'ServicePresenceStatus'";

export interface StatusAccessHolder {
  /** The permission set holding the access (for a profile: the profile's own permission set). */
  readonly permissionSetId: string;
  readonly kind: 'profile' | 'permission_set';
  /** The profile ID (kind `profile`), or the permission set ID. */
  readonly id: string;
  /** Profile name, or permission set API name. */
  readonly name: string;
  /** Status IDs, 18 characters. */
  readonly statusIds: readonly string[];
}

export interface StatusAccess {
  readonly holders: readonly StatusAccessHolder[];
}

export function toStatusAccess(rows: readonly SalesforceRecord[]): StatusAccess {
  const byParent = new Map<string, { holder: Omit<StatusAccessHolder, 'statusIds'>; statusIds: Set<string> }>();
  for (const row of rows) {
    const permissionSetId = id18(row, 'ParentId');
    const statusId = id18(row, 'SetupEntityId');
    if (permissionSetId === undefined || statusId === undefined) continue;
    let entry = byParent.get(permissionSetId);
    if (entry === undefined) {
      const p = parent(row, 'Parent');
      const profileId = id18(p, 'ProfileId');
      const isProfile = flag(p, 'IsOwnedByProfile') && profileId !== undefined;
      const holder: Omit<StatusAccessHolder, 'statusIds'> = isProfile
        ? { permissionSetId, kind: 'profile', id: profileId, name: text(parent(p, 'Profile'), 'Name') ?? text(p, 'Label') ?? profileId }
        : { permissionSetId, kind: 'permission_set', id: permissionSetId, name: text(p, 'Name') ?? permissionSetId };
      entry = { holder, statusIds: new Set() };
      byParent.set(permissionSetId, entry);
    }
    entry.statusIds.add(statusId);
  }
  return { holders: [...byParent.values()].map(({ holder, statusIds }) => ({ ...holder, statusIds: [...statusIds].sort() })) };
}

/** Status IDs a user may use: through the profile, or any assigned permission set. */
export function allowedStatusIds(access: StatusAccess, profileId: string, permissionSetIds: readonly string[]): string[] {
  const sets = new Set(permissionSetIds.map((id) => id.toLowerCase()));
  const allowed = new Set<string>();
  for (const holder of access.holders) {
    const applies = holder.kind === 'profile' ? holder.id.toLowerCase() === profileId.toLowerCase() : sets.has(holder.permissionSetId.toLowerCase());
    if (applies) for (const id of holder.statusIds) allowed.add(id);
  }
  return [...allowed].sort();
}
