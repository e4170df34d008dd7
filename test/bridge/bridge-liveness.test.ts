import WebSocket, { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeClient, WebSocketConstructor } from '../../bridge-client/bridge-client.ts';
import { createBridgeClient } from '../../bridge-client/bridge-client.ts';
import { OFFLINE } from '../../src/domain/index.ts';
import { FakeToolkit, STATUS } from './support/fake-toolkit.ts';
import { startClient, startHub, tokenFor, until, user, type RunningHub } from './support/hub-harness.ts';

let hub: RunningHub | undefined;
const clients: BridgeClient[] = [];
const sockets: WebSocket[] = [];
let fakeServer: WebSocketServer | undefined;
afterEach(async () => {
  for (const client of clients.splice(0)) client.stop();
  for (const socket of sockets.splice(0)) socket.terminate();
  await hub?.close();
  hub = undefined;
  if (fakeServer) await new Promise((resolve) => fakeServer!.close(resolve));
  fakeServer = undefined;
});

async function rawSocket(url: string): Promise<{ socket: WebSocket; frames: Array<{ type: string; reason?: string }>; closed: Promise<number> }> {
  const socket = new WebSocket(url);
  sockets.push(socket);
  const frames: Array<{ type: string; reason?: string }> = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as { type: string }));
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  await new Promise((resolve) => socket.once('open', resolve));
  return { socket, frames, closed };
}

describe('liveness', () => {
  it('drops a console that stops answering pings, then concludes Offline after the grace period', async () => {
    hub = await startHub({ heartbeatMs: 40, graceMs: 50 });
    const { socket, frames, closed } = await rawSocket(hub.url);
    socket.send(JSON.stringify({ type: 'hello', v: 1, token: tokenFor(user(1)), tabId: 'mute', seq: 0, status: { kind: 'offline' }, capabilities: [] }));
    expect(await closed).toBe(4408);
    expect(frames.some((f) => f.type === 'ping')).toBe(true);
    await until(() => hub!.events.some((e) => e.origin === 'console_closed'), 'the Offline conclusion');
    expect(hub.events.at(-1)).toMatchObject({ origin: 'console_closed', observation: { presence: OFFLINE } });
  });

  it('closes a socket that never says hello', async () => {
    hub = await startHub({ helloTimeoutMs: 50 });
    const { closed } = await rawSocket(hub.url);
    expect(await closed).toBe(4401);
    expect(hub.hub.stats().connections).toBe(0);
  });

  it('refuses a console that speaks another protocol version', async () => {
    hub = await startHub();
    const { socket, frames, closed } = await rawSocket(hub.url);
    socket.send(JSON.stringify({ type: 'hello', v: 2, token: tokenFor(user(1)), tabId: 't', seq: 0, status: { kind: 'offline' }, capabilities: [] }));
    expect(await closed).toBe(4401);
    expect(frames).toEqual([expect.objectContaining({ type: 'refused', reason: 'unsupported_version' })]);
  });

  it('keeps a console up under a healthy heartbeat', async () => {
    // Short beats, but slack enough that a busy CI machine's event-loop pauses do not look like a dead console.
    hub = await startHub({ heartbeatMs: 200 });
    const client = startClient(hub.url, user(1), new FakeToolkit(STATUS.busy));
    clients.push(client);
    await until(() => client.phase === 'active', 'the console');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(client.phase).toBe('active');
    expect(hub.hub.stats()).toMatchObject({ connections: 1, active: 1 });
  });

  it('retries when the token cannot be fetched or has expired, with a new token each time', async () => {
    hub = await startHub();
    let calls = 0;
    const toolkit = new FakeToolkit(STATUS.busy);
    const client = startClient(hub.url, user(1), toolkit, {
      getToken: async () => {
        calls++;
        if (calls === 1) throw new Error('Apex unavailable');
        if (calls === 2) return tokenFor(user(1), { expSec: Math.floor(Date.now() / 1000) - 120 });
        return tokenFor(user(1));
      },
    });
    clients.push(client);
    await until(() => client.phase === 'active', 'the console to connect');
    expect(calls).toBe(3);
  });

  it('reconnects when the hub goes silent, and ignores frames it cannot read', async () => {
    fakeServer = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => fakeServer!.once('listening', resolve));
    let connections = 0;
    fakeServer.on('connection', (socket) => {
      connections++;
      socket.send('not json');
      socket.send(JSON.stringify({ type: 'welcome', v: 1, sessionId: `s${connections}`, role: 'active', heartbeatMs: 20 }));
      // ...and then nothing: no pings.
    });
    const { port } = fakeServer.address() as { port: number };
    const logs: string[] = [];
    const client = createBridgeClient({
      url: `ws://127.0.0.1:${port}`,
      getToken: async () => 'token',
      toolkit: new FakeToolkit(null),
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      backoff: { baseMs: 10, maxMs: 20 },
      log: (_level, message) => logs.push(message),
    });
    clients.push(client);
    client.start();
    await until(() => connections >= 2, 'a second connection');
    expect(logs.some((m) => m.includes('ignored a frame'))).toBe(true);
    expect(logs.some((m) => m.includes('went silent'))).toBe(true);
  });

  it('refuses commands in a standby tab', async () => {
    fakeServer = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => fakeServer!.once('listening', resolve));
    const answers: Array<{ type: string; outcome?: string }> = [];
    fakeServer.on('connection', (socket) => {
      socket.on('message', (data) => answers.push(JSON.parse(String(data)) as { type: string }));
      socket.send(JSON.stringify({ type: 'welcome', v: 1, sessionId: 's', role: 'standby', heartbeatMs: 10_000 }));
      socket.send(JSON.stringify({ type: 'set_status', commandId: 'c1', intentId: 'i1', target: { kind: 'offline' } }));
    });
    const { port } = fakeServer.address() as { port: number };
    const toolkit = new FakeToolkit(STATUS.busy);
    const client = createBridgeClient({ url: `ws://127.0.0.1:${port}`, getToken: async () => 'token', toolkit, WebSocket: WebSocket as unknown as WebSocketConstructor });
    clients.push(client);
    client.start();
    await until(() => answers.some((a) => a.type === 'command_result'), 'the answer');
    expect(answers.find((a) => a.type === 'command_result')).toMatchObject({ outcome: 'refused', why: 'this tab is not the active one' });
    expect(toolkit.calls).toEqual([]);
  });
});
