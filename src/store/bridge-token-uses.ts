import type { Clock } from './clock.ts';
import type { Database } from './database.ts';
import type { BridgeTokenUseRepository } from './ports.ts';

/** Expired records are swept once in this many uses, so the table holds about one token lifetime's worth. */
const SWEEP_EVERY = 200;

export function createBridgeTokenUseRepository(database: Database, clock: Clock): BridgeTokenUseRepository {
  const { db } = database;
  let uses = 0;
  const prune = async (before: number): Promise<number> => {
    const result = await db.deleteFrom('bridge_token_use').where('expires_at', '<=', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  };
  return {
    async remember(key, expiresAtMs) {
      const now = clock.now();
      if (++uses % SWEEP_EVERY === 1) await prune(now);
      // A record past its expiry no longer counts (the token itself is refused as expired by then).
      else await db.deleteFrom('bridge_token_use').where('token_key', '=', key).where('expires_at', '<=', now).execute();
      const inserted = await db
        .insertInto('bridge_token_use')
        .values({ token_key: key, expires_at: expiresAtMs })
        .onConflict((oc) => oc.column('token_key').doNothing())
        .returning('token_key')
        .executeTakeFirst();
      return inserted !== undefined;
    },
    prune,
  };
}
