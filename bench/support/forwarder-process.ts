/**
 * Child process of the end-to-end benchmark: the forwarder (the baseline, `forwarder.ts`) alone in
 * its process, as the hub is in `hub-process.ts`, so both are measured the same way. Answers
 * `start` ({ world, cxonePollIntervalMs }) with `ready` ({ bridgeUrl, bridgeSecret }) and
 * `takeHubAdded` with `hubAdded` ({ values }: ms from event in to write issued, since the last time).
 */
import type { WorldAddress } from '../../demo/demo-world.ts';
import { serveParent, type Message } from './child.ts';
import { startForwarder, type Forwarder } from './forwarder.ts';

let forwarder: Forwarder | undefined;

serveParent(
  {
    async start(message: Message) {
      forwarder = await startForwarder({ world: message.world as WorldAddress, cxonePollIntervalMs: Number(message.cxonePollIntervalMs) });
      return { type: 'ready', bridgeUrl: forwarder.bridgeUrl, bridgeSecret: forwarder.bridgeSecret };
    },
    async takeHubAdded() {
      return { type: 'hubAdded', values: forwarder?.takeHubAdded() ?? [] };
    },
  },
  async () => {
    await forwarder?.close();
  },
);
