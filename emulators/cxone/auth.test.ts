import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, startHarness, type Harness } from './test-support/harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.emulator.close();
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields),
});

describe('POST /auth/token', () => {
  it('issues a JWT with tenantId for an access key, the client in Basic auth', async () => {
    h = await startHarness();
    const res = await h.tokenFor(h.seeded.accessKeyUser.accessKeyId, h.seeded.accessKeyUser.accessKeySecret);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(typeof body['refresh_token']).toBe('string');
    expect(typeof body['id_token']).toBe('string');
    const claims = decodeJwt(String(body['access_token']));
    expect(claims['tenantId']).toBe(h.seeded.tenant.tenantId);
    expect(claims.sub).toBe(`user:${h.seeded.accessKeyUser.userId}`);
    expect(claims['icBUId']).toBe(h.seeded.tenant.businessUnitId);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(decodeJwt(String(body['id_token']))['userId']).toBe(h.seeded.accessKeyUser.userId);
  });

  it('accepts the client in the body (client_secret_post); RS256 by default, verified against /auth/jwks', async () => {
    h = await startHarness({}, { signingAlgorithm: 'RS256' });
    const { clientId, clientSecret } = h.seeded.application;
    const { accessKeyId, accessKeySecret } = h.seeded.accessKeyUser;
    const res = await fetch(`${h.emulator.url}/auth/token`, form({ grant_type: 'password', client_id: clientId, client_secret: clientSecret, username: accessKeyId, password: accessKeySecret }));
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const jwks = createRemoteJWKSet(new URL(`${h.emulator.url}/auth/jwks`));
    const { payload, protectedHeader } = await jwtVerify(access_token, jwks, { issuer: h.emulator.url });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload['tenantId']).toBe(h.seeded.tenant.tenantId);
  });

  it('takes a JSON body too', async () => {
    h = await startHarness();
    const { clientId, clientSecret } = h.seeded.application;
    const { accessKeyId, accessKeySecret } = h.seeded.accessKeyUser;
    const res = await fetch(`${h.emulator.url}/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', client_id: clientId, client_secret: clientSecret, username: accessKeyId, password: accessKeySecret }),
    });
    expect(res.status).toBe(200);
  });

  it('answers 401 invalid_client for a missing, unknown or wrong client', async () => {
    h = await startHarness();
    const { accessKeyId, accessKeySecret } = h.seeded.accessKeyUser;
    const fields = { grant_type: 'password', username: accessKeyId, password: accessKeySecret };
    const none = await fetch(`${h.emulator.url}/auth/token`, form(fields));
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: 'invalid_client' });
    const wrong = Buffer.from(`${h.seeded.application.clientId}:nope`).toString('base64');
    const bad = await fetch(`${h.emulator.url}/auth/token`, form(fields, { Authorization: `Basic ${wrong}` }));
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'invalid_client', errorDescription: 'Client authentication failed.' });
    const unknown = await fetch(`${h.emulator.url}/auth/token`, form({ ...fields, client_id: 'who', client_secret: 'x' }));
    expect(unknown.status).toBe(401);
  });

  it('answers 400 invalid_grant for a wrong key, a deactivated key and a deactivated access key user', async () => {
    h = await startHarness();
    const key = h.seeded.accessKeyUser;
    const wrong = await h.tokenFor(key.accessKeyId, 'not-the-secret');
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await h.tokenFor('NOSUCHKEY', 'x')).status).toBe(400);

    h.emulator.control.setAccessKeyActive(key.accessKeyId, false);
    expect((await h.tokenFor(key.accessKeyId, key.accessKeySecret)).status).toBe(400);
    h.emulator.control.setAccessKeyActive(key.accessKeyId, true);

    h.emulator.control.updateUser(key.agentId, { isActive: false });
    const deactivated = await h.tokenFor(key.accessKeyId, key.accessKeySecret);
    expect(deactivated.status).toBe(400);
    expect(await deactivated.json()).toEqual({ error: 'invalid_grant', errorDescription: 'The user of this access key is deactivated.' });
  });

  it('answers 400 for a missing or unsupported grant type and missing credentials', async () => {
    h = await startHarness();
    const { clientId, clientSecret } = h.seeded.application;
    const client = { client_id: clientId, client_secret: clientSecret };
    const missing = await fetch(`${h.emulator.url}/auth/token`, form(client));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
    const cc = await fetch(`${h.emulator.url}/auth/token`, form({ ...client, grant_type: 'client_credentials' }));
    expect(cc.status).toBe(400);
    expect(await cc.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const noKey = await fetch(`${h.emulator.url}/auth/token`, form({ ...client, grant_type: 'password' }));
    expect(await noKey.json()).toMatchObject({ error: 'invalid_request' });
    const noRefresh = await fetch(`${h.emulator.url}/auth/token`, form({ ...client, grant_type: 'refresh_token' }));
    expect(await noRefresh.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses an application registered for another tenant', async () => {
    h = await startHarness();
    const other = h.emulator.control.createTenant();
    const app = h.emulator.control.createApplication({ tenantId: other.tenantId });
    const key = h.seeded.accessKeyUser;
    const res = await fetch(
      `${h.emulator.url}/auth/token`,
      form({ grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: key.accessKeyId, password: key.accessKeySecret }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('refreshes once per refresh token (rotation) and refuses a reused or foreign one', async () => {
    h = await startHarness();
    const { clientId, clientSecret } = h.seeded.application;
    const key = h.seeded.accessKeyUser;
    const first = (await (await h.tokenFor(key.accessKeyId, key.accessKeySecret)).json()) as { refresh_token: string };
    const refresh = (token: string, id = clientId, secret = clientSecret) =>
      fetch(`${h.emulator.url}/auth/token`, form({ grant_type: 'refresh_token', refresh_token: token, client_id: id, client_secret: secret }));
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    const body = (await second.json()) as { access_token: string; refresh_token: string };
    expect((await h.api('/agents', { token: body.access_token })).status).toBe(200);
    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
    const otherApp = h.emulator.control.createApplication();
    expect((await refresh(body.refresh_token, otherApp.clientId, otherApp.clientSecret)).status).toBe(400);
    expect((await refresh(h.token)).status).toBe(400);
  });

  it('refuses to refresh for a deactivated user', async () => {
    h = await startHarness();
    const key = h.seeded.accessKeyUser;
    const { refresh_token } = (await (await h.tokenFor(key.accessKeyId, key.accessKeySecret)).json()) as { refresh_token: string };
    h.emulator.control.updateUser(key.agentId, { isActive: false });
    const { clientId, clientSecret } = h.seeded.application;
    const res = await fetch(`${h.emulator.url}/auth/token`, form({ grant_type: 'refresh_token', refresh_token, client_id: clientId, client_secret: clientSecret }));
    expect(res.status).toBe(400);
  });

  it('issues tokens for the configured lifetime and rejects them after expiry (emulator clock)', async () => {
    const clock = manualClock();
    h = await startHarness({}, { now: clock.now, tokenLifetimeSeconds: 60 });
    const key = h.seeded.accessKeyUser;
    const body = (await (await h.tokenFor(key.accessKeyId, key.accessKeySecret)).json()) as { access_token: string; expires_in: number };
    expect(body.expires_in).toBe(60);
    expect((await h.api('/agents', { token: body.access_token })).status).toBe(200);
    clock.advance(61_000);
    const expired = await h.api('/agents', { token: body.access_token });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: 'invalid_token' });
    h.emulator.control.setTokenLifetime(5);
    const short = (await (await h.tokenFor(key.accessKeyId, key.accessKeySecret)).json()) as { expires_in: number };
    expect(short.expires_in).toBe(5);
  });

  it('rejects revoked tokens (all, or one tenant) but accepts ones issued afterwards', async () => {
    h = await startHarness();
    h.emulator.control.revokeTokens();
    expect((await h.api('/agents')).status).toBe(401);
    const key = h.seeded.accessKeyUser;
    const fresh = (await (await h.tokenFor(key.accessKeyId, key.accessKeySecret)).json()) as { access_token: string };
    expect((await h.api('/agents', { token: fresh.access_token })).status).toBe(200);
    h.emulator.control.revokeTokens(h.seeded.tenant.tenantId);
    expect((await h.api('/agents', { token: fresh.access_token })).status).toBe(401);
  });

  it('keeps a deactivated user\'s tokens until expiry, or rejects them when switched', async () => {
    h = await startHarness();
    h.emulator.control.updateUser(h.seeded.accessKeyUser.agentId, { isActive: false });
    expect((await h.api('/agents')).status).toBe(200);
    h.emulator.control.setBehaviour({ deactivatedUserTokens: 'rejected' });
    expect((await h.api('/agents')).status).toBe(401);
  });

  it('answers 401 without a token or with garbage', async () => {
    h = await startHarness();
    const none = await fetch(`${h.emulator.url}/inContactAPI/services/v30.0/agents`);
    expect(none.status).toBe(401);
    expect((await h.api('/agents', { token: 'not.a.jwt' })).status).toBe(401);
  });
});

describe('regional access-key token endpoint', () => {
  it('issues a token for {accessKeyId, accessKeySecret} and refuses a wrong secret', async () => {
    h = await startHarness();
    const key = h.seeded.accessKeyUser;
    const call = (secret: string) =>
      fetch(`${h.emulator.url}/authentication/v1/token/access-key`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ accessKeyId: key.accessKeyId, accessKeySecret: secret }),
      });
    const ok = await call(key.accessKeySecret);
    expect(ok.status).toBe(200);
    const { access_token } = (await ok.json()) as { access_token: string };
    expect((await h.api('/agents', { token: access_token })).status).toBe(200);
    expect((await call('wrong')).status).toBe(400);
  });
});

describe('discovery', () => {
  it('serves the OpenID configuration with the token endpoint here', async () => {
    h = await startHarness();
    const doc = (await (await fetch(`${h.emulator.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      issuer: h.emulator.url,
      token_endpoint: `${h.emulator.url}/auth/token`,
      jwks_uri: `${h.emulator.url}/auth/jwks`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
  });

  it('serves the tenant configuration whose api_endpoint points back here; 400/404 for missing/unknown tenant', async () => {
    h = await startHarness();
    const tenantId = h.seeded.tenant.tenantId;
    const res = await fetch(`${h.emulator.url}/.well-known/cxone-configuration?tenantId=${tenantId}`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({ api_endpoint: h.emulator.url, auth_endpoint: h.emulator.url, tenantId, private: false });
    const server = (await (await fetch(`${String(doc['api_endpoint'])}/inContactAPI/services/v25.0/server-time`, { headers: { Authorization: `Bearer ${h.token}` } })).json()) as Record<string, unknown>;
    expect(typeof server['ServerTime']).toBe('string');
    expect((await fetch(`${h.emulator.url}/.well-known/cxone-configuration`)).status).toBe(400);
    expect((await fetch(`${h.emulator.url}/.well-known/cxone-configuration?tenantId=nope`)).status).toBe(404);
  });
});
