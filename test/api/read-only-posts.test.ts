/**
 * A POST that changes nothing (check CXone, dry run, validate) still acts with the signed-in
 * administrator's rights, so a cross-site page must not be able to trigger it: every
 * cookie-authenticated POST checks the CSRF token and the Origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const concrete = (path: string) => `/api/v1${path.replace(/:[A-Za-z]+/g, 'x')}`;

describe('read-only POSTs', () => {
  it('are there (check-cxone, dry run, validate)', () => {
    const paths = h.routes.filter((r) => r.method === 'POST' && r.readOnly).map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/tenants/:tenantId/account-mappings/check-cxone', '/tenants/:tenantId/account-mappings/validate']));
    expect(paths.some((p) => p.includes('dry-run'))).toBe(true);
  });

  it('refuse a signed-in browser request without the CSRF token', async () => {
    for (const route of h.routes.filter((r) => r.method === 'POST' && r.readOnly)) {
      const answer = await h.request({ method: 'POST', url: concrete(route.path), payload: {}, headers: { 'x-csrf-token': '' } });
      expect(answer.statusCode, route.path).toBe(403);
      expect(answer.json().code, route.path).toBe('PSYNC_CSRF_TOKEN');
    }
  });

  it('refuse a signed-in browser request from another origin', async () => {
    for (const route of h.routes.filter((r) => r.method === 'POST' && r.readOnly)) {
      const answer = await h.request({ method: 'POST', url: concrete(route.path), payload: {}, headers: { origin: 'https://evil.example' } });
      expect(answer.statusCode, route.path).toBe(403);
      expect(answer.json().code, route.path).toBe('PSYNC_CSRF_ORIGIN');
    }
  });
});

describe('tenants', () => {
  it('are listed only to a principal with some permission', async () => {
    const created = await h.request({ method: 'POST', url: '/api/v1/users', payload: { username: 'no.rights', password: 'a-long-enough-passphrase-9', permissions: [] } });
    expect(created.statusCode).toBe(201);
    const nobody = await h.login('no.rights', 'a-long-enough-passphrase-9');
    const list = await h.request({ method: 'GET', url: '/api/v1/tenants', as: nobody });
    expect(list.statusCode).toBe(403);
    expect(list.json().code).toBe('PSYNC_FORBIDDEN');
    expect((await h.request({ method: 'GET', url: '/api/v1/tenants' })).statusCode).toBe(200);
  });
});
