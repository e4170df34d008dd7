import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their day, not today's types */
type Db = Kysely<any>;

/**
 * Which hub instance holds each agent's console, so that a console left behind by an instance that
 * died (or a hub restarted while the console was closed) still counts as closed, and a console that
 * moved to another instance is not closed by the one it left.
 */
export const consoleSessions: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('console_session')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id').onDelete('cascade'))
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('console_session_pk', ['tenant_id', 'agent_id'])
      .execute();
    await db.schema.createIndex('console_session_instance').on('console_session').column('instance_id').execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('console_session').execute();
  },
};
