/**
 * Command round trip through the console bridge (hub → WebSocket → bridge client → toolkit → result
 * → hub) beside a bare WebSocket echo of a frame of the same size, measured in the same run on loopback.
 * Run: `npx tsx bench/bridge-roundtrip.bench.ts [--quick]`.
 */
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import WebSocket, { WebSocketServer } from 'ws';
import { createBridgeClient, type WebSocketConstructor } from '../bridge-client/bridge-client.ts';
import type { OmniToolkit, ToolkitStatus } from '../bridge-client/toolkit.ts';
import { bridgePlugin, createBridgeHub, mintBridgeToken } from '../src/bridge/index.ts';
import { status } from '../src/domain/index.ts';
import type { BenchResult } from './support/result.ts';

export interface RoundTripResult extends BenchResult {
  readonly p99: number;
  readonly baselineP99: number;
  readonly samples: number;
}

const ORG = '00D000000000001EAA';
const USER = '005000000000001AAA';
const SECRET = 'psb1_bench';
const STATUSES = ['0N5000000000001CAA', '0N5000000000002CAA'] as const;

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (ms: number): number => Math.round(ms * 1000) / 1000;

async function bridgeRoundTrips(samples: number): Promise<number[]> {
  const hub = createBridgeHub({ secrets: { lookup: () => SECRET }, links: { resolve: () => 'agent-1' }, sink: async () => undefined, heartbeatMs: 60_000 });
  const app = Fastify();
  await app.register(bridgePlugin, { hub });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  let current: ToolkitStatus | null = { statusId: STATUSES[0] };
  const toolkit: OmniToolkit = {
    setServicePresenceStatus: async (statusId) => (current = { statusId }),
    logout: async () => (current = null),
    getServicePresenceStatusId: async () => current,
  };
  const client = createBridgeClient({
    url: `ws://127.0.0.1:${port}/bridge`,
    getToken: async () => mintBridgeToken(SECRET, { org: ORG, user: USER, exp: Math.floor(Date.now() / 1000) + 300 }),
    toolkit,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  client.start();
  try {
    while (!hub.hasConsole('agent-1')) await new Promise((resolve) => setTimeout(resolve, 5));
    const times: number[] = [];
    for (let i = 0; i < samples + 20; i++) {
      const started = performance.now();
      const outcome = await hub.sendSetStatus('agent-1', status(STATUSES[i % 2]!), { intentId: `bench-${i}`, timeoutMs: 5_000 });
      const took = performance.now() - started;
      if (outcome.kind !== 'applied') throw new Error(`command ${i} ended ${outcome.kind}`);
      if (i >= 20) times.push(took); // the first ones warm up the JIT
    }
    return times;
  } finally {
    client.stop();
    await hub.close();
    await app.close();
  }
}

async function echoRoundTrips(samples: number): Promise<number[]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => socket.on('message', (data) => socket.send(String(data))));
  const { port } = server.address() as { port: number };
  const socket = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve) => socket.once('open', resolve));
  const frame = JSON.stringify({ type: 'set_status', commandId: '3f1c3f5e-6a39-4b8e-9d6c-1f0a3c2b4d5e', intentId: 'bench-0', target: { kind: 'status', statusId: STATUSES[0] } });
  try {
    const times: number[] = [];
    for (let i = 0; i < samples + 20; i++) {
      const started = performance.now();
      await new Promise<void>((resolve) => {
        socket.once('message', () => resolve());
        socket.send(frame);
      });
      if (i >= 20) times.push(performance.now() - started);
    }
    return times;
  } finally {
    socket.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

export async function run({ quick }: { quick: boolean }): Promise<RoundTripResult> {
  const samples = quick ? 200 : 2_000;
  const echo = (await echoRoundTrips(samples)).sort((a, b) => a - b);
  const bridge = (await bridgeRoundTrips(samples)).sort((a, b) => a - b);
  return {
    name: 'bridge command round trip p50 (hub → console toolkit → result)',
    value: round(percentile(bridge, 50)),
    unit: 'ms',
    baseline: round(percentile(echo, 50)),
    baselineUnit: 'ms (bare WebSocket echo p50, same run)',
    p99: round(percentile(bridge, 99)),
    baselineP99: round(percentile(echo, 99)),
    samples,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await run({ quick: process.argv.includes('--quick') });
  console.log(`${result.name}: p50 ${result.value} ms, p99 ${result.p99} ms over ${result.samples} commands`);
  console.log(`bare WebSocket echo (same run):  p50 ${result.baseline} ms, p99 ${result.baselineP99} ms`);
}
