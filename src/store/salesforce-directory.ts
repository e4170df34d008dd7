import { sql, type Kysely } from 'kysely';
import type { SalesforceStatus } from '../domain/index.ts';
import type { Clock } from './clock.ts';
import { writeTransaction, type Database } from './database.ts';
import { fromFlag, fromJson, toFlag, toJson } from './json.ts';
import type { SalesforceDirectoryRepository, SalesforceSnapshotSummary, SalesforceUser, StatusAccess } from './ports.ts';
import type { DB, SfStatusTable, SfUserTable } from './schema.ts';
import { replaceTenantRows } from './snapshot.ts';
import { tenantNotFound } from './tenants.ts';

export function createSalesforceDirectoryRepository(database: Database, clock: Clock): SalesforceDirectoryRepository {
  const { db } = database;
  return {
    async replaceSnapshot(tenantId, snapshot) {
      const now = clock.now();
      return writeTransaction(database, async (trx) => {
        if (!(await trx.selectFrom('tenant').select('id').where('id', '=', tenantId).executeTakeFirst())) throw tenantNotFound(tenantId);
        const summary: { -readonly [K in keyof SalesforceSnapshotSummary]: SalesforceSnapshotSummary[K] } = {};
        if (snapshot.users) {
          summary.users = await replaceTenantRows(trx, 'sf_user', tenantId, ['id'], snapshot.users.map((u) => ({
            id: u.id, username: u.username, email: u.email, federation_id: u.federationId, name: u.name,
            profile_id: u.profileId, profile_name: u.profileName ?? null, permission_set_ids: toJson(u.permissionSetIds), active: toFlag(u.active),
          })), now);
        }
        if (snapshot.statuses) {
          summary.statuses = await replaceTenantRows(trx, 'sf_status', tenantId, ['id'], snapshot.statuses.map((s) => ({
            id: s.id, label: s.label, developer_name: s.developerName, availability: s.availability, channels: toJson(s.channels),
          })), now);
        }
        if (snapshot.access) {
          summary.access = await replaceTenantRows(trx, 'sf_status_access', tenantId, ['status_id', 'parent_id'], snapshot.access.map((a) => ({
            status_id: a.statusId.toLowerCase(), parent_id: a.parentId, parent_kind: a.parentKind,
          })), now);
        }
        return summary;
      });
    },
    async users(tenantId) {
      return (await db.selectFrom('sf_user').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute()).map(toSalesforceUser);
    },
    async user(tenantId, userId) {
      const row = await db.selectFrom('sf_user').selectAll().where('tenant_id', '=', tenantId).where('id', '=', userId).executeTakeFirst();
      return row ? toSalesforceUser(row) : undefined;
    },
    statuses: (tenantId) => readStatuses(db, tenantId),
    async access(tenantId) {
      const rows = await db.selectFrom('sf_status_access').selectAll().where('tenant_id', '=', tenantId).orderBy('status_id').orderBy('parent_id').execute();
      return rows.map((r): StatusAccess => ({ statusId: r.status_id, parentId: r.parent_id, parentKind: r.parent_kind as StatusAccess['parentKind'] }));
    },
    async allowedStatusIds(tenantId, userId) {
      const row = await db.selectFrom('sf_user').selectAll().where('tenant_id', '=', tenantId).where('id', '=', userId).executeTakeFirst();
      return row ? readAllowedStatusIds(db, tenantId, toSalesforceUser(row)) : undefined;
    },
  };
}

export async function readStatuses(db: Kysely<DB>, tenantId: string): Promise<readonly SalesforceStatus[]> {
  const rows = await db.selectFrom('sf_status').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
  return rows.map(toStatus);
}

/** Undefined when the tenant's status access was never read (then nothing can be said about it). */
export async function readAllowedStatusIds(db: Kysely<DB>, tenantId: string, user: SalesforceUser): Promise<ReadonlySet<string> | undefined> {
  const parents = [...(user.profileId ? [user.profileId] : []), ...user.permissionSetIds];
  const rows = await db
    .selectFrom('sf_status_access')
    .select((eb) => [
      'status_id',
      eb.fn.max(parents.length === 0 ? sql<number>`0` : eb.case().when('parent_id', 'in', parents).then(1).else(0).end()).as('allowed'),
    ])
    .where('tenant_id', '=', tenantId)
    .groupBy('status_id')
    .execute();
  if (rows.length === 0) return undefined;
  return new Set(rows.filter((r) => Number(r.allowed) === 1).map((r) => r.status_id));
}

export function toSalesforceUser(row: SfUserTable): SalesforceUser {
  return {
    id: row.id, username: row.username, email: row.email, federationId: row.federation_id, name: row.name,
    profileId: row.profile_id, ...(row.profile_name !== null ? { profileName: row.profile_name } : {}),
    permissionSetIds: fromJson<string[]>(row.permission_set_ids), active: fromFlag(row.active),
  };
}

function toStatus(row: SfStatusTable): SalesforceStatus {
  return { id: row.id, label: row.label, developerName: row.developer_name, availability: row.availability as SalesforceStatus['availability'], channels: fromJson<string[]>(row.channels) };
}
