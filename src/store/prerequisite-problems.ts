import type { Problem } from '../domain/index.ts';
import type { Clock } from './clock.ts';
import { writeTransaction, type Database } from './database.ts';
import { fromJson, toJson } from './json.ts';
import type { PrerequisiteProblemRepository } from './ports.ts';

export function createPrerequisiteProblemRepository(database: Database, clock: Clock): PrerequisiteProblemRepository {
  const { db } = database;
  return {
    async replace(tenantId, problems) {
      const now = clock.now();
      await writeTransaction(database, async (trx) => {
        await trx.deleteFrom('sf_prerequisite').where('tenant_id', '=', tenantId).execute();
        const rows = [...problems].filter(([, list]) => list.length > 0).map(([sfUserId, list]) => ({ tenant_id: tenantId, sf_user_id: sfUserId.toLowerCase(), problems: toJson(list), checked_at: now }));
        for (let i = 0; i < rows.length; i += 500) await trx.insertInto('sf_prerequisite').values(rows.slice(i, i + 500)).execute();
      });
    },
    async of(tenantId) {
      const rows = await db.selectFrom('sf_prerequisite').select(['sf_user_id', 'problems']).where('tenant_id', '=', tenantId).execute();
      return new Map(rows.map((r) => [r.sf_user_id, fromJson<readonly Problem[]>(r.problems)]));
    },
  };
}
