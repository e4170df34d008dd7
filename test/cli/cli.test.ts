import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/presence-sync.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'psync-cli-'));
const KEY = Buffer.alloc(32, 7).toString('base64');
const env = { ...process.env, PRESENCE_SYNC_DATA_DIR: join(dir, 'data'), PRESENCE_SYNC_MASTER_KEY: KEY, LOG_LEVEL: 'warn', DATABASE_URL: '' };
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 30_000 });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A port nothing listens on right now (the OS picks it). */
function freePort(): Promise<string> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(String(address.port)) : reject(new Error('no port'))));
    });
  });
}

describe('presence-sync command line', () => {
  it('lists every command, and refuses unknown ones and flags with a hint', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    for (const command of ['serve', 'migrate', 'rotate-keys', 'admin', 'org-id', 'developer-name']) expect(help.stdout).toContain(command);
    const unknown = cli('serve', '--bogus');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown option '--bogus'[\s\S]*--help/);
  });

  it('migrates a new data directory once, then finds it up to date', () => {
    expect(cli('migrate').stdout).toMatch(/Applied to sqlite:.*001-initial/);
    expect(cli('migrate').stdout).toMatch(/is up to date/);
  });

  it('creates the first administrator once, printing the password once', () => {
    const first = cli('admin', 'create', '--username', 'admin');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Password \(shown once.*\): \S{20,}/);
    const second = cli('admin', 'create', '--username', 'other');
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/^PSYNC_ADMIN_EXISTS: /);
  });

  it('refuses to serve with bad settings, naming each one', () => {
    const bad = spawnSync(process.execPath, [BIN, 'serve'], { env: { ...env, PORT: 'eighty', PRESENCE_SYNC_MASTER_KEY: 'short' }, encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/PORT: expected an integer/);
    expect(bad.stderr).toMatch(/PRESENCE_SYNC_MASTER_KEY: /);
  });

  it('serves until SIGTERM, then stops cleanly', async () => {
    const port = await freePort();
    const server = spawn(process.execPath, [BIN, 'serve'], { env: { ...env, PORT: port, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    server.stdout.on('data', (d: Buffer) => (log += d.toString()));
    const stopped = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      while (!log.includes('hub listening') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(log).not.toContain(KEY);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await stopped).toBe(0);
    expect(log).toContain('stopping: finishing in-flight writes');
  });
});
