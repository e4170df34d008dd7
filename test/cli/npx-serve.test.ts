/**
 * docs/install.md tells the operator to start the hub with `npx presence-sync serve`. Whatever
 * stops that process (`kill $!`, docker stop, systemd, a process manager) must stop the hub: npm
 * passes the signal only to the shell between it and the hub, so the hub itself notices.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../e2e/support/hub-child.ts';
import { alive, descendantsOf, operatorEnv, startChild, until } from './support/child-processes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'psync-npx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npx presence-sync serve', () => {
  it('stops the hub when the npx process it was started as gets SIGTERM', async () => {
    const port = await freePort();
    const env = operatorEnv({
      PRESENCE_SYNC_DATA_DIR: join(dir, 'data'),
      PRESENCE_SYNC_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
      PORT: String(port),
      LOG_LEVEL: 'info',
    });
    expect(process.cwd()).toBe(ROOT.replace(/\/$/, ''));
    const npx = startChild('npx', ['presence-sync', 'serve'], env);
    let family: number[] = [];
    try {
      await npx.waitFor(/hub listening/, 60_000);
      family = descendantsOf(npx.process.pid!);
      expect(family.length).toBeGreaterThan(0);
      npx.process.kill('SIGTERM');
      await npx.exited;
      await until(() => family.every((pid) => !alive(pid)), () => `the hub's processes to end (${family.filter(alive).join(', ')} still run)`, 15_000);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
      expect(npx.output()).toContain('stopping: finishing in-flight writes');
    } finally {
      for (const pid of family) if (alive(pid)) process.kill(pid, 'SIGKILL');
      await npx.stop();
    }
  }, 90_000);
});
