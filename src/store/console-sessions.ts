import { sql } from 'kysely';
import type { Clock } from './clock.ts';
import type { Database } from './database.ts';
import type { ConsoleSessionRepository, OrphanedConsole } from './ports.ts';

/** The lease an instance renews while it runs; its consoles are orphaned once it lapses. */
export const instanceLeaseName = (instanceId: string): string => `instance:${instanceId}`;

export function createConsoleSessionRepository(database: Database, clock: Clock): ConsoleSessionRepository {
  const { db } = database;
  return {
    async opened(tenantId, agentId, instanceId) {
      const now = clock.now();
      await db
        .insertInto('console_session')
        .values({ tenant_id: tenantId, agent_id: agentId, instance_id: instanceId, updated_at: now })
        .onConflict((oc) => oc.columns(['tenant_id', 'agent_id']).doUpdateSet({ instance_id: instanceId, updated_at: now }))
        .execute();
    },

    async closed(tenantId, agentId, instanceId) {
      const result = await db.deleteFrom('console_session').where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).where('instance_id', '=', instanceId).executeTakeFirst();
      if (Number(result.numDeletedRows) > 0) return true;
      // No row at all: a console the hub knew nothing of (opened before sessions were recorded); it closes as before.
      const elsewhere = await db.selectFrom('console_session').select('instance_id').where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).executeTakeFirst();
      return elsewhere === undefined;
    },

    async orphaned(instanceId, startedBefore, lapsedBefore) {
      const rows = await db
        .selectFrom('console_session')
        .leftJoin('lease', (j) => j.on('lease.name', '=', sql<string>`${instanceLeaseName('')} || console_session.instance_id`))
        .select(['console_session.tenant_id', 'console_session.agent_id', 'console_session.instance_id', 'console_session.updated_at'])
        .where((eb) =>
          eb.or([
            eb.and([eb('console_session.instance_id', '=', instanceId), eb('console_session.updated_at', '<', startedBefore)]),
            eb.and([eb('console_session.instance_id', '<>', instanceId), eb.or([eb('lease.until', 'is', null), eb('lease.until', '<', lapsedBefore)])]),
          ]),
        )
        .execute();
      return rows.map((r): OrphanedConsole => ({ tenantId: r.tenant_id, agentId: r.agent_id, instanceId: r.instance_id, since: Number(r.updated_at) }));
    },

    async forget(console) {
      const result = await db
        .deleteFrom('console_session')
        .where('tenant_id', '=', console.tenantId)
        .where('agent_id', '=', console.agentId)
        .where('instance_id', '=', console.instanceId)
        .where('updated_at', '=', console.since)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
