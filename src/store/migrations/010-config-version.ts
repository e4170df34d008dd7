import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their day, not today's types */
type Db = Kysely<any>;

/**
 * The tables ingest reads about a tenant's configuration and its agents' identities. Ingest keeps
 * what it read between events and re-reads it when `config_version` moved.
 */
export const CONFIG_TABLES = [
  'tenant', 'feature_switch', 'acd_user', 'unavailable_code', 'team_code', 'sf_user', 'sf_status', 'sf_status_access',
  'agent_link', 'presence_rule', 'presence_rule_row', 'rule_assignment',
] as const;

/**
 * One counter that every write to a configuration table moves, in the writer's own transaction
 * (database triggers, so that no writer can forget it): an ingest on any instance reads it first and
 * drops what it kept when it moved, so a rule saved anywhere applies to the very next event.
 */
export const configVersion: Migration = {
  async up(db: Db) {
    await db.schema.createTable('config_version').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('version', 'bigint', (c) => c.notNull()).execute();
    await sql`insert into config_version (id, version) values (1, 0)`.execute(db);
    if (isPostgres(db)) {
      // Named with its schema: whoever writes (psql, another search_path) moves this schema's counter.
      const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]!.schema;
      const bump = `insert into ${quoteIdent(schema)}.config_version (id, version) values (1, 1) on conflict (id) do update set version = ${quoteIdent(schema)}.config_version.version + 1`;
      await sql`create function psync_config_changed() returns trigger language plpgsql as ${sql.lit(`begin ${bump}; return null; end`)}`.execute(db);
      for (const table of CONFIG_TABLES) {
        await sql`create trigger ${sql.id(`psync_config_${table}`)} after insert or update or delete or truncate on ${sql.table(table)} for each statement execute function psync_config_changed()`.execute(db);
      }
      return;
    }
    for (const table of CONFIG_TABLES) {
      for (const op of ['insert', 'update', 'delete'] as const) {
        await sql`create trigger ${sql.id(`psync_config_${table}_${op}`)} after ${sql.raw(op)} on ${sql.table(table)} begin insert into config_version (id, version) values (1, 1) on conflict (id) do update set version = version + 1; end`.execute(db);
      }
    }
  },
  async down(db: Db) {
    if (isPostgres(db)) {
      for (const table of CONFIG_TABLES) await sql`drop trigger if exists ${sql.id(`psync_config_${table}`)} on ${sql.table(table)}`.execute(db);
      await sql`drop function if exists psync_config_changed()`.execute(db);
    } else {
      for (const table of CONFIG_TABLES) for (const op of ['insert', 'update', 'delete']) await sql`drop trigger if exists ${sql.id(`psync_config_${table}_${op}`)}`.execute(db);
    }
    await db.schema.dropTable('config_version').execute();
  },
};

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const isPostgres = (db: Db): boolean => db.getExecutor().adapter instanceof PostgresAdapter;
