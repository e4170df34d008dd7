import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DemoWorld } from '../../demo/demo-world.ts';
import { seedHub } from '../../demo/seed-hub.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/hub/logger.ts';
import { startHub, type Hub } from '../../src/hub/hub.ts';
import { freePort } from './free-port.ts';

export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface HubUnderTest {
  readonly hub: Hub;
  readonly bridgeSecret: string;
  readonly database: string;
  close(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
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

/**
 * The real hub (`startHub`, as `npm start` runs it) on a fresh SQLite file or in a PostgreSQL schema
 * of its own, set up by the demo's `seedHub` against `world`: account mapping, directories, agent
 * links and the "Voice agents" rule. CXone calls go through `fetch` (the bench's probe).
 */
export async function startHubUnderTest(options: {
  readonly world: DemoWorld;
  readonly database: 'sqlite' | 'postgres';
  readonly fetch: typeof fetch;
  readonly cxonePollIntervalMs: number;
}): Promise<HubUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'psync-bench-hub-'));
  const schema = `psync_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const env: Record<string, string> = {
    PRESENCE_SYNC_DATA_DIR: dir,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS: String(options.cxonePollIntervalMs),
  };
  if (options.database === 'postgres') {
    await admin(`create schema ${schema}`);
    const url = new URL(POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = url.href;
  }
  const dropAll = async () => {
    rmSync(dir, { recursive: true, force: true });
    if (options.database === 'postgres') await admin(`drop schema if exists ${schema} cascade`);
  };
  let hub: Hub | undefined;
  try {
    const config = loadConfig({ env, mode: 'demo' });
    hub = await startHub({ config, logger: createLogger('error'), fetch: options.fetch, deferSources: true });
    const { bridgeSecret } = await seedHub(hub, options.world);
    const started = hub;
    return {
      hub,
      bridgeSecret,
      database: options.database === 'postgres' ? 'PostgreSQL' : 'SQLite',
      async close() {
        await started.stop();
        await dropAll();
      },
    };
  } catch (error) {
    await hub?.stop().catch(() => undefined);
    await dropAll();
    throw error;
  }
}
