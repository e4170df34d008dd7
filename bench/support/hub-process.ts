/**
 * Child process of the end-to-end benchmark: the real hub (`startHub`, as `npm start` runs it) with
 * the settings in its environment, set up by the demo's `seedHub` against the world the benchmark
 * describes in its `start` message; the hub is all this process runs, so what the benchmark measures
 * is the hub and not the load it offers. Answers `start` with `ready` ({ url, bridgeSecret }).
 * Usage: forked by `hub-under-test.ts`.
 */
import type { WorldAddress } from '../../demo/demo-world.ts';
import { seedHub } from '../../demo/seed-hub.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/hub/logger.ts';
import { startHub, type Hub } from '../../src/hub/hub.ts';
import { serveParent, type Message } from './child.ts';

let hub: Hub | undefined;

serveParent(
  {
    async start(message: Message) {
      const world = message.world as WorldAddress;
      const config = loadConfig({ env: process.env, mode: 'demo' });
      hub = await startHub({ config, logger: createLogger(config.logLevel), deferSources: true });
      const { bridgeSecret } = await seedHub(hub, world);
      return { type: 'ready', url: hub.url, bridgeSecret };
    },
  },
  async () => {
    await hub?.stop();
  },
);
