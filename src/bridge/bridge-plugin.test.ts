import Fastify from 'fastify';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createBridgeHub, type BridgeHub } from './bridge-hub.ts';
import { bridgePlugin } from './bridge-plugin.ts';
import { mintBridgeToken } from './bridge-token.ts';

let app: ReturnType<typeof Fastify> | undefined;
let hub: BridgeHub | undefined;
afterEach(async () => {
  await hub?.close();
  await app?.close();
});

describe('the /bridge endpoint', () => {
  it('registers its own WebSocket support when the app has none, on the path it is given', async () => {
    hub = createBridgeHub({ secrets: { lookup: () => 'secret' }, links: { resolve: () => 'agent-1' }, sink: async () => undefined });
    app = Fastify();
    await app.register(bridgePlugin, { hub, path: '/consoles' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const socket = new WebSocket(`ws://127.0.0.1:${port}/consoles`);
    const first = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    const token = mintBridgeToken('secret', { org: '00D000000000001', user: '005000000000001', exp: Math.floor(Date.now() / 1000) + 60 });
    socket.send(JSON.stringify({ type: 'hello', v: 1, token, tabId: 't', seq: 0, status: { kind: 'offline' }, capabilities: [] }));
    expect(JSON.parse(await first)).toMatchObject({ type: 'welcome', role: 'active', v: 1 });
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    await hub.close();
    expect(await closed).toBe(1001);
    expect(hub.hasConsole('agent-1')).toBe(false);
  });
});
