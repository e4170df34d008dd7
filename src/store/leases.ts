import type { Clock } from './clock.ts';
import type { Database } from './database.ts';
import type { LeaseRepository } from './ports.ts';

export function createLeaseRepository(database: Database, clock: Clock): LeaseRepository {
  const { db } = database;
  return {
    async acquire(name, owner, ttlMs) {
      const now = clock.now();
      const until = now + ttlMs;
      // Take a free or expired lease, or renew our own; someone else's live lease stays theirs.
      await db
        .insertInto('lease')
        .values({ name, owner, until })
        .onConflict((oc) => oc.column('name').doUpdateSet({ owner, until }).where((eb) => eb.or([eb('lease.until', '<', now), eb('lease.owner', '=', owner)])))
        .execute();
      const row = await db.selectFrom('lease').select(['owner', 'until']).where('name', '=', name).executeTakeFirst();
      return row?.owner === owner && Number(row.until) === until;
    },
    async release(name, owner) {
      await db.deleteFrom('lease').where('name', '=', name).where('owner', '=', owner).execute();
    },
    async holder(name) {
      const row = await db.selectFrom('lease').select(['owner', 'until']).where('name', '=', name).executeTakeFirst();
      return row && Number(row.until) >= clock.now() ? row.owner : undefined;
    },
  };
}
