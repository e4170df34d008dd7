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
    expect(cli('migrate').stdout).toMatch(/Applied to sqlite:.*001-initial.*004-api-principals/);
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

  it("generates an org's bridge secret once, stores it encrypted, and replaces it only when asked", async () => {
    const { openStore } = await import('../../src/store/index.ts');
    const { KeyRing } = await import('../../src/secrets/index.ts');
    const store = await openStore({ url: join(dir, 'data', 'presence-sync.sqlite') }, { cipher: new KeyRing([{ key: Buffer.from(KEY, 'base64') }]) });
    try {
      await store.tenants.upsert({ id: 't1', name: 'Tenant' });
      await store.accountMappings.save({ id: 'm1', tenantId: 't1', accessKeyUser: 'u', platform: 'production', environmentName: 'Prod', orgId: '00D5g000004XyZ1EAK', authFlow: 'client_credentials', loginUrl: 'https://acme.my.salesforce.com', status: 'verified' });
      const first = cli('bridge-secret', '--tenant', 't1', '--mapping', 'm1');
      expect(first.status).toBe(0);
      const secret = /shown once:\n(\S+)/.exec(first.stdout)?.[1];
      expect(secret).toMatch(/^psb1_/);
      expect((await store.accountMappings.revealSecrets('t1', 'm1')).bridgeSecret).toBe(secret);
      const again = cli('bridge-secret', '--tenant', 't1', '--mapping', 'm1');
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/^PSYNC_BRIDGE_SECRET_EXISTS: .*--replace/);
      // Without --mapping, the environment in use (verified) is meant.
      const replaced = cli('bridge-secret', '--tenant', 't1', '--replace');
      expect(replaced.status).toBe(0);
      expect(replaced.stdout).toMatch(/Bridge secret of Prod/);
      expect((await store.accountMappings.revealSecrets('t1', 'm1')).bridgeSecret).not.toBe(secret);
      expect(cli('bridge-secret', '--tenant', 't1', '--mapping', 'nope').stderr).toMatch(/^PSYNC_ACCOUNT_MAPPING_NOT_FOUND/);
      await store.tenants.upsert({ id: 't2', name: 'No environment in use' });
      expect(cli('bridge-secret', '--tenant', 't2').stderr).toMatch(/^PSYNC_ACCOUNT_MAPPING_NOT_FOUND: tenant t2 has no account mapping in use; select and save one/);
    } finally {
      await store.close();
    }
  });

  it('refuses to serve with bad settings, naming each one', () => {
    const bad = spawnSync(process.execPath, [BIN, 'serve'], { env: { ...env, PORT: 'eighty', PRESENCE_SYNC_MASTER_KEY: 'short' }, encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/PORT: expected an integer/);
    expect(bad.stderr).toMatch(/PRESENCE_SYNC_MASTER_KEY: /);
  });

  /** `presence-sync serve` with `extra` settings until it listens; `use` runs against its URL; then SIGTERM. */
  async function serving(extra: Record<string, string>, use: (url: string) => Promise<void>): Promise<{ code: number | null; log: string }> {
    const port = await freePort();
    const server = spawn(process.execPath, [BIN, 'serve'], { env: { ...env, PORT: port, LOG_LEVEL: 'info', ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    server.stdout.on('data', (d: Buffer) => (log += d.toString()));
    const stopped = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      while (!log.includes('hub listening') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await use(`http://127.0.0.1:${port}`);
    } finally {
      server.kill('SIGTERM');
    }
    return { code: await stopped, log };
  }

  it('serves until SIGTERM, then stops cleanly', async () => {
    const { code, log } = await serving({}, async (url) => {
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${url}/api/v1/tenants`)).status).toBe(401);
    });
    expect(code).toBe(0);
    expect(log).not.toContain(KEY);
    expect(log).toContain('stopping: finishing in-flight writes');
  });

  it('serves only health and metrics with the API role off', async () => {
    const { code } = await serving({ PRESENCE_SYNC_API_ENABLED: 'false' }, async (url) => {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
      for (const path of ['/api/v1/tenants', '/', '/bridge']) expect((await fetch(`${url}${path}`)).status, path).toBe(404);
    });
    expect(code).toBe(0);
  });
});
