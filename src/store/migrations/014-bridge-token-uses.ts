import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their day, not today's types */
type Db = Kysely<any>;

/**
 * The bridge tokens already used (org and token id), until they expire: a captured token connects
 * one console once, across restarts and on every hub instance sharing the database.
 */
export const bridgeTokenUses: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('bridge_token_use')
      .addColumn('token_key', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('bridge_token_use_expires').on('bridge_token_use').column('expires_at').execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('bridge_token_use').execute();
  },
};
