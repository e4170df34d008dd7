/**
 * A hub in its own process, for the crash and scale-out tests: `npx tsx test/e2e/support/hub-process.ts`
 * with the hub's settings in the environment (PRESENCE_SYNC_DATA_DIR or DATABASE_URL, PORT, ...).
 * Prints `READY <url>` once listening; stops cleanly on SIGTERM, and dies however it is killed.
 */
import { loadConfig } from '../../../src/config/index.ts';
import { createLogger } from '../../../src/hub/logger.ts';
import { startHub } from '../../../src/hub/hub.ts';

const config = loadConfig({ env: process.env, mode: 'demo' });
const hub = await startHub({ config: { ...config, port: Number(process.env.PORT ?? 0) }, logger: createLogger(config.logLevel) });
process.stdout.write(`READY ${hub.url}\n`);
const stop = () => {
  void hub.stop().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
