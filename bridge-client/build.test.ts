import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBridgeClient } from './build.ts';

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the browser bundle', () => {
  it('is one script that loads without Node (no require, no process) and exposes PresenceSyncBridge', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bridge-bundle-'));
    const code = await readFile(await buildBridgeClient(join(dir, 'bridge-client.js')), 'utf8');
    const sandbox: Record<string, unknown> = {};
    sandbox.window = sandbox;
    runInNewContext(`${code};window.PresenceSyncBridge = PresenceSyncBridge;`, sandbox);
    const api = sandbox.PresenceSyncBridge as Record<string, unknown>;
    expect(typeof api.createBridgeClient).toBe('function');
    expect(typeof api.broadcastChannelLease).toBe('function');
    expect(api.BRIDGE_PROTOCOL_VERSION).toBe(1);
    expect(code.length).toBeLessThan(200_000);
  });
});
