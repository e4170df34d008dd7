import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstAdministrator, createSqlPrincipalStore, PERMISSIONS } from '../../src/api/index.ts';
import { openDatabase, migrateToLatest } from '../../src/store/index.ts';
import { ADMIN, createHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ deps: { connectorHealth: () => [{ name: 'cxone', state: 'ok' }, { name: 'salesforce', state: 'degraded', detail: 'rate limited' }] } });
});
afterAll(async () => {
  await h.close();
});

describe('OpenAPI document and docs page', () => {
  it('describes every route from the same schemas, with resolvable references', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths as Record<string, Record<string, { 'x-permission'?: string; requestBody?: unknown; responses: Record<string, unknown> }>>).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => ({ key: `${m.toUpperCase()} ${path}`, op })));
    expect(operations.map((o) => o.key).sort()).toEqual(h.routes.map((r) => `${r.method} /api/v1${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`).sort());
    for (const route of h.routes) {
      const op = operations.find((o) => o.key === `${route.method} /api/v1${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`)!.op;
      if (route.access !== 'public' && route.access !== 'authenticated') expect(op['x-permission']).toBe(route.access);
      expect(Boolean(op.requestBody)).toBe(Boolean(route.body));
      expect(op.responses.default).toBeDefined();
    }
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas, name).toHaveProperty(name!);
    expect(text).not.toContain('#/$defs/');
    const form = doc.paths['/api/v1/tenants/{tenantId}/account-mappings'].post.requestBody.content['application/json'].schema;
    expect(form.required).toEqual(expect.arrayContaining(['orgId', 'adminEmail']));
    expect(form.properties.orgId.description).toMatch(/00D/);
    // Which credentials are needed depends on the flow: each is described with the flows that use it.
    expect(form.properties.authFlow.enum).toEqual(['username_password', 'client_credentials', 'jwt_bearer', 'authorization_code']);
    expect(form.properties.privateKey.description).toMatch(/jwt_bearer/);
    expect(form.properties.cxoneClientSecret.description).toMatch(/Write-only/);
  });

  it('describes one rule the same way whether it is read or saved, and the rule PATCH as a JSON merge patch', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const rule = doc.paths['/api/v1/tenants/{tenantId}/rules/{ruleId}'];
    const created = doc.paths['/api/v1/tenants/{tenantId}/rules'].post.responses['201'];
    const shapes = [rule.get.responses['200'], rule.put.responses['200'], rule.patch.responses['200'], created].map((answer) => answer.content['application/json'].schema);
    expect(new Set(shapes.map((shape) => JSON.stringify(shape))).size).toBe(1);
    expect(shapes[0].$ref).toMatch(/RuleResponse/);
    expect(Object.keys(rule.patch.requestBody.content)).toEqual(['application/merge-patch+json', 'application/json']);
    expect(rule.put.description).toMatch(/PSYNC_RULE_INCOMPLETE/);
    const mapping = doc.paths['/api/v1/tenants/{tenantId}/account-mappings/{mappingId}'];
    const mappingShapes = [mapping.get.responses['200'], mapping.patch.responses['200'], doc.paths['/api/v1/tenants/{tenantId}/account-mappings/{mappingId}/save'].post.responses['200'], doc.paths['/api/v1/tenants/{tenantId}/account-mappings'].post.responses['201']].map(
      (answer) => answer.content['application/json'].schema,
    );
    expect(new Set(mappingShapes.map((shape) => JSON.stringify(shape))).size).toBe(1);
    expect(mappingShapes[0].$ref).toMatch(/AccountMappingResponse/);
  });

  it('serves a self-contained docs page that fetches nothing from the internet', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).headers['x-content-type-options']).toBe('nosniff');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/connect-src 'self'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(page.body).toContain(`<script nonce="${nonce}">`);
    expect(page.body).toContain("fetch('/api/openapi.json')");
    expect(page.body).not.toMatch(/(src|href)="https?:/);
  });
});

describe('health', () => {
  it('answers liveness and readiness with the connectors’ last known state', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', store: { state: 'ok' }, connectors: [{ name: 'cxone', state: 'ok' }, { name: 'salesforce', state: 'degraded', detail: 'rate limited' }] });
  });

  it('is not ready when the store does not answer', async () => {
    const broken = await createHarness();
    await broken.store.close();
    const ready = await broken.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not_ready', store: { state: 'down' } });
    await broken.app.close();
  });
});

describe('errors', () => {
  it('answers unknown routes, bad JSON, wrong media types and unknown ids as {code, message, details}', async () => {
    const unknown = await h.request({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ code: 'PSYNC_ROUTE_NOT_FOUND', message: expect.stringMatching(/\/api\/docs/), details: {} });
    const badJson = await h.request({ method: 'POST', url: '/api/v1/tenants', headers: { 'content-type': 'application/json' }, payload: '{"id": ' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().code).toBe('PSYNC_BAD_REQUEST');
    const text = await h.request({ method: 'POST', url: '/api/v1/tenants', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('PSYNC_UNSUPPORTED_MEDIA_TYPE');
    const missing = await h.request({ method: 'GET', url: '/api/v1/tenants/ghost' });
    expect(missing.json()).toEqual({ code: 'PSYNC_NOT_FOUND', message: 'No tenant "ghost". Create it first (POST /api/v1/tenants), or check the id.', details: { what: 'tenant', id: 'ghost' } });
    const noBody = await h.request({ method: 'POST', url: '/api/v1/tenants' });
    expect(noBody.json().details.fields).toEqual([{ field: 'body', message: expect.any(String) }]);
    const badId = await h.request({ method: 'GET', url: '/api/v1/tenants/bad%20id' });
    expect(badId.json().details.fields).toEqual([{ field: 'params.tenantId', message: 'Use letters, digits and . _ : @ - only.' }]);
  });

  it('names every wrong field of a body', async () => {
    const response = await h.request({ method: 'POST', url: '/api/v1/users', payload: { username: 'x', password: 'short', permissions: ['root'] } });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.fields.map((f: { field: string }) => f.field)).toEqual(['body.username', 'body.password', 'body.permissions.0']);
    expect(response.json().message).toMatch(/body\.password: Choose a password of at least 12 characters/);
  });
});

describe('tenants and idempotency', () => {
  it('creates, lists, renames and removes tenants', async () => {
    expect((await h.request({ method: 'POST', url: '/api/v1/tenants', payload: { id: 'beta', name: 'Beta' } })).statusCode).toBe(201);
    expect((await h.request({ method: 'POST', url: '/api/v1/tenants', payload: { id: 'beta', name: 'Beta Inc' } })).json().name).toBe('Beta Inc');
    expect((await h.request({ method: 'GET', url: '/api/v1/tenants' })).json().tenants.map((t: { id: string }) => t.id)).toContain('beta');
    expect((await h.request({ method: 'DELETE', url: '/api/v1/tenants/beta' })).statusCode).toBe(204);
    expect((await h.request({ method: 'DELETE', url: '/api/v1/tenants/beta' })).statusCode).toBe(404);
  });

  it('replays the first answer for a repeated key, refuses a reused key, and keeps keys per principal', async () => {
    const send = (key: string, name: string) => h.request({ method: 'POST', url: '/api/v1/tenants', headers: { 'idempotency-key': key }, payload: { id: 'gamma', name } });
    const first = await send('key-a', 'Gamma');
    await h.store.tenants.upsert({ id: 'gamma', name: 'changed meanwhile' });
    const replay = await send('key-a', 'Gamma');
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(first.json());
    expect(replay.headers['idempotency-replayed']).toBe('true');
    const reused = await send('key-a', 'Gamma 2');
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('PSYNC_IDEMPOTENCY_KEY_REUSED');
    const bad = await send('', 'Gamma');
    expect(bad.json().code).toBe('PSYNC_IDEMPOTENCY_KEY_INVALID');
    const admin = (await h.store.audit.query({ tenantId: 'gamma', kind: 'admin' })).entries;
    expect(admin).toHaveLength(1);
  });
});

describe('users', () => {
  it('adds, changes, unlocks and removes console users; passwords never come back', async () => {
    const created = await h.request({ method: 'POST', url: '/api/v1/users', payload: { username: 'ops.user', password: 'ops password 12345', permissions: ['audit_view'] } });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user).not.toHaveProperty('passwordHash');
    expect((await h.request({ method: 'POST', url: '/api/v1/users', payload: { username: 'ops.user', password: 'ops password 12345' } })).json().code).toBe('PSYNC_USERNAME_TAKEN');
    const changed = await h.request({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { permissions: ['audit_view', 'rule_view'], password: 'new ops password 123' } });
    expect(changed.json().permissions).toEqual(['audit_view', 'rule_view']);
    await h.login('ops.user', 'new ops password 123');
    expect((await h.request({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: {} })).json().code).toBe('PSYNC_VALIDATION');
    expect((await h.request({ method: 'PATCH', url: '/api/v1/users/ghost', payload: { unlock: true } })).statusCode).toBe(404);
    const me = (await h.request({ method: 'GET', url: '/api/v1/auth/me' })).json();
    expect((await h.request({ method: 'PATCH', url: `/api/v1/users/${me.id}`, payload: { disabled: true } })).json().code).toBe('PSYNC_USER_SELF_LOCKOUT');
    expect((await h.request({ method: 'DELETE', url: `/api/v1/users/${me.id}` })).json().code).toBe('PSYNC_USER_SELF_LOCKOUT');
    expect((await h.request({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { unlock: true, disabled: true } })).json().disabled).toBe(true);
    await expect(h.login('ops.user', 'new ops password 123')).rejects.toThrow(/PSYNC_AUTH_INVALID_CREDENTIALS/);
    const listed = (await h.request({ method: 'GET', url: '/api/v1/users' })).json().users;
    expect(listed.map((u: { username: string }) => u.username)).toEqual(['ops.user', ADMIN.username]);
    expect((await h.request({ method: 'DELETE', url: `/api/v1/users/${user.id}` })).statusCode).toBe(204);
    expect((await h.request({ method: 'DELETE', url: `/api/v1/users/${user.id}` })).statusCode).toBe(404);
    for (const answer of h.answers) {
      expect(answer).not.toContain('ops password 12345');
      expect(answer).not.toContain('new ops password 123');
      expect(answer).not.toContain('scrypt$');
    }
  });
});

describe('first administrator', () => {
  it('creates the first administrator once, with every permission, and refuses weak input', async () => {
    const database = await openDatabase({ url: ':memory:' });
    try {
      await migrateToLatest(database);
      const principals = createSqlPrincipalStore(database);
      await expect(createFirstAdministrator(principals, { username: 'a', password: 'long enough password' })).rejects.toMatchObject({ code: 'PSYNC_USERNAME_INVALID' });
      await expect(createFirstAdministrator(principals, { username: 'admin', password: 'short' })).rejects.toMatchObject({ code: 'PSYNC_PASSWORD_WEAK' });
      const admin = await createFirstAdministrator(principals, { username: 'admin', password: 'long enough password' });
      expect(admin.permissions).toEqual([...PERMISSIONS]);
      await expect(createFirstAdministrator(principals, { username: 'second', password: 'long enough password' })).rejects.toMatchObject({ code: 'PSYNC_ADMIN_EXISTS' });
      expect(JSON.stringify(await principals.listUsers())).not.toContain('scrypt$');
    } finally {
      await database.close();
    }
  });
});
