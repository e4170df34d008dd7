import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their day, not today's types */
type Db = Kysely<any>;

/**
 * When the hub recorded an expected echo: a write the side never reported back (it already showed
 * the state) must not count as "where the side is heading" once the side has changed after it.
 */
export const echoRecordedAt: Migration = {
  async up(db: Db) {
    await db.schema.alterTable('expected_echo').addColumn('recorded_at', 'bigint').execute();
  },
  async down(db: Db) {
    await db.schema.alterTable('expected_echo').dropColumn('recorded_at').execute();
  },
};
