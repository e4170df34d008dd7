import type { Kysely } from 'kysely';
import type { Clock } from './clock.ts';
import { writeTransaction, type Database } from './database.ts';
import type { AgentLink, AgentLinkRepository, LinkMatch } from './ports.ts';
import type { AgentLinkTable, DB } from './schema.ts';

export function createAgentLinkRepository(database: Database, clock: Clock): AgentLinkRepository {
  const { db } = database;
  return {
    async set(tenantId, link) {
      const now = clock.now();
      await writeTransaction(database, async (trx) => {
        // One link per user on each side: the Salesforce user moves to this CXone user.
        await trx.deleteFrom('agent_link').where('tenant_id', '=', tenantId).where('sf_user_id', '=', link.sfUserId).where('acd_user_id', '<>', link.acdUserId).execute();
        await trx
          .insertInto('agent_link')
          .values({ tenant_id: tenantId, acd_user_id: link.acdUserId, sf_user_id: link.sfUserId, matched_by: link.matchedBy, updated_at: now })
          .onConflict((oc) => oc.columns(['tenant_id', 'acd_user_id']).doUpdateSet({ sf_user_id: link.sfUserId, matched_by: link.matchedBy, updated_at: now }))
          .execute();
      });
    },
    async remove(tenantId, acdUserId) {
      const result = await db.deleteFrom('agent_link').where('tenant_id', '=', tenantId).where('acd_user_id', '=', acdUserId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async list(tenantId) {
      return (await db.selectFrom('agent_link').selectAll().where('tenant_id', '=', tenantId).orderBy('acd_user_id').execute()).map(toLink);
    },
    byAcdUser: (tenantId, acdUserId) => readLink(db, tenantId, acdUserId),
    async bySalesforceUser(tenantId, sfUserId) {
      const row = await db.selectFrom('agent_link').selectAll().where('tenant_id', '=', tenantId).where('sf_user_id', '=', sfUserId).executeTakeFirst();
      return row ? toLink(row) : undefined;
    },
  };
}

export async function readLink(db: Kysely<DB>, tenantId: string, acdUserId: string): Promise<AgentLink | undefined> {
  const row = await db.selectFrom('agent_link').selectAll().where('tenant_id', '=', tenantId).where('acd_user_id', '=', acdUserId).executeTakeFirst();
  return row ? toLink(row) : undefined;
}

const toLink = (row: AgentLinkTable): AgentLink => ({ acdUserId: row.acd_user_id, sfUserId: row.sf_user_id, matchedBy: row.matched_by as LinkMatch });
