import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { createBridgeClient, type BridgeClient, type BridgeClientOptions, type WebSocketConstructor } from '../../../bridge-client/bridge-client.ts';
import { createBridgeHub, type BridgeHub, type BridgeHubOptions } from '../../../src/bridge/bridge-hub.ts';
import { bridgePlugin } from '../../../src/bridge/bridge-plugin.ts';
import { mintBridgeToken } from '../../../src/bridge/bridge-token.ts';
import type { BridgeEvent } from '../../../src/bridge/ports.ts';
import type { FakeToolkit } from './fake-toolkit.ts';

export const ORG = '00D000000000001EAA';
export const OTHER_ORG = '00D000000000002EAA';
export const SECRET = 'psb1_test-secret-for-org-1';
export const user = (n: number): string => {
  const id15 = `005${String(n).padStart(12, '0')}`;
  return id15; // 15-character IDs are valid; the hub normalises them
};
export const agentOf = (sfUser18: string): string => `agent-${sfUser18}`;

export interface RunningHub {
  readonly app: FastifyInstance;
  readonly hub: BridgeHub;
  readonly events: BridgeEvent[];
  readonly url: string;
  close(): Promise<void>;
}

export async function startHub(overrides: Partial<BridgeHubOptions> = {}): Promise<RunningHub> {
  const events: BridgeEvent[] = [];
  const hub = createBridgeHub({
    secrets: { lookup: (org) => (org === ORG ? SECRET : undefined) },
    links: { resolve: (_org, sfUser) => (sfUser.startsWith('0059') ? undefined : agentOf(sfUser)) },
    sink: async (event) => {
      events.push(event);
    },
    heartbeatMs: 1_000,
    graceMs: 200,
    ...overrides,
  });
  const app = Fastify({ logger: false });
  // Registered by the app first (as the hub does), so that tests can reach the sockets.
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  await app.register(bridgePlugin, { hub });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    app,
    hub,
    events,
    url: `ws://127.0.0.1:${address.port}/bridge`,
    async close() {
      await hub.close();
      await app.close();
    },
  };
}

export const tokenFor = (sfUser: string, options: { secret?: string; org?: string; expSec?: number } = {}): string =>
  mintBridgeToken(options.secret ?? SECRET, { org: options.org ?? ORG, user: sfUser, exp: options.expSec ?? Math.floor(Date.now() / 1000) + 300 });

/** A bridge client in Node, over the `ws` package, bound to a fake toolkit. */
export function startClient(url: string, sfUser: string, toolkit: FakeToolkit, options: Partial<BridgeClientOptions> = {}): BridgeClient {
  const client = createBridgeClient({
    url,
    getToken: async () => tokenFor(sfUser),
    toolkit,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    backoff: { baseMs: 20, maxMs: 200 },
    refusedRetryMs: 60_000,
    ...options,
  });
  toolkit.client = client;
  client.start();
  return client;
}

/** Waits until `condition` holds, checking every few milliseconds; fails after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
