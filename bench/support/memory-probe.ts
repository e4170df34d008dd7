/**
 * Child process of the memory benchmark: starts the hub (as `npm start` does, SQLite in `dataDir`,
 * no emulators) on a store a seeder filled with linked agents whose tenant has presence sync off,
 * measures resident memory, switches the tenant's sync on (the hub loads its links and serves its
 * agents), lets it settle, measures again and prints both as one JSON line.
 * Usage: `node --expose-gc --import tsx bench/support/memory-probe.ts <dataDir> [settleMs]`.
 */
import { loadConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/hub/logger.ts';
import { startHub } from '../../src/hub/hub.ts';
import { freePort } from './free-port.ts';
import { sleep } from './result.ts';

const MEMORY_TENANT = 'memory';
const dataDir = process.argv[2];
const settleMs = Number(process.argv[3] ?? 2_000);
if (!dataDir) throw new Error('usage: memory-probe.ts <dataDir>');

const settled = async (): Promise<{ rss: number; heapUsed: number }> => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) {
    await sleep(settleMs / 8);
    gc();
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
};

const config = loadConfig({ env: { PRESENCE_SYNC_DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'error' }, mode: 'demo' });
const hub = await startHub({ config, logger: createLogger('error') });
try {
  await sleep(settleMs / 2);
  const before = await settled();
  await hub.store.tenants.setSwitches(MEMORY_TENANT, { presenceSync: true });
  await hub.refreshTenants();
  await sleep(settleMs);
  const after = await settled();
  console.log(JSON.stringify({ before, after }));
} finally {
  await hub.stop();
}
