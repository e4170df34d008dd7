import type { Clock } from './clock.ts';
import { writeTransaction, type Database } from './database.ts';
import { fromFlag, toFlag } from './json.ts';
import type { AcdUser, CxoneDirectoryRepository } from './ports.ts';
import type { AcdUserTable } from './schema.ts';
import { replaceTenantRows } from './snapshot.ts';
import { tenantNotFound } from './tenants.ts';

export function createCxoneDirectoryRepository(database: Database, clock: Clock): CxoneDirectoryRepository {
  const { db } = database;
  return {
    async replaceSnapshot(tenantId, snapshot) {
      const now = clock.now();
      return writeTransaction(database, async (trx) => {
        if (!(await trx.selectFrom('tenant').select('id').where('id', '=', tenantId).executeTakeFirst())) throw tenantNotFound(tenantId);
        const users = await replaceTenantRows(trx, 'acd_user', tenantId, ['id'], snapshot.users.map((u) => ({
          id: u.id, first_name: u.firstName, last_name: u.lastName, email: u.email, username: u.username,
          federation_id: u.federationId, team_id: u.teamId, active: toFlag(u.active),
        })), now);
        const teams = await replaceTenantRows(trx, 'acd_team', tenantId, ['id'], snapshot.teams.map((t) => ({ id: t.id, name: t.name, active: toFlag(t.active) })), now);
        const codes = await replaceTenantRows(trx, 'unavailable_code', tenantId, ['id'], snapshot.codes.map((c) => ({ id: c.id, name: c.name, active: toFlag(c.active) })), now);
        const teamCodes = await replaceTenantRows(trx, 'team_code', tenantId, ['team_id', 'code_id'], snapshot.teamCodes.map((a) => ({ team_id: a.teamId, code_id: a.codeId })), now);
        return { users, teams, codes, teamCodes };
      });
    },
    async users(tenantId) {
      return (await db.selectFrom('acd_user').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute()).map(toAcdUser);
    },
    async user(tenantId, userId) {
      const row = await db.selectFrom('acd_user').selectAll().where('tenant_id', '=', tenantId).where('id', '=', userId).executeTakeFirst();
      return row ? toAcdUser(row) : undefined;
    },
    async teams(tenantId) {
      const rows = await db.selectFrom('acd_team').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, name: r.name, active: fromFlag(r.active) }));
    },
    async codes(tenantId) {
      const rows = await db.selectFrom('unavailable_code').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, name: r.name, active: fromFlag(r.active) }));
    },
    async teamCodes(tenantId, teamId) {
      const rows = await db
        .selectFrom('team_code')
        .innerJoin('unavailable_code', (j) => j.onRef('unavailable_code.tenant_id', '=', 'team_code.tenant_id').onRef('unavailable_code.id', '=', 'team_code.code_id'))
        .select(['unavailable_code.id', 'unavailable_code.name'])
        .where('team_code.tenant_id', '=', tenantId)
        .where('team_code.team_id', '=', teamId)
        .orderBy('unavailable_code.id')
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name }));
    },
  };
}

export function toAcdUser(row: AcdUserTable): AcdUser {
  return {
    id: row.id, firstName: row.first_name, lastName: row.last_name, email: row.email, username: row.username,
    federationId: row.federation_id, teamId: row.team_id, active: fromFlag(row.active),
  };
}
