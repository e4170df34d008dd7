import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database } from '../database.ts';

export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the test server answers; the reason when it does not. */
export async function postgresAvailable(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    await client.end().catch(() => {});
  }
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A schema of its own for one test file, migrated once and dropped at the end, so that runs never
 * collide; `open` empties its tables and opens a fresh pool on it for each test.
 */
export class PostgresTestSchema {
  readonly name = `psync_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  private created = false;

  async open(poolSize?: number): Promise<{ database: Database; dispose(): Promise<void> }> {
    if (!this.created) {
      await admin((c) => c.query(`create schema ${this.name}`));
      this.created = true;
      const first = await openDatabase({ url: POSTGRES_URL, searchPath: this.name });
      await migrateToLatest(first).finally(() => first.close());
    } else {
      await admin(async (c) => {
        const tables = await c.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = $1 and tablename not like 'kysely_%'`, [this.name]);
        await c.query(`truncate ${tables.rows.map((t) => `${this.name}.${t.tablename}`).join(', ')} cascade`);
      });
    }
    const database = await openDatabase({ url: POSTGRES_URL, searchPath: this.name, ...(poolSize ? { poolSize } : {}) });
    return { database, dispose: () => database.close() };
  }

  async drop(): Promise<void> {
    if (this.created) await admin((c) => c.query(`drop schema if exists ${this.name} cascade`));
  }
}
