import { sql, type Kysely, type Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their day, not today's types */
type Db = Kysely<any>;

/**
 * Claims ask for one side's due intents, Salesforce ones only for the consoles an instance holds
 * (by serve key). Agents without an open console keep their Salesforce intent pending, so with only
 * the `run_after` index every claim walked all of them: at 10,000 agents and 1,500 consoles that
 * scan was a third of the hub's time. This index lets a claim look up its side and serve keys.
 */
export const pendingIntentIndex: Migration = {
  async up(db: Db) {
    await db.schema
      .createIndex('sync_intent_pending')
      .on('sync_intent')
      .columns(['target', 'serve_key', 'run_after'])
      .where(sql.ref('status'), '=', 'pending')
      .execute();
  },
  async down(db: Db) {
    await db.schema.dropIndex('sync_intent_pending').execute();
  },
};
