import type { Kysely, Migration } from 'kysely';

/** Named leases: one holder at a time (e.g. the one CXone poller of a tenant among many hub instances). */
export const leases: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('lease')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('until', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('lease').execute();
  },
};
