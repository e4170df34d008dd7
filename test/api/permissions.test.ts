import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, type Permission } from '../../src/api/index.ts';
import { createHarness, type Harness } from './support/harness.ts';

let h: Harness;
const tokens = new Map<Permission, string>();

beforeAll(async () => {
  h = await createHarness();
  await h.request({ method: 'POST', url: '/api/v1/tenants', payload: { id: 'acme', name: 'Acme' } });
  for (const permission of PERMISSIONS) {
    const created = await h.request({ method: 'POST', url: '/api/v1/tokens', payload: { name: `only ${permission}`, permissions: [permission] } });
    expect(created.statusCode).toBe(201);
    tokens.set(permission, created.json().token);
  }
});
afterAll(async () => {
  await h.close();
});

const concrete = (path: string) => '/api/v1' + path.replace(':tenantId', 'acme').replace(/:[A-Za-z]+/g, 'x');

describe('permissions: each allows exactly what it names', () => {
  it('declares a permission or an explicit access on every route, and an audit action on every change', () => {
    expect(h.routes.length).toBeGreaterThan(35);
    for (const route of h.routes) {
      expect(route.access, `${route.method} ${route.path}`).toBeDefined();
      if (route.method !== 'GET' && route.access !== 'public' && !route.readOnly) expect(route.auditAction, `${route.method} ${route.path}`).toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
    }
  });

  it('names the missing permission in the refusal', async () => {
    const response = await h.request({ method: 'PUT', url: '/api/v1/tenants/acme/switches', payload: { salesforceAdapter: true }, as: { bearer: tokens.get('rule_view')! } });
    expect(response.json()).toEqual({ code: 'PSYNC_FORBIDDEN', message: 'This needs the permission Adapter Admin. Ask a User Admin to grant it.', details: { permission: 'adapter_admin' } });
    expect((await h.store.tenants.get('acme'))?.switches.salesforceAdapter).toBe(false);
  });

  it('applies to console users the same way', async () => {
    await h.request({ method: 'POST', url: '/api/v1/users', payload: { username: 'viewer', password: 'viewer password 123', permissions: ['rule_view'] } });
    const viewer = await h.login('viewer', 'viewer password 123');
    expect((await h.request({ method: 'GET', url: '/api/v1/tenants/acme/rules', as: viewer })).statusCode).toBe(200);
    const refused = await h.request({ method: 'POST', url: '/api/v1/tenants/acme/rules', payload: { name: 'x' }, as: viewer });
    expect(refused.json().code).toBe('PSYNC_FORBIDDEN');
  });

  it('refuses unknown, malformed, revoked and expired tokens', async () => {
    const call = (bearer: string) => h.request({ method: 'GET', url: '/api/v1/tenants', as: { bearer } });
    expect((await call('psync_nonsense')).json().code).toBe('PSYNC_AUTH_TOKEN_INVALID');
    const malformed = await h.app.inject({ method: 'GET', url: '/api/v1/tenants', headers: { authorization: 'Basic abc' } });
    expect(malformed.json().code).toBe('PSYNC_AUTH_TOKEN_INVALID');
    const created = await h.request({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'short-lived', permissions: ['rule_view'], expiresAt: h.clock.now() + 1000 } });
    const { token, record } = created.json();
    expect((await call(token)).statusCode).toBe(200);
    h.clock.advance(1001);
    expect((await call(token)).statusCode).toBe(401);
    const other = (await h.request({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'revoked', permissions: ['rule_view'] } })).json();
    expect((await h.request({ method: 'DELETE', url: `/api/v1/tokens/${other.record.id}` })).statusCode).toBe(204);
    expect((await call(other.token)).statusCode).toBe(401);
    expect((await h.request({ method: 'DELETE', url: `/api/v1/tokens/${other.record.id}` })).statusCode).toBe(404);
    const listed = (await h.request({ method: 'GET', url: '/api/v1/tokens' })).body;
    expect(listed).toContain(record.id);
    for (const value of [token, other.token, ...tokens.values()]) expect(listed).not.toContain(value);
  });
  // Last: with the right permission some of these calls really change things (e.g. remove the tenant).
  it('refuses every route to a token that lacks its permission, and lets through one that has it', async () => {
    const table: string[] = [];
    for (const route of h.routes) {
      if (route.access === 'public') continue;
      for (const permission of PERMISSIONS) {
        const response = await h.request({ method: route.method, url: concrete(route.path), payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {}, as: { bearer: tokens.get(permission)! } });
        const allowed = route.access === 'authenticated' || route.access === permission;
        const forbidden = response.statusCode === 403 && response.json().code === 'PSYNC_FORBIDDEN';
        if (allowed === forbidden) table.push(`${route.method} ${route.path} with ${permission}: ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
    }
    expect(table).toEqual([]);
  });

});
