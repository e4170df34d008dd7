import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from './database.ts';
import { migrations } from './migrations/index.ts';
import { redactUrl, StoreError } from './errors.ts';
import { postgresAvailable, POSTGRES_URL } from './test-support/postgres.ts';

const pgUp = (await postgresAvailable()).ok;

async function openError(url: string): Promise<StoreError> {
  const error = await openDatabase({ url, connectTimeoutMs: 2000 }).then(
    async (db) => {
      await db.close();
      throw new Error(`expected ${url} to fail`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('opening the database', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'psync-db-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('says an unreachable PostgreSQL is unreachable, what to check, and never prints the password', async () => {
    const error = await openError('postgres://hub:hunter2@127.0.0.1:1/presence');
    expect(error.code).toBe('PSYNC_STORE_UNREACHABLE');
    expect(error.message).toContain('Check that the server is running');
    expect(error.message).toContain('postgres://hub:***@127.0.0.1:1/presence');
    expect(`${error.message} ${JSON.stringify(error.details)}`).not.toContain('hunter2');
  });

  it('refuses a URL of an unknown kind or a malformed one', async () => {
    const scheme = await openError('mysql://root:hunter2@db/presence');
    expect(scheme.code).toBe('PSYNC_STORE_URL_INVALID');
    expect(scheme.message).not.toContain('hunter2');
    const malformed = await openError('postgres://root:hunter2@db:notaport/presence');
    expect(malformed.code).toBe('PSYNC_STORE_URL_INVALID');
    expect(malformed.message).not.toContain('hunter2');
  });

  it.runIf(pgUp)('names a missing PostgreSQL database', async () => {
    const url = new URL(POSTGRES_URL);
    url.pathname = '/psync_no_such_database';
    expect((await openError(url.toString())).code).toBe('PSYNC_STORE_DATABASE_MISSING');
  });

  it('says where the SQLite file cannot be created', async () => {
    const error = await openError(join(tempDir(), 'missing', 'hub.db'));
    expect(error.code).toBe('PSYNC_STORE_UNREACHABLE');
    expect(error.message).toContain('PRESENCE_SYNC_DATA_DIR');
  });

  it('refuses a file that is not a database and leaves it as it was', async () => {
    const file = join(tempDir(), 'hub.db');
    writeFileSync(file, 'not a database, but somebody\'s notes'.repeat(200));
    const before = readFileSync(file);
    expect((await openError(file)).code).toBe('PSYNC_STORE_NOT_A_DATABASE');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('opens SQLite in WAL mode with foreign keys, from a path or a sqlite: URL, and migrates once', async () => {
    const database = await openDatabase({ url: `sqlite:${join(tempDir(), 'hub.db')}` });
    try {
      expect(database.dialect).toBe('sqlite');
      expect((await migrateToLatest(database)).applied).toEqual(Object.keys(migrations));
      expect((await migrateToLatest(database)).applied).toEqual([]);
      const { sql } = await import('kysely');
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      expect(fk.rows[0]?.foreign_keys).toBe(1);
    } finally {
      await database.close();
    }
  });

  it('redacts passwords from URLs, even unparsable ones', () => {
    expect(redactUrl('postgres://u:p%40ss@h:5432/d')).toBe('postgres://u:***@h:5432/d');
    expect(redactUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
    expect(redactUrl('postgres://u:secret@h:bad/d')).toBe('postgres://u:***@h:bad/d');
  });
});
