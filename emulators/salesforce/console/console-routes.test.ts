import { createHmac } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from '../index.ts';

const SECRET = 'psb1_console-routes-test';

/** A stand-in for the hub's /bridge: checks each hello's token, welcomes it, and keeps what the console said. */
async function fakeHub() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const frames: Record<string, unknown>[] = [];
  const sockets: WebSocket[] = [];
  server.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as Record<string, unknown>;
      frames.push(frame);
      if (frame.type !== 'hello') return;
      const [body, signature] = String(frame.token).split('.');
      const valid = createHmac('sha256', SECRET).update(body ?? '', 'ascii').digest('base64url') === signature;
      frame.claims = valid ? JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) : 'bad signature';
      socket.send(JSON.stringify({ type: 'welcome', v: 1, sessionId: 's1', role: 'active', heartbeatMs: 30_000 }));
    });
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}/bridge`,
    frames,
    send: (frame: unknown) => sockets.at(-1)?.send(JSON.stringify(frame)),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.terminate();
      server.close(() => resolve());
    }),
  };
}

async function until<T>(check: () => T | Promise<T>, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let emulator: SalesforceEmulator;
let org: SeededOrg;
let hub: Awaited<ReturnType<typeof fakeHub>>;

beforeAll(async () => {
  emulator = await createSalesforceEmulator({
    orgs: [
      {
        id: '00D5g000004CnSl',
        name: 'Console Org',
        myDomain: 'consoles',
        channels: [{ developerName: 'Phone' }],
        statuses: [{ label: 'Available', channels: ['Phone'] }, { label: 'Busy' }, { label: 'Secret Status' }],
        profiles: [{ name: 'Agent', statusAccess: ['Available', 'Busy'] }],
        users: [{ username: 'ann@consoles.example', password: 'Pass-1234', lastName: 'Ann', profile: 'Agent', serviceCloudUser: true }],
      },
    ],
  });
  org = emulator.control.describeOrg('00D5g000004CnSl');
  hub = await fakeHub();
});

afterAll(async () => {
  await emulator?.close();
  await hub?.close();
});

const api = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${emulator.url}/emulator/orgs/${org.id}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const ann = encodeURIComponent('ann@consoles.example');

describe('agent consoles over the control surface', () => {
  it('refuses to open a console before the org has bridge settings, and bad settings', async () => {
    expect(await api('POST', '/consoles', { username: 'ann@consoles.example' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/no bridge settings/) } });
    expect(await api('PUT', '/bridge', { hubUrl: 'http://hub/bridge', bridgeSecret: SECRET })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/ws:\/\//) } });
  });

  it('opens a console that connects to the hub with a token signed by the bridge secret, and follows the hub and the agent', async () => {
    expect((await api('PUT', '/bridge', { hubUrl: hub.url, bridgeSecret: SECRET })).status).toBe(200);
    const opened = await api('POST', '/consoles', { username: 'ann@consoles.example' });
    expect(opened).toMatchObject({ status: 200, body: { username: 'ann@consoles.example', userId: org.users['ann@consoles.example'], open: true, status: null } });

    const hello = await until(() => hub.frames.find((f) => f.type === 'hello'), 'the hello');
    expect(hello.claims).toMatchObject({ org: org.id, user: org.users['ann@consoles.example'] });
    await until(async () => ((await api('GET', `/consoles/${ann}`)).body.phases as string[])[0] === 'active', 'the active tab');

    hub.send({ type: 'set_status', commandId: 'c1', intentId: 'i1', target: { kind: 'status', statusId: org.statuses.Available } });
    await until(() => hub.frames.find((f) => f.type === 'command_result' && f.outcome === 'applied'), 'the command result');
    const afterCommand = await api('GET', `/consoles/${ann}`);
    expect(afterCommand.body.status).toBe('Available');
    expect(afterCommand.body.events).toContainEqual(expect.objectContaining({ kind: 'status', status: 'Available', reason: 'OmniToolkitStatusChange' }));

    expect((await api('POST', `/consoles/${ann}/status`, { status: 'Busy' })).body.status).toBe('Busy');
    const changed = await until(() => hub.frames.find((f) => f.type === 'status_changed' && f.reason === 'OmniManualStatusChange'), 'the status change');
    expect(changed.statusId).toBe(org.statuses.Busy);
    expect(await api('POST', `/consoles/${ann}/status`, { status: 'Secret_Status' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/isn't available/) } });

    expect((await api('GET', '/consoles')).body.consoles).toEqual([expect.objectContaining({ username: 'ann@consoles.example', open: true, status: 'Busy' })]);
    expect(await api('DELETE', `/consoles/${ann}`)).toMatchObject({ status: 200, body: { open: false, status: null } });
    expect(await api('POST', `/consoles/${ann}/status`, { status: 'Busy' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/no console open/) } });
  });
});
