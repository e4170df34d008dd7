import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { WebSocketConstructor, WebSocketLike } from '../../../bridge-client/bridge-client.ts';
import { simulatedNetwork } from './simulated-network.ts';

let server: WebSocketServer;
let url: string;
const received: string[] = [];
let serverSide: WebSocket | undefined;
let serverClosed = false;

beforeEach(async () => {
  received.length = 0;
  serverClosed = false;
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('connection', (socket) => {
    serverSide = socket;
    socket.on('message', (data) => received.push(String(data)));
    socket.on('close', () => (serverClosed = true));
  });
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

function connect(Socket: WebSocketConstructor): { socket: WebSocketLike; messages: string[]; closes: number[] } {
  const socket = new Socket(url);
  const seen = { socket, messages: [] as string[], closes: [] as number[] };
  socket.onmessage = (event) => seen.messages.push(String(event.data));
  socket.onclose = (event) => seen.closes.push(event.code);
  return seen;
}

it('a half-open connection carries nothing either way and tells neither end; the client learns only when it gives up; new connections work', async () => {
  const network = simulatedNetwork(WebSocket as unknown as WebSocketConstructor);
  const client = connect(network.WebSocket);
  await until(() => client.socket.readyState === 1 && serverSide !== undefined);
  client.socket.send('before');
  serverSide!.send('hello');
  await until(() => received.includes('before') && client.messages.includes('hello'));

  network.halfOpen();
  client.socket.send('lost');
  serverSide!.send('lost too');
  await new Promise((r) => setTimeout(r, 50));
  expect(received).toEqual(['before']);
  expect(client.messages).toEqual(['hello']);

  // The hub gives up on the silent connection: the console is not told ...
  serverSide!.close();
  await until(() => serverClosed);
  await new Promise((r) => setTimeout(r, 50));
  expect(client.closes).toEqual([]);
  expect(client.socket.readyState).toBe(1);
  // ... until its own watchdog closes it.
  client.socket.close(4408, 'heartbeat lost');
  await until(() => client.closes.length === 1);
  expect(client.closes).toEqual([1006]);
  expect(client.socket.readyState).toBe(3);

  const again = connect(network.WebSocket);
  await until(() => again.socket.readyState === 1);
  again.socket.send('through');
  await until(() => received.includes('through'));
  again.socket.close();
});
