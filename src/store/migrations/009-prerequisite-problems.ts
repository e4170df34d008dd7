import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their day, not today's types */
type Db = Kysely<any>;

/**
 * Each Salesforce user's failing M1.2 prerequisites from the last org check, so that an agent who
 * may not be synced stays unsynced across a restart and on every instance, not only on the one
 * that ran the check.
 */
export const prerequisiteProblems: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('sf_prerequisite')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id').onDelete('cascade'))
      .addColumn('sf_user_id', 'text', (c) => c.notNull())
      .addColumn('problems', 'text', (c) => c.notNull())
      .addColumn('checked_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sf_prerequisite_pk', ['tenant_id', 'sf_user_id'])
      .execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('sf_prerequisite').execute();
  },
};
