import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { describeConfig } from './describe-config.ts';
import { loadConfig } from './load-config.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'psync-proxy-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const key = randomBytes(32).toString('base64');
const load = (env: Record<string, string>) => loadConfig({ env: { PRESENCE_SYNC_MASTER_KEY: key, ...env }, mode: 'serve', cwd: dir });

function problemsOf(env: Record<string, string>): Record<string, string> {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return Object.fromEntries((error as ConfigError).problems.map((p) => [p.setting, p.message]));
  }
  throw new Error('expected a ConfigError');
}

describe('settings for a hub behind a reverse proxy', () => {
  it('trusts no proxy and knows no public URL unless told', () => {
    const config = load({});
    expect(config).toMatchObject({ publicUrl: undefined, allowedOrigins: [], trustProxy: false });
    expect(describeConfig(config)).toMatchObject({ publicUrl: '(none)', allowedOrigins: '(none)', trustProxy: false });
  });

  it('reads the public URL and allowed origins as origins, and the proxies to trust', () => {
    const config = load({
      PRESENCE_SYNC_PUBLIC_URL: ' https://Presence-Sync.Example.com:443/ ',
      PRESENCE_SYNC_ALLOWED_ORIGINS: 'https://admin.example.com, http://10.0.0.5:8080,',
      PRESENCE_SYNC_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8, fd00::/8, loopback',
    });
    expect(config.publicUrl).toBe('https://presence-sync.example.com');
    expect(config.allowedOrigins).toEqual(['https://admin.example.com', 'http://10.0.0.5:8080']);
    expect(config.trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', 'loopback']);
    expect(Object.isFrozen(config.allowedOrigins) && Object.isFrozen(config.trustProxy)).toBe(true);
    expect(describeConfig(config)).toMatchObject({ publicUrl: 'https://presence-sync.example.com', allowedOrigins: 'https://admin.example.com, http://10.0.0.5:8080', trustProxy: '127.0.0.1, 10.0.0.0/8, fd00::/8, loopback' });
    expect(load({ PRESENCE_SYNC_TRUST_PROXY: 'Yes' }).trustProxy).toBe(true);
  });

  it('takes them from a config file too, a boolean as JSON', () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ PRESENCE_SYNC_PUBLIC_URL: 'https://hub.example.org', PRESENCE_SYNC_TRUST_PROXY: true }));
    const config = loadConfig({ env: { PRESENCE_SYNC_MASTER_KEY: key }, file, mode: 'serve', cwd: dir });
    expect(config).toMatchObject({ publicUrl: 'https://hub.example.org', trustProxy: true });
  });

  it('refuses values that cannot work, each with what is expected', () => {
    expect(problemsOf({ PRESENCE_SYNC_PUBLIC_URL: 'presence-sync.example.com' }).PRESENCE_SYNC_PUBLIC_URL).toBe(
      "PRESENCE_SYNC_PUBLIC_URL: expected a URL such as https://presence-sync.example.com, got 'presence-sync.example.com'",
    );
    expect(problemsOf({ PRESENCE_SYNC_PUBLIC_URL: 'https://example.com/presence-sync' }).PRESENCE_SYNC_PUBLIC_URL).toMatch(
      /^PRESENCE_SYNC_PUBLIC_URL: expected only the scheme, host and port, such as https:\/\/presence-sync\.example\.com: the console and the API are served at the root of the host/,
    );
    expect(problemsOf({ PRESENCE_SYNC_PUBLIC_URL: 'ftp://presence-sync.example.com' }).PRESENCE_SYNC_PUBLIC_URL).toMatch(/expected an https:\/\/ \(or http:\/\/\) URL/);
    expect(problemsOf({ PRESENCE_SYNC_PUBLIC_URL: 'https://admin:pw@presence-sync.example.com' }).PRESENCE_SYNC_PUBLIC_URL).toBe(
      'PRESENCE_SYNC_PUBLIC_URL: expected a URL without a user name or password, such as https://presence-sync.example.com',
    );

    const all = problemsOf({
      PRESENCE_SYNC_ALLOWED_ORIGINS: 'https://admin.example.com, admin2.example.com',
      PRESENCE_SYNC_TRUST_PROXY: '10.0.0.0/33',
      PORT: 'abc',
    });
    expect(Object.keys(all).sort()).toEqual(['PORT', 'PRESENCE_SYNC_ALLOWED_ORIGINS', 'PRESENCE_SYNC_TRUST_PROXY']);
    expect(all.PRESENCE_SYNC_ALLOWED_ORIGINS).toBe("PRESENCE_SYNC_ALLOWED_ORIGINS: expected a URL such as https://admin.example.com, got 'admin2.example.com' (a comma-separated list of origins)");
    expect(all.PRESENCE_SYNC_TRUST_PROXY).toBe(
      "PRESENCE_SYNC_TRUST_PROXY: expected true, false, or the proxy's addresses as a comma-separated list of IP addresses, CIDR ranges or the names loopback, linklocal, uniquelocal (such as 127.0.0.1 or 10.0.0.0/8), got '10.0.0.0/33'",
    );
    expect(problemsOf({ PRESENCE_SYNC_TRUST_PROXY: 'maybe' }).PRESENCE_SYNC_TRUST_PROXY).toMatch(/got 'maybe'$/);
  });
});
