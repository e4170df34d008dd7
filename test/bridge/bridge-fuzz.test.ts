import fc from 'fast-check';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConsoleMessage } from '../../bridge-client/protocol.ts';
import { createBridgeHub, type BridgeHub } from '../../src/bridge/bridge-hub.ts';
import type { BridgeEvent } from '../../src/bridge/ports.ts';
import { FakeToolkit, STATUS } from './support/fake-toolkit.ts';
import { ORG, SECRET, startClient, startHub, tokenFor, until, user, type RunningHub } from './support/hub-harness.ts';

class FakeSocket {
  readonly sent: string[] = [];
  closed: { code: number; reason: string } | undefined;
  send(text: string): void {
    this.sent.push(text);
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

const validStatusChanged = { type: 'status_changed', seq: 5, statusId: STATUS.busy.statusId, reason: 'OmniManualStatusChange', at: 1 };
const validHello = () => ({ type: 'hello', v: 1, token: tokenFor(user(1)), tabId: 'tab', seq: 0, status: { kind: 'offline' }, capabilities: [] });

/** Valid messages with one field replaced by anything, or one field removed. */
const mutated = fc
  .tuple(fc.constantFrom<Record<string, unknown>>(validStatusChanged, { type: 'logged_out', seq: 6, at: 1 }, { type: 'command_result', commandId: 'c', outcome: 'applied', status: { kind: 'offline' } }, { type: 'current_status', seq: 7, status: { kind: 'offline' }, at: 1 }), fc.string(), fc.anything())
  .map(([message, key, value]) => {
    const keys = Object.keys(message);
    const field = keys[key.length % keys.length] ?? 'type';
    const copy: Record<string, unknown> = { ...message };
    if (key.length % 3 === 0) delete copy[field];
    else copy[field] = value;
    return JSON.stringify(copy);
  });

const frames = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'undefined'),
  mutated,
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.constant('x'.repeat(20_000)),
);

describe('protocol fuzzing: random and malformed frames', () => {
  let hub: BridgeHub | undefined;
  let running: RunningHub | undefined;
  afterEach(async () => {
    await hub?.close();
    await running?.close();
    hub = undefined;
    running = undefined;
  });

  it('never crash the hub, never produce events, never change the registry', async () => {
    const events: BridgeEvent[] = [];
    hub = createBridgeHub({
      secrets: { lookup: (org) => (org === ORG ? SECRET : undefined) },
      links: { resolve: (_org, sfUser) => `agent-${sfUser}` },
      sink: async (event) => {
        events.push(event);
      },
    });
    const live = hub;
    const socket = new FakeSocket();
    const session = live.accept(socket);
    session.receive(JSON.stringify(validHello()));
    await settle();
    expect(events).toHaveLength(1);
    const before = live.stats();

    await fc.assert(
      fc.asyncProperty(frames, async (frame) => {
        if (parseConsoleMessage(frame).ok) return; // a valid message may change state, as it should
        events.length = 0;
        // Before hello: the connection is refused and closed, nothing registered.
        const stranger = new FakeSocket();
        const newcomer = live.accept(stranger);
        newcomer.receive(frame);
        await settle();
        expect(stranger.closed?.code).toBe(4401);
        expect(JSON.parse(stranger.sent.at(-1) ?? '{}')).toMatchObject({ type: 'refused', reason: 'malformed' });
        newcomer.closed();
        // After hello: the frame is rejected, the connection stays.
        socket.sent.length = 0;
        session.receive(frame);
        await settle();
        expect(socket.closed).toBeUndefined();
        expect(JSON.parse(socket.sent.at(-1) ?? '{}')).toMatchObject({ type: 'rejected' });
        expect(events).toEqual([]);
        expect(live.stats()).toEqual(before);
      }),
      { numRuns: 300 },
    );

    // Still alive and still listening.
    session.receive(JSON.stringify({ type: 'ping', nonce: 'alive' }));
    session.receive(JSON.stringify(validStatusChanged));
    await settle();
    expect(socket.sent.map((s) => JSON.parse(s) as { type: string }).some((m) => m.type === 'pong')).toBe(true);
    expect(events.map((e) => e.origin)).toEqual(['console_manual']);
  });

  it('ignores replayed and out-of-order reports and a second hello', async () => {
    const events: BridgeEvent[] = [];
    hub = createBridgeHub({ secrets: { lookup: () => SECRET }, links: { resolve: () => 'agent' }, sink: async (e) => void events.push(e) });
    const socket = new FakeSocket();
    const session = hub.accept(socket);
    session.receive(JSON.stringify(validHello()));
    session.receive(JSON.stringify(validStatusChanged));
    session.receive(JSON.stringify(validStatusChanged));
    session.receive(JSON.stringify({ ...validStatusChanged, seq: 3 }));
    session.receive(JSON.stringify(validHello()));
    await settle();
    expect(events.map((e) => e.origin)).toEqual(['console_connected', 'console_manual']);
    const answers = socket.sent.map((s) => JSON.parse(s) as { type: string; reason?: string }).filter((m) => m.type === 'rejected');
    expect(answers.map((m) => m.reason)).toEqual(['out_of_order', 'out_of_order', 'out_of_order']);
  });

  it('cuts off a console that floods the hub while it is busy', async () => {
    hub = createBridgeHub({ secrets: { lookup: () => SECRET }, links: { resolve: () => 'agent' }, sink: () => new Promise<void>(() => undefined) });
    const socket = new FakeSocket();
    const session = hub.accept(socket);
    session.receive(JSON.stringify(validHello()));
    for (let i = 0; i < 70; i++) session.receive(JSON.stringify({ type: 'ping', nonce: `n${i}` }));
    await settle();
    expect(socket.closed?.code).toBe(4401);
    expect(socket.sent.map((s) => JSON.parse(s) as { code?: string }).some((m) => m.code === 'PSYNC_BRIDGE_FLOOD')).toBe(true);
    expect(hub.stats().connections).toBe(0);
  });

  it('survives random frames over a real socket and still serves consoles', async () => {
    running = await startHub();
    const url = running.url;
    const raw = new WebSocket(url);
    const answers: string[] = [];
    raw.on('message', (data) => answers.push(String(data)));
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ ...validHello(), token: tokenFor(user(8)) }));
    await until(() => answers.some((a) => a.includes('welcome')), 'the welcome');
    const invalid = fc.sample(frames, { numRuns: 60, seed: 42 }).filter((f) => !parseConsoleMessage(f).ok && !(typeof f === 'string' && f.length > 16_384));
    for (const frame of invalid) raw.send(frame);
    await until(() => answers.filter((a) => a.includes('rejected')).length === invalid.length, 'every frame rejected');
    const closed = new Promise<number>((resolve) => raw.once('close', resolve));
    raw.send(Buffer.alloc(20_000)); // over the frame limit: the socket is closed
    expect(await closed).toBe(1009);
    expect(running.events.map((e) => e.origin)).toEqual(['console_connected']);
    running.events.length = 0;
    const toolkit = new FakeToolkit(STATUS.busy);
    const client = startClient(url, user(7), toolkit);
    try {
      await until(() => client.phase === 'active', 'a console to connect');
      expect(running.events.map((e) => e.origin)).toEqual(['console_connected']);
    } finally {
      client.stop();
    }
  });
});
