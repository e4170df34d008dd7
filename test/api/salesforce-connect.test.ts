/**
 * "Connect to Salesforce" (the web-server flow) through the API and the Salesforce emulator's real
 * authorize page: the browser is sent to Salesforce, logs in, comes back to the hub's callback, and
 * the mapping is registered with a refresh token. Every way the callback can be misused is refused.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookiesOf, type Harness } from './support/harness.ts';
import { startMappingWorld, type MappingWorld } from './support/mapping-world.ts';
import { CALLBACK_URL, environment } from './support/salesforce-org.ts';

let w: MappingWorld;
let h: Harness;

beforeAll(async () => {
  w = await startMappingWorld();
  h = w.h;
});

afterAll(async () => {
  await w.close();
});

const base = '/api/v1/tenants/acme/account-mappings';

async function webServerMapping(id: string, extra: Record<string, unknown> = {}): Promise<void> {
  const { username: _u, password: _p, ...common } = environment(w.login);
  const stored = await h.request({ method: 'POST', url: base, payload: { ...common, id, authFlow: 'authorization_code', ...extra } });
  expect(stored.statusCode).toBe(201);
}

interface Started {
  readonly authorizeUrl: string;
  readonly state: string;
  /** The browser's binding cookie, as it sends it back. */
  readonly cookie: string;
  readonly response: LightMyRequestResponse;
}

async function start(mappingId: string): Promise<Started> {
  const response = await h.request({ method: 'POST', url: `${base}/${mappingId}/salesforce-authorization` });
  expect(response.statusCode).toBe(200);
  const { authorizeUrl } = response.json();
  const cookie = (cookiesOf(response).get('psync_sf_connect') ?? '').split(';')[0] ?? '';
  return { authorizeUrl, state: new URL(authorizeUrl).searchParams.get('state') ?? '', cookie, response };
}

/** What the administrator does on Salesforce's page: log in; Salesforce answers with a redirect to the callback. */
async function logInAtSalesforce(authorizeUrl: string, password = 'Admin-Pass1'): Promise<string> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams({ ...Object.fromEntries(url.searchParams), username: 'admin@acme.example', pw: password });
  const answer = await fetch(`${url.origin}${url.pathname}`, { method: 'POST', body: form, redirect: 'manual' });
  expect(answer.status).toBe(302);
  return answer.headers.get('location') ?? '';
}

/** The browser follows Salesforce's redirect to the hub (no session cookie needed: it is SameSite=Strict and not sent here). */
async function callbackResponse(location: string, cookie?: string): Promise<LightMyRequestResponse> {
  const url = new URL(location);
  const response = await h.request({ method: 'GET', url: `${url.pathname}${url.search}`, as: 'anonymous', headers: cookie ? { cookie } : {} });
  expect(response.statusCode).toBe(303);
  return response;
}
const callback = async (location: string, cookie?: string): Promise<string> => String((await callbackResponse(location, cookie)).headers.location);

describe('Connect to Salesforce', () => {
  it('sends the browser to the authorize page with the callback, a state and PKCE, bound to this browser', async () => {
    await webServerMapping('web', { clientSecret: 'ACME_CONSUMER_SECRET_42', ...w.cxoneFields });
    const { authorizeUrl, response } = await start('web');
    const url = new URL(authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${w.login}/services/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_type: 'code', client_id: 'ACME_KEY', redirect_uri: CALLBACK_URL, code_challenge_method: 'S256' });
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.json()).toMatchObject({ callbackUrl: CALLBACK_URL, expiresAt: h.clock.now() + 600_000 });
    const cookie = cookiesOf(response).get('psync_sf_connect') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/api\/v1\/salesforce\/oauth;/);
  });

  it('exchanges the code, registers with the refresh token, stores it encrypted, and the mapping works from then on', async () => {
    const { authorizeUrl, cookie } = await start('web');
    const back = await logInAtSalesforce(authorizeUrl);
    // (URL parsing drops the default port :80 the harness names itself with.)
    expect(`${new URL(back).origin}${new URL(back).pathname}`).toBe(`${new URL(CALLBACK_URL).origin}${new URL(CALLBACK_URL).pathname}`);
    expect(await callback(back, cookie)).toBe('/#/mapping/connected/acme/web/ok');

    const mapping = (await h.request({ method: 'GET', url: `${base}/web` })).json().mapping;
    expect(mapping).toMatchObject({ status: 'draft', orgId: '00D5g000004XyZaEAK', instanceUrl: expect.any(String), secretsSet: { sfRefreshToken: true, sfClientSecret: true, cxoneClientSecret: true } });
    expect(mapping.statusDetail).toMatch(/Map and register reached "Acme Corp".*web-server flow/);
    const token = (await h.store.accountMappings.revealSecrets('acme', 'web')).sfRefreshToken!;
    expect(token.length).toBeGreaterThan(10);

    expect((await h.request({ method: 'POST', url: `${base}/web/save` })).json().mapping.status).toBe('verified');
    const refreshed = await h.request({ method: 'POST', url: '/api/v1/tenants/acme/salesforce/refresh' });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().statuses.added).toHaveLength(3);
    const audit = await h.store.audit.query({ tenantId: 'acme', kind: 'admin' });
    expect(audit.entries.map((e) => e.outcome)).toEqual(expect.arrayContaining(['account_mapping.salesforce_connect', 'account_mapping.salesforce_connected']));
    for (const answer of h.answers) expect(answer).not.toContain(token);
    expect(JSON.stringify(audit.entries)).not.toContain(token);
  });

  it('uses a state once: a replayed callback is refused and changes nothing', async () => {
    const { authorizeUrl, cookie } = await start('web');
    const back = await logInAtSalesforce(authorizeUrl);
    expect(await callback(back, cookie)).toBe('/#/mapping/connected/acme/web/ok');
    const before = (await h.request({ method: 'GET', url: `${base}/web` })).json().mapping;
    expect(await callback(back, cookie)).toBe('/#/mapping/connect-failed/PSYNC_SF_CONNECT_STATE_USED');
    expect((await h.request({ method: 'GET', url: `${base}/web` })).json().mapping).toEqual(before);
  });

  it('refuses a state it never issued, one without a code, and one that expired', async () => {
    expect(await callback(`${CALLBACK_URL}?code=abc&state=forged`)).toBe('/#/mapping/connect-failed/PSYNC_SF_CONNECT_STATE_UNKNOWN');
    expect(await callback(`${CALLBACK_URL}?code=abc`)).toBe('/#/mapping/connect-failed/PSYNC_SF_CONNECT_STATE_UNKNOWN');

    const { authorizeUrl, cookie } = await start('web');
    const back = await logInAtSalesforce(authorizeUrl);
    h.clock.advance(10 * 60_000 + 1);
    expect(await callback(back, cookie)).toBe('/#/mapping/connect-failed/PSYNC_SF_CONNECT_STATE_EXPIRED');
  });

  it('refuses the callback in another browser or after the session ended, without spending the state', async () => {
    const { authorizeUrl, cookie } = await start('web');
    const back = await logInAtSalesforce(authorizeUrl);
    expect(await callback(back)).toBe('/#/mapping/connect-failed/PSYNC_SF_CONNECT_OTHER_BROWSER');
    const foreign = await callbackResponse(back, 'psync_sf_connect=someone-elses');
    expect(foreign.headers.location).toBe('/#/mapping/connect-failed/PSYNC_SF_CONNECT_OTHER_BROWSER');
    expect(foreign.headers['set-cookie']).toBeUndefined(); // another attempt's cookie stays
    const done = await callbackResponse(back, cookie);
    expect(done.headers.location).toBe('/#/mapping/connected/acme/web/ok');
    expect(cookiesOf(done).get('psync_sf_connect')).toMatch(/^psync_sf_connect=; .*Max-Age=0/);

    const session = await h.login('root.admin', 'correct horse battery staple');
    const other = await h.request({ method: 'POST', url: `${base}/web/salesforce-authorization`, as: session });
    const otherCookie = (cookiesOf(other).get('psync_sf_connect') ?? '').split(';')[0] ?? '';
    const otherBack = await logInAtSalesforce(other.json().authorizeUrl);
    expect((await h.request({ method: 'POST', url: '/api/v1/auth/logout', as: session })).statusCode).toBe(200);
    expect(await callback(otherBack, otherCookie)).toBe('/#/mapping/connect-failed/PSYNC_SF_CONNECT_SESSION_ENDED');
  });

  it('says why when Salesforce refuses, or when the code does not work, and keeps the previous authorisation', async () => {
    const denied = await start('web');
    expect(await callback(`${CALLBACK_URL}?state=${denied.state}&error=access_denied&error_description=end-user+denied+authorization`, denied.cookie)).toBe('/#/mapping/connected/acme/web/PSYNC_SF_CONNECT_DENIED');
    const detail = (await h.request({ method: 'GET', url: `${base}/web` })).json().mapping;
    expect(detail).toMatchObject({ status: 'verified', statusDetail: expect.stringMatching(/end-user denied authorization.*still uses the previous authorisation/) });

    const badCode = await start('web');
    expect(await callback(`${CALLBACK_URL}?state=${badCode.state}&code=not-a-code`, badCode.cookie)).toBe('/#/mapping/connected/acme/web/PSYNC_SF_AUTH_CODE_INVALID');
    expect((await h.request({ method: 'POST', url: '/api/v1/tenants/acme/salesforce/refresh' })).statusCode).toBe(200);
  });

  it('reports an org other than the one typed after the login, and stores no token for it', async () => {
    await webServerMapping('typo', { orgId: '00D7x000000UaTb', clientSecret: 'ACME_CONSUMER_SECRET_42' });
    const { authorizeUrl, cookie } = await start('typo');
    expect(await callback(await logInAtSalesforce(authorizeUrl), cookie)).toBe('/#/mapping/connected/acme/typo/PSYNC_MAP_AND_REGISTER_FAILED');
    const mapping = (await h.request({ method: 'GET', url: `${base}/typo` })).json().mapping;
    expect(mapping).toMatchObject({ status: 'failed', secretsSet: { sfRefreshToken: false }, statusDetail: expect.stringMatching(/these credentials log in to 00D5g000004XyZa/) });
  });

  it('is for the web-server flow, from a signed-in console; reconnecting needs Account Mapping Edit', async () => {
    await h.request({ method: 'POST', url: base, payload: environment(w.login, { id: 'pw' }) });
    const wrongFlow = await h.request({ method: 'POST', url: `${base}/pw/salesforce-authorization` });
    expect(wrongFlow.json()).toMatchObject({ code: 'PSYNC_SF_CONNECT_WRONG_FLOW' });

    const token = (await h.request({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'automation', permissions: ['account_mapping_create', 'account_mapping_edit'] } })).json().token;
    const byToken = await h.request({ method: 'POST', url: `${base}/typo/salesforce-authorization`, as: { bearer: token } });
    expect(byToken.json()).toMatchObject({ code: 'PSYNC_SF_CONNECT_NEEDS_SESSION' });

    await h.request({ method: 'POST', url: '/api/v1/users', payload: { username: 'creator', password: 'creator password 123', permissions: ['account_mapping_create'] } });
    const creator = await h.login('creator', 'creator password 123');
    expect((await h.request({ method: 'POST', url: `${base}/typo/salesforce-authorization`, as: creator })).statusCode).toBe(200);
    const reconnect = await h.request({ method: 'POST', url: `${base}/web/salesforce-authorization`, as: creator });
    expect(reconnect.statusCode).toBe(403);
    expect(reconnect.json()).toMatchObject({ code: 'PSYNC_FORBIDDEN', details: { permission: 'account_mapping_edit' } });
  });
});
