import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../src/api/index.ts';
import { ADMIN, cookiesOf, createHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe('console sessions', () => {
  it('sets an HTTP-only, SameSite=Strict session cookie and a readable CSRF cookie; not Secure over plain http', async () => {
    const plain = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN });
    expect(plain.statusCode).toBe(200);
    const session = cookiesOf(plain).get('psync_session')!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).not.toMatch(/Secure/);
    const csrf = cookiesOf(plain).get('psync_csrf')!;
    expect(csrf).not.toMatch(/HttpOnly/);
    expect(csrf).toMatch(/SameSite=Strict/);
    expect(JSON.parse(plain.body).user).not.toHaveProperty('passwordHash');

    const proxied = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN, headers: { 'x-forwarded-proto': 'https' } });
    // Without trustProxy the hub does not believe the header: no Secure flag from a spoofable header.
    expect(cookiesOf(proxied).get('psync_session')).not.toMatch(/Secure/);
  });

  it('marks cookies Secure when told the hub is behind https', async () => {
    const secure = await createHarness({ deps: { security: { secureCookies: true } } });
    try {
      const response = await secure.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN });
      expect(cookiesOf(response).get('psync_session')).toMatch(/; Secure/);
      expect(cookiesOf(response).get('psync_csrf')).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });

  it('marks cookies Secure behind a trusted https proxy, and refuses a sign-in posted from another origin', async () => {
    const proxied = await createHarness({ fastify: { trustProxy: true } });
    try {
      const response = await proxied.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN, headers: { 'x-forwarded-proto': 'https' } });
      expect(cookiesOf(response).get('psync_session')).toMatch(/; Secure/);
      const foreign = await proxied.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN, headers: { origin: 'https://evil.example' } });
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json().code).toBe('PSYNC_CSRF_ORIGIN');
    } finally {
      await proxied.close();
    }
  });

  it('answers who is signed in, and nothing without a session', async () => {
    const me = await h.request({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.json()).toMatchObject({ kind: 'user', name: ADMIN.username });
    expect(me.json().permissions).toEqual([...PERMISSIONS]);
    const anonymous = await h.request({ method: 'GET', url: '/api/v1/auth/me', as: 'anonymous' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ code: 'PSYNC_AUTH_REQUIRED', message: expect.stringMatching(/Sign in/), details: {} });
  });

  it('refuses a cookie-authenticated change without the CSRF header, with a wrong one, or from a foreign origin', async () => {
    const missing = await h.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: h.admin.cookie }, payload: { username: 'x.user', password: 'a long enough password' } });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('PSYNC_CSRF_TOKEN');
    const wrong = await h.request({ method: 'POST', url: '/api/v1/users', headers: { 'x-csrf-token': 'guess' }, payload: { username: 'x.user', password: 'a long enough password' } });
    expect(wrong.json().code).toBe('PSYNC_CSRF_TOKEN');
    const foreign = await h.request({ method: 'POST', url: '/api/v1/users', headers: { origin: 'https://evil.example' }, payload: { username: 'x.user', password: 'a long enough password' } });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('PSYNC_CSRF_ORIGIN');
    const same = await h.request({ method: 'POST', url: '/api/v1/users', headers: { origin: 'http://localhost:80' }, payload: { username: 'x.user', password: 'a long enough password' } });
    expect(same.statusCode).toBe(201);
    const noOrigin = await h.request({ method: 'POST', url: '/api/v1/users', payload: { username: 'y.user', password: 'a long enough password' } });
    expect(noOrigin.statusCode).toBe(201);
  });

  it('locks an account after five failed sign-ins from one address, answering like an unknown user, until the lockout passes', async () => {
    const from = (remoteAddress: string, payload: Record<string, string>) => h.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload });
    for (let i = 0; i < 5; i++) {
      const failed = await from('10.0.0.66', { username: ADMIN.username, password: `wrong-${i}` });
      expect(failed.statusCode).toBe(401);
      expect(failed.json().code).toBe('PSYNC_AUTH_INVALID_CREDENTIALS');
    }
    const locked = await from('10.0.0.66', ADMIN);
    const unknown = await from('10.0.0.66', { username: 'nobody.here', password: 'whatever' });
    expect(locked.statusCode).toBe(401);
    expect(locked.json()).toEqual(unknown.json());
    // The stranger locked only their own address: the administrator signs in from theirs.
    expect((await from('10.0.0.7', ADMIN)).statusCode).toBe(200);
    h.clock.advance(15 * 60_000 + 1);
    expect((await from('10.0.0.66', ADMIN)).statusCode).toBe(200);
  });

  it('locks for longer each time in a row, and a User Admin can unlock', async () => {
    const from = (payload: Record<string, string>) => h.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.0.0.67', payload });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5; i++) await from({ username: ADMIN.username, password: `wrong-${i}` });
      h.clock.advance(15 * 60_000 + 1);
    }
    // The second lockout lasts 30 minutes: 15 have passed.
    expect((await from(ADMIN)).statusCode).toBe(401);
    const users = (await h.request({ method: 'GET', url: '/api/v1/users' })).json().users as { id: string; username: string }[];
    const me = users.find((u) => u.username === ADMIN.username)!;
    expect((await h.request({ method: 'PATCH', url: `/api/v1/users/${me.id}`, payload: { unlock: true } })).statusCode).toBe(200);
    expect((await from(ADMIN)).statusCode).toBe(200);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const unknown = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'whatever' } });
    const wrong = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: ADMIN.username, password: 'whatever' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('slows down too many sign-in attempts from one address', async () => {
    const limited = await createHarness({ deps: { security: { loginAttemptsPerMinute: 3 } } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x' } })).statusCode);
      // The harness's own sign-in was the first attempt of the minute.
      expect(codes).toEqual([401, 401, 429, 429]);
      const last = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN });
      expect(last.json().code).toBe('PSYNC_AUTH_RATE_LIMITED');
      expect(last.headers['retry-after']).toBeDefined();
      limited.clock.advance(60_001);
      expect((await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('ends the session on sign-out and clears the cookies', async () => {
    const session = await h.login(ADMIN.username, ADMIN.password);
    const out = await h.request({ method: 'POST', url: '/api/v1/auth/logout', as: session });
    expect(out.statusCode).toBe(200);
    expect(cookiesOf(out).get('psync_session')).toMatch(/Max-Age=0/);
    const after = await h.request({ method: 'GET', url: '/api/v1/auth/me', as: session });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('PSYNC_AUTH_SESSION_EXPIRED');
  });

  it('expires a session after its lifetime', async () => {
    h.clock.advance(12 * 3600_000 + 1);
    const after = await h.request({ method: 'GET', url: '/api/v1/auth/me' });
    expect(after.json().code).toBe('PSYNC_AUTH_SESSION_EXPIRED');
  });
});
