import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { redactUrl, StoreError } from './errors.ts';
import { migrationProvider } from './migrations/index.ts';
import type { DB } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the Kysely instance, which engine it runs on, and how to close it. */
export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: DialectName;
  /** Where it is, with any password removed: safe to show. */
  readonly description: string;
  /** PostgreSQL: the schema the tables live in (the connection's current schema). */
  readonly schema?: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://…` / `postgresql://…` for PostgreSQL; a file path, `sqlite:<path>` or `:memory:` for SQLite. */
  readonly url: string;
  /** PostgreSQL only: the schema every pooled connection uses (tests give each run its own). */
  readonly searchPath?: string;
  /** PostgreSQL only: pool size (default 10). */
  readonly poolSize?: number;
  /** PostgreSQL only: how long to wait for a connection before reporting the database unreachable (default 5 s). */
  readonly connectTimeoutMs?: number;
}

const INT8_OID = 20;

/** Opens the database the URL names and checks that it answers. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const url = options.url.trim();
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgres(url, options);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new StoreError(
      'PSYNC_STORE_URL_INVALID',
      `The database URL "${redactUrl(url)}" has a scheme the hub does not know. Use postgres://user@host:5432/db for PostgreSQL, or leave DATABASE_URL unset to use SQLite in the data directory.`,
      { url: redactUrl(url) },
    );
  }
  return openSqlite(url.replace(/^sqlite:/i, ''));
}

function openSqlite(path: string): Database {
  let connection: SQLite.Database;
  try {
    connection = new SQLite(path, { fileMustExist: false });
    connection.pragma('journal_mode = WAL');
    connection.pragma('foreign_keys = ON');
    connection.pragma('busy_timeout = 5000');
    connection.pragma('synchronous = NORMAL');
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new StoreError(
        'PSYNC_STORE_NOT_A_DATABASE',
        `"${path}" is not a SQLite database (or it is damaged). The hub left it untouched; point PRESENCE_SYNC_DATA_DIR or DATABASE_URL at the hub's database.`,
        { path },
        { cause: error },
      );
    }
    throw new StoreError(
      'PSYNC_STORE_UNREACHABLE',
      `The SQLite database "${path}" cannot be opened (${(error as Error).message}). Check that its directory (PRESENCE_SYNC_DATA_DIR) exists and that the hub may write there.`,
      { path },
      { cause: error },
    );
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
  return { db, dialect: 'sqlite', description: `sqlite:${path}`, close: () => db.destroy() };
}

/**
 * Kysely prepares every statement afresh; with better-sqlite3 that is a fifth of an ingest's time.
 * The store's statements are few and repeat, so keep the recently used ones prepared (nothing
 * streams them). Least recently used goes first: claims with lists of every length would otherwise
 * push the ingest's statements out.
 */
function withStatementCache(connection: SQLite.Database, size = 512): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => connection.close(),
    prepare(text) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
        statement = connection.prepare(text);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const safe = redactUrl(url);
  try {
    new URL(url);
  } catch {
    throw new StoreError('PSYNC_STORE_URL_INVALID', `The database URL "${safe}" is not a valid URL. Expected postgres://user:password@host:5432/database.`, { url: safe });
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    ...(options.searchPath ? { options: `-c search_path=${quoteIdent(options.searchPath)}` } : {}),
    // Epoch milliseconds live in bigint columns; they fit a JavaScript number exactly.
    types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  // Nor one a transaction holds between two statements (a restart or failover of the server): its
  // next statement fails, and the pool drops it when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  let schema: string;
  try {
    const client = await pool.connect();
    try {
      schema = (await client.query<{ schema: string | null }>('select current_schema() as schema')).rows[0]?.schema ?? 'public';
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw classifyPostgresError(error, safe);
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', description: safe, schema, close: () => db.destroy() };
}

function classifyPostgresError(error: unknown, safeUrl: string): StoreError {
  const e = error as { code?: string; message?: string };
  const details = { url: safeUrl, cause: e.code ?? 'unknown' };
  const why = scrub(e.message ?? String(error), safeUrl);
  if (e.code === '28P01' || e.code === '28000') {
    return new StoreError('PSYNC_STORE_AUTH', `PostgreSQL at ${safeUrl} refused the credentials (${why}). Check the user and password in DATABASE_URL.`, details);
  }
  if (e.code === '3D000') {
    return new StoreError('PSYNC_STORE_DATABASE_MISSING', `PostgreSQL at ${safeUrl} has no such database (${why}). Create it (createdb) or fix the database name in DATABASE_URL.`, details);
  }
  return new StoreError(
    'PSYNC_STORE_UNREACHABLE',
    `PostgreSQL at ${safeUrl} cannot be reached (${why}). Check that the server is running, and the host and port in DATABASE_URL.`,
    details,
  );
}

/** Driver messages may quote the connection string; keep only the redacted form. */
function scrub(message: string, safeUrl: string): string {
  return message.replace(/postgres(ql)?:\/\/\S+/gi, safeUrl);
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export interface MigrationReport {
  /** Names of the migrations this call applied, in order (empty when the schema was current). */
  readonly applied: readonly string[];
}

/** Applies every migration not yet applied. Safe to call at every start. */
export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
  const migrator = new Migrator({ db: database.db, provider: migrationProvider, ...(database.schema ? { migrationTableSchema: database.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StoreError(
      'PSYNC_STORE_MIGRATION_FAILED',
      `Migration ${failed} failed on ${database.description}: ${(error as Error).message ?? String(error)}. Nothing of it was applied; fix the cause and run "presence-sync migrate" again.`,
      { migration: failed },
      { cause: error },
    );
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/**
 * Runs `work` in one write transaction. SQLite takes the write lock up front (`BEGIN IMMEDIATE`), so
 * a read-then-write inside can never be overtaken by another writer; PostgreSQL uses an ordinary
 * transaction (callers lock what they need).
 */
export async function writeTransaction<T>(database: Database, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (database.dialect === 'postgres') return database.db.transaction().execute(work);
  return database.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}
