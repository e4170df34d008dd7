import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ECHO_WINDOW_MS } from '../domain/index.ts';
import { ConfigError } from './config-error.ts';
import { describeConfig, redactDatabaseUrl } from './describe-config.ts';
import { loadConfig } from './load-config.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'psync-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const key = randomBytes(32).toString('base64');

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

function writeJson(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('loadConfig', () => {
  it('has safe defaults: loopback, port 8080, SQLite in ./data, every role on', () => {
    const config = loadConfig({ env: { PRESENCE_SYNC_MASTER_KEY: key }, mode: 'serve', cwd: dir });
    expect(config).toMatchObject({
      mode: 'serve',
      configFile: undefined,
      host: '127.0.0.1',
      port: 8080,
      dataDir: join(dir, 'data'),
      database: { kind: 'sqlite', file: join(dir, 'data', 'presence-sync.sqlite') },
      logLevel: 'info',
      auditRetentionDays: 30,
      cxonePollIntervalMs: 1000,
      salesforceFeedIntervalMs: 30_000,
      bridgeGraceMs: 30_000,
      bridgeHeartbeatMs: 20_000,
      echoWindowMs: ECHO_WINDOW_MS,
      ingestBatchWaitMs: 0,
      reconcileIntervalMs: 300_000,
      directoryRefreshIntervalMs: 3_600_000,
      roles: { api: true, worker: true, poller: true },
    });
    expect(config.instanceId).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
    expect(config.masterKey.source).toBe('env');
    expect(Object.isFrozen(config) && Object.isFrozen(config.database) && Object.isFrozen(config.roles) && Object.isFrozen(config.masterKey)).toBe(true);
  });

  it('reads every setting from the environment', () => {
    const config = loadConfig({
      env: {
        PORT: '9000',
        HOST: '0.0.0.0',
        PRESENCE_SYNC_DATA_DIR: '/var/lib/psync',
        DATABASE_URL: 'postgres://app:pw@db:5432/psync',
        PRESENCE_SYNC_MASTER_KEY: key,
        LOG_LEVEL: 'DEBUG',
        PRESENCE_SYNC_AUDIT_RETENTION_DAYS: '90',
        PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS: '2000',
        PRESENCE_SYNC_SALESFORCE_FEED_INTERVAL_MS: '60000',
        PRESENCE_SYNC_BRIDGE_GRACE_MS: '5000',
        PRESENCE_SYNC_BRIDGE_HEARTBEAT_MS: '5000',
        PRESENCE_SYNC_ECHO_WINDOW_MS: '20000',
        PRESENCE_SYNC_INGEST_BATCH_WAIT_MS: '3',
        PRESENCE_SYNC_RECONCILE_INTERVAL_MS: '60000',
        PRESENCE_SYNC_DIRECTORY_REFRESH_INTERVAL_MS: '0',
        PRESENCE_SYNC_INSTANCE_ID: 'hub-a',
        PRESENCE_SYNC_API_ENABLED: 'no',
        PRESENCE_SYNC_WORKER_ENABLED: 'TRUE',
        PRESENCE_SYNC_POLLER_ENABLED: '0',
      },
      mode: 'serve',
      cwd: dir,
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      dataDir: '/var/lib/psync',
      database: { kind: 'postgres', url: 'postgres://app:pw@db:5432/psync' },
      logLevel: 'debug',
      auditRetentionDays: 90,
      cxonePollIntervalMs: 2000,
      salesforceFeedIntervalMs: 60_000,
      bridgeGraceMs: 5000,
      bridgeHeartbeatMs: 5000,
      echoWindowMs: 20_000,
      ingestBatchWaitMs: 3,
      reconcileIntervalMs: 60_000,
      directoryRefreshIntervalMs: 0,
      instanceId: 'hub-a',
      roles: { api: false, worker: true, poller: false },
    });
  });

  it('reports every invalid setting at once, each with its name, what is expected and what it got', () => {
    const err = configError(() =>
      loadConfig({
        env: {
          PORT: 'abc',
          HOST: 'not a host!',
          DATABASE_URL: 'mysql://root:hunter2@db/x',
          LOG_LEVEL: 'loud',
          PRESENCE_SYNC_AUDIT_RETENTION_DAYS: '0',
          PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS: '1.5',
          PRESENCE_SYNC_SALESFORCE_FEED_INTERVAL_MS: '-1',
          PRESENCE_SYNC_BRIDGE_GRACE_MS: '1e3',
          PRESENCE_SYNC_ECHO_WINDOW_MS: '99999999999',
          PRESENCE_SYNC_DIRECTORY_REFRESH_INTERVAL_MS: '5000',
          PRESENCE_SYNC_INSTANCE_ID: '-hub',
          PRESENCE_SYNC_API_ENABLED: 'maybe',
          PRESENCE_SYNC_WORKER_ENABLED: 'y',
          PRESENCE_SYNC_POLLER_ENABLED: '2',
          PRESENCE_SYNC_MASTER_KEY: 'c2hvcnQ=',
        },
        mode: 'serve',
        cwd: dir,
      }),
    );
    expect(err.code).toBe('PSYNC_CONFIG_INVALID');
    expect(err.problems.map((p) => p.setting).sort()).toEqual(
      [
        'PORT',
        'HOST',
        'DATABASE_URL',
        'LOG_LEVEL',
        'PRESENCE_SYNC_AUDIT_RETENTION_DAYS',
        'PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS',
        'PRESENCE_SYNC_SALESFORCE_FEED_INTERVAL_MS',
        'PRESENCE_SYNC_BRIDGE_GRACE_MS',
        'PRESENCE_SYNC_ECHO_WINDOW_MS',
        'PRESENCE_SYNC_DIRECTORY_REFRESH_INTERVAL_MS',
        'PRESENCE_SYNC_INSTANCE_ID',
        'PRESENCE_SYNC_API_ENABLED',
        'PRESENCE_SYNC_WORKER_ENABLED',
        'PRESENCE_SYNC_POLLER_ENABLED',
        'PRESENCE_SYNC_MASTER_KEY',
      ].sort(),
    );
    expect(err.message).toContain("  - PORT: expected an integer 1–65535, got 'abc'");
    expect(err.message).toContain("PRESENCE_SYNC_DIRECTORY_REFRESH_INTERVAL_MS: expected 0 (off) or an integer 60000–604800000, got '5000'");
    expect(err.message).toContain("LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got 'loud'");
    expect(err.message).toContain("PRESENCE_SYNC_API_ENABLED: expected true or false (also 1/0, yes/no, on/off), got 'maybe'");
    expect(err.message).toContain("DATABASE_URL: expected a PostgreSQL URL such as postgres://user:password@host:5432/database, got a 'mysql:' URL");
    expect(err.message).not.toContain('hunter2');
    expect(err.message).not.toContain('c2hvcnQ=');
    expect(err.problems.find((p) => p.setting === 'PRESENCE_SYNC_MASTER_KEY')?.code).toBe('PSYNC_MASTER_KEY_WRONG_LENGTH');
  });

  it('refuses to serve without a master key, or with the key from our docs', () => {
    const missing = configError(() => loadConfig({ env: {}, mode: 'serve', cwd: dir }));
    expect(missing.problems.map((p) => p.code)).toEqual(['PSYNC_MASTER_KEY_MISSING']);
    const published = configError(() =>
      loadConfig({ env: { PRESENCE_SYNC_MASTER_KEY: 'W6ovW+lujdHlY3cuxNu5Mn+0RvO/vFX3dL/bgh31lMU=' }, mode: 'serve', cwd: dir }),
    );
    expect(published.problems.map((p) => p.code)).toEqual(['PSYNC_MASTER_KEY_PUBLISHED']);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('lets tools run without a key', () => {
    expect(loadConfig({ env: {}, mode: 'tool', cwd: dir }).masterKey).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ env: { PORT: '', DATABASE_URL: ' ' }, mode: 'tool', cwd: dir })).toMatchObject({ port: 8080, database: { kind: 'sqlite' } });
  });

  it('in demo mode creates an owner-only key file in the data directory once, and reuses it', () => {
    const first = loadConfig({ env: { PRESENCE_SYNC_DATA_DIR: 'demo-data' }, mode: 'demo', cwd: dir });
    const file = join(dir, 'demo-data', 'master.key');
    expect(first.masterKey).toMatchObject({ source: 'generated', file });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    const second = loadConfig({ env: { PRESENCE_SYNC_DATA_DIR: 'demo-data' }, mode: 'demo', cwd: dir });
    expect(second.masterKey).toMatchObject({ source: 'file', file });
    expect(second.masterKey.keyRing.currentKeyId).toBe(first.masterKey.keyRing.currentKeyId);
  });

  it('in demo mode creates nothing when another setting is wrong', () => {
    const err = configError(() => loadConfig({ env: { PORT: '0' }, mode: 'demo', cwd: dir }));
    expect(err.problems.map((p) => p.setting)).toEqual(['PORT']);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('reads a key file named relative to the working directory', () => {
    writeFileSync(join(dir, 'k'), `k1:${key}\n`, { mode: 0o600 });
    const config = loadConfig({ env: { PRESENCE_SYNC_MASTER_KEY_FILE: 'k' }, mode: 'serve', cwd: dir });
    expect(config.masterKey).toMatchObject({ source: 'file', file: join(dir, 'k') });
  });
});

describe('loadConfig with a config file', () => {
  it('reads the file named by PRESENCE_SYNC_CONFIG; the environment wins over it', () => {
    const file = writeJson('psync.json', { PORT: 9100, HOST: '0.0.0.0', PRESENCE_SYNC_API_ENABLED: false, DATABASE_URL: null });
    const config = loadConfig({ env: { PRESENCE_SYNC_CONFIG: 'psync.json', HOST: '127.0.0.2' }, mode: 'tool', cwd: dir });
    expect(config).toMatchObject({ configFile: file, port: 9100, host: '127.0.0.2', roles: { api: false } });
  });

  it('prefers the --config file over PRESENCE_SYNC_CONFIG', () => {
    writeJson('a.json', { PORT: 1111 });
    writeJson('b.json', { PORT: 2222 });
    expect(loadConfig({ env: { PRESENCE_SYNC_CONFIG: 'a.json' }, file: 'b.json', mode: 'tool', cwd: dir }).port).toBe(2222);
  });

  it('reports file and environment problems together, saying where each value came from', () => {
    const file = writeJson('c.json', { PROT: 1, PORT: 'x', LOG_LEVEL: ['info'], PRESENCE_SYNC_MASTER_KEY: key });
    const err = configError(() => loadConfig({ env: { PRESENCE_SYNC_BRIDGE_GRACE_MS: 'soon' }, file, mode: 'tool', cwd: dir }));
    expect(err.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^PROT \(in .*c\.json\): unknown setting; the known settings are PORT, HOST, /),
      `LOG_LEVEL (in ${file}): expected a string, number or boolean, got an array.`,
      expect.stringMatching(/^PRESENCE_SYNC_MASTER_KEY \(in .*\): a secret does not belong in a config file/),
      `PORT (in ${file}): expected an integer 1–65535, got 'x'`,
      "PRESENCE_SYNC_BRIDGE_GRACE_MS: expected an integer 0–3600000, got 'soon'",
    ]);
    expect(err.message).not.toContain(key);
  });

  it.each([
    ['missing', undefined, /--config: cannot use the config file .*: it cannot be read \(ENOENT\)/],
    ['not JSON', '{ PORT: 1 ', /--config: cannot use the config file .*: it is not valid JSON/],
    ['not an object', '[1]', /--config: the config file .* must hold one JSON object/],
  ])('says so when the file is %s', (_name, body, message) => {
    const file = body === undefined ? join(dir, 'none.json') : writeJson('bad.json', body);
    const err = configError(() => loadConfig({ env: {}, file, mode: 'tool', cwd: dir }));
    expect(err.problems.map((p) => p.message)).toEqual([expect.stringMatching(message)]);
  });
});

describe('printing the config', () => {
  it('redacts the master key and the database password everywhere', () => {
    const config = loadConfig({ env: { PRESENCE_SYNC_MASTER_KEY: `k1:${key}`, DATABASE_URL: 'postgres://app:s3cr3t-pw@db/psync' }, mode: 'serve', cwd: dir });
    const printed = [JSON.stringify(config), inspect(config, { depth: 10 }), JSON.stringify(describeConfig(config)), JSON.stringify(config.database), inspect(config.database), inspect(config.masterKey, { depth: 10 }), JSON.stringify(config.masterKey)];
    for (const text of printed) {
      expect(text).not.toContain('s3cr3t-pw');
      expect(text).not.toContain(key);
      expect(text).not.toContain(Buffer.from(key, 'base64').toString('hex'));
    }
    expect(describeConfig(config)).toMatchObject({ database: 'postgres postgres://app:***@db/psync', masterKey: 'env; keys k1; current k1', listen: '127.0.0.1:8080' });
    expect(config.database.kind === 'postgres' && config.database.url).toBe('postgres://app:s3cr3t-pw@db/psync');
  });

  it.each([
    ['postgres://u:p@h:5432/d', 'postgres://u:***@h:5432/d'],
    ['postgresql://h/d?sslmode=require&password=p', 'postgresql://h/d?sslmode=require&password=***'],
    ['postgres://u@h/d', 'postgres://u@h/d'],
    ['not a url', '***'],
  ])('redacts %s', (url, expected) => {
    expect(redactDatabaseUrl(url)).toBe(expected);
  });
});
