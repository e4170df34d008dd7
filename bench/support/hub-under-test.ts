import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { WorldAddress } from '../../demo/demo-world.ts';
import { forkTs, type ChildHandle, type Message } from './child.ts';
import { freePort } from './free-port.ts';

export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface HubUnderTest {
  /** The hub's address, e.g. `http://127.0.0.1:41234` (its `/metrics` and `/bridge` are under it). */
  readonly url: string;
  readonly bridgeSecret: string;
  readonly database: string;
  /** The hub's `/metrics` text. */
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/** Runs one statement on the PostgreSQL server at `url` (default POSTGRES_URL) on a connection of its own. */
export async function admin<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, url = POSTGRES_URL): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Whether PostgreSQL answers at POSTGRES_URL (the reason when not). */
export async function postgresReachable(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await admin('select 1');
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** POSTGRES_URL with `search_path` set to `schema`. */
export function urlWithSchema(schema: string, base = POSTGRES_URL): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.href;
}

export const benchSchemaName = (prefix: string): string => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/** GET `url`'s text, failing on an HTTP error. */
export async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.text();
}

/**
 * The real hub in a process of its own (`hub-process.ts`: `startHub` as `npm start` runs it) on a
 * fresh SQLite file or in a PostgreSQL schema of its own, set up by the demo's `seedHub` against
 * `world`: account mapping, directories, agent links and the "Voice agents" rule. The schema and the
 * data directory are removed on `close()`, and the process ends with the benchmark whatever happens.
 */
export async function startHubUnderTest(options: { readonly world: WorldAddress; readonly database: 'sqlite' | 'postgres'; readonly cxonePollIntervalMs: number }): Promise<HubUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'psync-bench-hub-'));
  const schema = benchSchemaName('psync_bench');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PRESENCE_SYNC_DATA_DIR: dir,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS: String(options.cxonePollIntervalMs),
  };
  delete env.DATABASE_URL;
  delete env.PRESENCE_SYNC_CONFIG;
  if (options.database === 'postgres') {
    await admin(`create schema ${schema}`);
    env.DATABASE_URL = urlWithSchema(schema);
  }
  const dropAll = async () => {
    rmSync(dir, { recursive: true, force: true });
    if (options.database === 'postgres') await admin(`drop schema if exists ${schema} cascade`);
  };
  let child: ChildHandle | undefined;
  try {
    child = forkTs(fileURLToPath(new URL('./hub-process.ts', import.meta.url)), { env, timeoutMs: 900_000 });
    const ready = await child.request<Message & { url: string; bridgeSecret: string }>({ type: 'start', world: options.world }, 'ready', 300_000);
    const running = child;
    return {
      url: ready.url,
      bridgeSecret: ready.bridgeSecret,
      database: options.database === 'postgres' ? 'PostgreSQL' : 'SQLite',
      metrics: () => fetchText(`${ready.url}/metrics`),
      async close() {
        await running.stop();
        await dropAll();
      },
    };
  } catch (error) {
    await child?.stop().catch(() => undefined);
    await dropAll();
    throw error;
  }
}
