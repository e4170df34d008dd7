import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createHarness, type Harness } from './support/harness.ts';

let h: Harness;
let base: string;
beforeAll(async () => {
  h = await createHarness();
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const address = h.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await h.close();
});

describe('the API over a real socket', () => {
  it('signs in, reads with the cookie, changes with the CSRF header, and refuses a foreign origin', async () => {
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const me = await fetch(`${base}/api/v1/auth/me`, { headers: { cookie: cookies } });
    expect(((await me.json()) as { name: string }).name).toBe(ADMIN.username);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const create = (headers: Record<string, string>) =>
      fetch(`${base}/api/v1/tenants`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cookies, ...headers }, body: JSON.stringify({ id: 'live', name: 'Live' }) });
    expect((await create({ origin: 'http://evil.example', 'x-csrf-token': csrfToken })).status).toBe(403);
    expect((await create({ origin: base })).status).toBe(403);
    expect((await create({ origin: base, 'x-csrf-token': csrfToken })).status).toBe(201);
  });
});
