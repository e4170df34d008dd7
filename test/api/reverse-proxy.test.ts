/**
 * A hub behind a TLS reverse proxy, configured the way docs/install.md says (PRESENCE_SYNC_PUBLIC_URL,
 * PRESENCE_SYNC_TRUST_PROXY): the proxy talks plain http to the hub on loopback while the browser is
 * at https://presence-sync.example.com. The console's writes from there pass the CSRF origin check,
 * other origins are still refused, cookies are Secure, and "Connect to Salesforce" hands Salesforce
 * the public callback URL, not the address the hub sees.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstAdministrator, createSqlPrincipalStore, CSRF_COOKIE, SESSION_COOKIE } from '../../src/api/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { withAdminApi } from '../../src/hub/admin-api.ts';
import { startHub, type Hub } from '../../src/hub/hub.ts';
import { createLogger } from '../../src/hub/logger.ts';
import { cookiesOf } from './support/harness.ts';

const PUBLIC = 'https://presence-sync.example.com';
const SECOND_NAME = 'https://admin.example.com';
const ADMIN = { username: 'proxy.admin', password: 'a long proxy admin password' };
/** What the TLS proxy adds to every request it forwards. */
const PROXIED = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'presence-sync.example.com', 'x-forwarded-for': '203.0.113.7' };

let dir: string;
let hub: Hub;
let session: { cookie: string; csrf: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'psync-proxy-'));
  const config = loadConfig({
    env: {
      PRESENCE_SYNC_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      PRESENCE_SYNC_PUBLIC_URL: `${PUBLIC}/`,
      PRESENCE_SYNC_ALLOWED_ORIGINS: SECOND_NAME,
      PRESENCE_SYNC_TRUST_PROXY: 'loopback',
    },
    mode: 'demo',
  });
  const logger = createLogger('silent');
  hub = await startHub({ config: { ...config, port: 0, host: '127.0.0.1' }, logger, deferSources: true, ...withAdminApi({ logger, prerequisiteConfig: { agentPermissionSetName: 'Agent', packageNamespace: 'NICE' } }) });
  await createFirstAdministrator(createSqlPrincipalStore(hub.database), ADMIN);
}, 30_000);

afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A request as it reaches the hub through the proxy, from a browser at `origin`, with the signed-in session. */
function fromBrowser(origin: string | undefined, method: 'POST' | 'GET', url: string, payload?: object): Promise<LightMyRequestResponse> {
  return hub.app.inject({
    method,
    url,
    // The proxy's own connection to the hub (inject's is from 127.0.0.1, as a proxy on this machine).
    headers: { ...PROXIED, ...(origin ? { origin } : {}), cookie: session.cookie, 'x-csrf-token': session.csrf },
    ...(payload ? { payload } : {}),
  });
}

describe('behind a TLS reverse proxy', () => {
  it('signs in from the public URL with Secure cookies', async () => {
    const login = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { ...PROXIED, origin: PUBLIC }, payload: ADMIN });
    expect(login.statusCode).toBe(200);
    const cookies = cookiesOf(login);
    expect(cookies.get(SESSION_COOKIE)).toMatch(/; Secure/);
    const sessionCookie = (cookies.get(SESSION_COOKIE) ?? '').split(';')[0] ?? '';
    const csrfCookie = (cookies.get(CSRF_COOKIE) ?? '').split(';')[0] ?? '';
    session = { cookie: `${sessionCookie}; ${csrfCookie}`, csrf: decodeURIComponent(csrfCookie.split('=')[1] ?? '') };
  });

  it('lets the console at the public URL (and the second allowed name) change things, and refuses any other origin', async () => {
    const created = await fromBrowser(PUBLIC, 'POST', '/api/v1/tenants', { id: 'acme', name: 'Acme' });
    expect(created.statusCode).toBe(201);
    const second = await fromBrowser(SECOND_NAME, 'POST', '/api/v1/tenants', { id: 'beta', name: 'Beta' });
    expect(second.statusCode).toBe(201);
    const foreign = await fromBrowser('https://evil.example', 'POST', '/api/v1/tenants', { id: 'evil', name: 'Evil' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('PSYNC_CSRF_ORIGIN');
    expect(await hub.store.tenants.get('evil')).toBeUndefined();
  });

  it('sends Salesforce the public callback URL, whatever address the request came in on', async () => {
    const mapping = await fromBrowser(PUBLIC, 'POST', '/api/v1/tenants/acme/account-mappings', {
      id: 'web',
      accessKeyUser: 'u-100',
      platform: 'production',
      environmentName: 'Acme (web server)',
      orgId: '00D5g000004XyZa',
      authFlow: 'authorization_code',
      clientId: 'ACME_KEY',
      adminEmail: 'admin@acme.example',
    });
    expect(mapping.statusCode).toBe(201);
    const callback = `${PUBLIC}/api/v1/salesforce/oauth/callback`;
    for (const origin of [PUBLIC, SECOND_NAME, undefined]) {
      const started = await fromBrowser(origin, 'POST', '/api/v1/tenants/acme/account-mappings/web/salesforce-authorization');
      expect(started.statusCode, String(origin)).toBe(200);
      expect(started.json().callbackUrl).toBe(callback);
      expect(new URL(started.json().authorizeUrl).searchParams.get('redirect_uri')).toBe(callback);
      expect(cookiesOf(started).get('psync_sf_connect')).toMatch(/; Secure/);
    }
    // The console shows the administrator the same URL to copy into the connected app.
    const shown = await fromBrowser(undefined, 'GET', '/api/v1/salesforce/oauth/callback-url');
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({ callbackUrl: callback });
  });
});
