/**
 * Idempotency-Key records keep a fingerprint of each request. A body's secrets (a new user's
 * password, a mapping's credentials) must not enter it: neither in clear nor as an unsalted hash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/api/auth/secrets.ts';
import { bodyFieldNames, undeclaredSecrets } from '../../src/api/route.ts';
import { canonical } from '../../src/api/idempotency.ts';
import { createHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('secrets in the Idempotency-Key record', () => {
  it('every route that honours Idempotency-Key declares the secret fields of its body', () => {
    const idempotent = h.routes.filter((r) => r.idempotent);
    expect(idempotent.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /users', 'POST /tenants/:tenantId/account-mappings']));
    expect(bodyFieldNames(idempotent.find((r) => r.path === '/users')!.body)).toContain('password');
    for (const route of h.routes) expect(undeclaredSecrets(route).filter(() => route.idempotent), `${route.method} ${route.path}`).toEqual([]);
  });

  it('stores a fingerprint of POST /users that holds nothing of the password', async () => {
    const me = (await h.request({ method: 'GET', url: '/api/v1/auth/me' })).json() as { id: string };
    const password = 'a-Very-long-pass-phrase-41';
    const body = { username: 'new.viewer', password, permissions: ['rule_view'] };
    const created = await h.request({ method: 'POST', url: '/api/v1/users', payload: body, headers: { 'idempotency-key': 'user-1' } });
    expect(created.statusCode).toBe(201);
    const record = await h.principals.idempotency(`user:${me.id}`, 'user-1');
    expect(record).toBeDefined();
    const stored = JSON.stringify(record);
    expect(stored).not.toContain(password);
    // Not the old fingerprint either: the SHA-256 of the body with the password in it.
    expect(record!.bodyHash).not.toBe(sha256(`POST /api/v1/users\n${canonical(body)}`));
    expect(record!.bodyHash).toBe(sha256(`POST /api/v1/users\n${canonical({ ...body, password: '(secret given)' })}`));
    // The same request again is answered from the record.
    const again = await h.request({ method: 'POST', url: '/api/v1/users', payload: body, headers: { 'idempotency-key': 'user-1' } });
    expect(again.headers['idempotency-replayed']).toBe('true');
  });
});
