/**
 * Migration 004 moves the admin API's principal tables into the store's migrations. Hubs before it
 * created those tables themselves at start; such a database must migrate without losing its users.
 */
import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from '../database.ts';
import { postgresAvailable, POSTGRES_URL } from '../test-support/postgres.ts';
import { apiPrincipals } from './004-api-principals.ts';
import { migrationProvider, migrations } from './index.ts';

const pgUp = (await postgresAvailable()).ok;
const schemas: string[] = [];

async function pgAdmin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const schema of schemas) await pgAdmin(`drop schema if exists ${schema} cascade`);
});

const engines: { name: string; open: () => Promise<Database> }[] = [{ name: 'SQLite', open: () => openDatabase({ url: ':memory:' }) }];
if (pgUp) {
  engines.push({
    name: 'PostgreSQL',
    open: async () => {
      const schema = `psync_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      await pgAdmin(`create schema ${schema}`);
      schemas.push(schema);
      return openDatabase({ url: POSTGRES_URL, searchPath: schema });
    },
  });
}

const migratorOf = (database: Database) => new Migrator({ db: database.db, provider: migrationProvider, ...(database.schema ? { migrationTableSchema: database.schema } : {}) });

describe.each(engines)('migration 004-api-principals on $name', ({ open }) => {
  it('creates the principal tables on a new database', async () => {
    const database = await open();
    try {
      expect((await migrateToLatest(database)).applied).toContain('004-api-principals');
      for (const table of ['api_user', 'api_session', 'api_token', 'api_idempotency']) {
        const rows = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db);
        expect(Number(rows.rows[0]?.n)).toBe(0);
      }
    } finally {
      await database.close();
    }
  });

  it('migrates a database whose hub created the principal tables itself, keeping its users and tokens', async () => {
    const database = await open();
    try {
      const before = await migratorOf(database).migrateTo('003-leases');
      expect(before.error).toBeUndefined();
      // What hubs before 004 did at start (the same definitions), then an administrator and a token.
      await apiPrincipals.up(database.db);
      await sql`insert into api_user (id, username, display_name, password_hash, permissions, created_at, updated_at) values ('u1', 'ann', 'Ann', 'scrypt$x', '["user_admin"]', 1, 1)`.execute(database.db);
      await sql`insert into api_token (id, name, token_hash, permissions, created_by, created_at) values ('t1', 'ci', 'th', '[]', 'ann', 1)`.execute(database.db);

      expect((await migrateToLatest(database)).applied).toEqual(Object.keys(migrations).filter((name) => name >= '004'));
      const users = await sql<{ username: string }>`select username from api_user`.execute(database.db);
      expect(users.rows.map((r) => r.username)).toEqual(['ann']);
      const tokens = await sql<{ name: string }>`select name from api_token`.execute(database.db);
      expect(tokens.rows.map((r) => r.name)).toEqual(['ci']);
    } finally {
      await database.close();
    }
  });
});
