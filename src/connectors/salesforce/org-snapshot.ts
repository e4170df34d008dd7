import type { SalesforceStatus } from '../../domain/index.ts';
import {
  evaluatePrerequisites,
  type PackageLicenceInfo,
  type PrerequisiteConfig,
  type UserPrerequisiteReport,
} from './prerequisites.ts';
import { queryMany, type QueryOptions } from './queries.ts';
import { id18, num, parent, soqlString, text, type SalesforceRecord } from './records.ts';
import type { SalesforceSession } from './session.ts';
import { allowedStatusIds, STATUS_ACCESS_SOQL, toStatusAccess, type StatusAccess } from './status-access.ts';
import { STATUS_CHANNELS_SOQL, STATUSES_SOQL, toStatuses } from './statuses.ts';
import { toSalesforceUser, USERS_SOQL, type SalesforceUser } from './users.ts';

/** Everything the hub reads from an org in one refresh (M1.2, M2.1, M2.3). */
export interface OrgSnapshot {
  readonly statuses: readonly SalesforceStatus[];
  readonly access: StatusAccess;
  readonly users: readonly SalesforceUser[];
  /** Per user: status IDs the user may use (profile + permission sets), lower-cased keys of `users[].id`. */
  readonly allowedStatusIdsByUser: ReadonlyMap<string, readonly string[]>;
  /** Per user: the permission sets (18-character IDs) that matter here (the agent set, and sets granting status access). */
  readonly permissionSetIdsByUser: ReadonlyMap<string, readonly string[]>;
  readonly prerequisites: readonly UserPrerequisiteReport[];
  /** REST calls this refresh cost. */
  readonly apiCalls: number;
}

/**
 * The full refresh in two API calls (two composite requests) plus one per extra page:
 * 1) statuses, their channels, status access, users; 2) the permission-set assignments that matter
 * (the agent set, and sets that grant status access), the package licence and its assignments.
 */
export async function readOrgSnapshot(session: SalesforceSession, config: PrerequisiteConfig, options: QueryOptions = {}): Promise<OrgSnapshot> {
  const callsBefore = session.apiCalls;
  return session.run(async (connection) => {
    const [statusRows, channelRows, accessRows, userRows] = await queryMany(connection, [STATUSES_SOQL, STATUS_CHANNELS_SOQL, STATUS_ACCESS_SOQL, USERS_SOQL], options);
    const statuses = toStatuses(statusRows ?? [], channelRows ?? []);
    const access = toStatusAccess(accessRows ?? []);
    const users = (userRows ?? []).map(toSalesforceUser).filter((u): u is SalesforceUser => u !== undefined);

    const grantingSets = access.holders.filter((h) => h.kind === 'permission_set').map((h) => h.permissionSetId);
    const [assignmentRows, licenceRows, userLicenceRows] = await queryMany(connection, [
      assignmentsSoql(config.agentPermissionSetName, grantingSets),
      `SELECT Id, NamespacePrefix, Status, AllowedLicenses, ExpirationDate FROM PackageLicense WHERE NamespacePrefix = ${soqlString(config.packageNamespace)}`,
      `SELECT UserId FROM UserPackageLicense WHERE PackageLicense.NamespacePrefix = ${soqlString(config.packageNamespace)}`,
    ], options);

    const setsByUser = groupAssignments(assignmentRows ?? []);
    const licensed = new Set((userLicenceRows ?? []).map((r) => id18(r, 'UserId')?.toLowerCase()));
    const licence = toLicence(licenceRows?.[0]);
    const allowedStatusIdsByUser = new Map<string, readonly string[]>();
    const prerequisites = users.map((user) => {
      const sets = setsByUser.get(user.id.toLowerCase()) ?? [];
      const allowed = allowedStatusIds(access, user.profileId, sets.map((s) => s.id));
      allowedStatusIdsByUser.set(user.id.toLowerCase(), allowed);
      return evaluatePrerequisites(
        { user, permissionSetNames: sets.map((s) => s.name), hasPackageLicenseAssignment: licensed.has(user.id.toLowerCase()), allowedStatusIds: allowed },
        licence,
        config,
      );
    });
    const permissionSetIdsByUser = new Map([...setsByUser].map(([user, sets]) => [user, sets.map((s) => s.id)]));
    return { statuses, access, users, allowedStatusIdsByUser, permissionSetIdsByUser, prerequisites, apiCalls: session.apiCalls - callsBefore };
  });
}

function assignmentsSoql(agentPermissionSetName: string, grantingSetIds: readonly string[]): string {
  const wanted = [`PermissionSet.Name = ${soqlString(agentPermissionSetName)}`];
  if (grantingSetIds.length > 0) wanted.push(`PermissionSetId IN (${grantingSetIds.map(soqlString).join(', ')})`);
  return `SELECT AssigneeId, PermissionSetId, PermissionSet.Name FROM PermissionSetAssignment WHERE PermissionSet.IsOwnedByProfile = false AND (${wanted.join(' OR ')})`;
}

function groupAssignments(rows: readonly SalesforceRecord[]): Map<string, { id: string; name: string }[]> {
  const byUser = new Map<string, { id: string; name: string }[]>();
  for (const row of rows) {
    const userId = id18(row, 'AssigneeId')?.toLowerCase();
    const setId = id18(row, 'PermissionSetId');
    if (userId === undefined || setId === undefined) continue;
    byUser.set(userId, [...(byUser.get(userId) ?? []), { id: setId, name: text(parent(row, 'PermissionSet'), 'Name') ?? setId }]);
  }
  return byUser;
}

function toLicence(row: SalesforceRecord | undefined): PackageLicenceInfo | undefined {
  if (row === undefined) return undefined;
  return {
    namespacePrefix: text(row, 'NamespacePrefix') ?? '',
    status: text(row, 'Status') ?? 'Unknown',
    allowedLicenses: num(row, 'AllowedLicenses') ?? 0,
    expirationDate: text(row, 'ExpirationDate') ?? null,
  };
}


