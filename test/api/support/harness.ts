/**
 * An admin API on a real SQLite store in a temp directory, with a first administrator signed in.
 * Every JSON answer is kept so that tests can check that no secret ever comes back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { createFirstAdministrator, createSqlPrincipalStore, CSRF_COOKIE, registerAdminApi, SESSION_COOKIE, type AdminApiDeps, type CxoneGateway, type PrincipalStore, type SalesforceGateway } from '../../../src/api/index.ts';
import type { AnyRoute } from '../../../src/api/route.ts';
import { KeyRing } from '../../../src/secrets/index.ts';
import { createStore, migrateToLatest, openDatabase, type Store } from '../../../src/store/index.ts';

export const ADMIN = { username: 'root.admin', password: 'correct horse battery staple' };

export interface Harness {
  readonly app: FastifyInstance;
  /** Every route the API declared. */
  readonly routes: readonly AnyRoute[];
  readonly store: Store;
  readonly principals: PrincipalStore;
  readonly clock: { now(): number; advance(ms: number): void };
  /** Every JSON body the API answered, as text. */
  readonly answers: string[];
  /** Signed-in admin: cookie header and CSRF token. */
  readonly admin: Session;
  request(options: InjectOptions & { as?: Session | { bearer: string } | 'anonymous' }): Promise<LightMyRequestResponse>;
  login(username: string, password: string): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

export function cookiesOf(response: LightMyRequestResponse): Map<string, string> {
  const header = response.headers['set-cookie'];
  const list = Array.isArray(header) ? header : header ? [header] : [];
  return new Map(list.map((c) => [c.split('=')[0] ?? '', c]));
}

/**
 * `secrets`: values the test types that must never come back; the admin's password and every
 * session id are always among them. `close()` fails the test when an answer contained one.
 */
export async function createHarness(options: { salesforce?: SalesforceGateway; cxone?: CxoneGateway; deps?: Partial<AdminApiDeps>; secrets?: readonly string[]; fastify?: FastifyServerOptions } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'psync-api-'));
  let now = Date.UTC(2026, 0, 15, 9, 0, 0);
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const database = await openDatabase({ url: join(dir, 'hub.sqlite') });
  await migrateToLatest(database);
  const cipher = new KeyRing([{ key: new Uint8Array(32).fill(7) }]);
  const store = createStore(database, { cipher, clock });
  const principals = createSqlPrincipalStore(database);
  const unused = (what: string) => () => Promise.reject(new Error(`${what} is not wired in this test`));
  const app = Fastify({ logger: false, ...options.fastify });
  let ids = 0;
  const registry = await registerAdminApi(app, {
    store,
    principals,
    salesforce: options.salesforce ?? {
      mapAndRegister: unused('mapAndRegister'),
      authorizationUrl: () => {
        throw new Error('authorizationUrl is not wired in this test');
      },
      exchangeCode: unused('exchangeCode'),
      refreshOrg: unused('refreshOrg'),
      prerequisites: unused('prerequisites'),
      provisionStatuses: unused('provisionStatuses'),
    },
    cxone: options.cxone ?? { refreshDirectory: unused('refreshDirectory'), checkConnection: unused('checkConnection') },
    clock,
    newId: () => `id-${++ids}`,
    ...options.deps,
  });
  await app.ready();
  await createFirstAdministrator(principals, { ...ADMIN, now: clock.now() });
  const answers: string[] = [];
  const secrets = new Set([ADMIN.password, ...(options.secrets ?? [])]);

  async function request(opts: InjectOptions & { as?: Session | { bearer: string } | 'anonymous' }): Promise<LightMyRequestResponse> {
    const { as, ...inject } = opts;
    const headers: Record<string, string> = { ...(inject.headers as Record<string, string> | undefined) };
    const who = as ?? harness.admin;
    if (who !== 'anonymous' && 'bearer' in who) headers.authorization = `Bearer ${who.bearer}`;
    else if (who !== 'anonymous') {
      headers.cookie = who.cookie;
      if (inject.method && inject.method !== 'GET' && headers['x-csrf-token'] === undefined) headers['x-csrf-token'] = who.csrf;
    }
    const response = await app.inject({ ...inject, headers });
    if (String(response.headers['content-type'] ?? '').includes('json')) answers.push(response.body);
    return response;
  }

  async function login(username: string, password: string): Promise<Session> {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
    answers.push(response.body);
    const cookies = cookiesOf(response);
    const session = (cookies.get(SESSION_COOKIE) ?? '').split(';')[0] ?? '';
    secrets.add(decodeURIComponent(session.split('=')[1] ?? ''));
    const csrfCookie = (cookies.get(CSRF_COOKIE) ?? '').split(';')[0] ?? '';
    return { cookie: `${session}; ${csrfCookie}`, csrf: decodeURIComponent(csrfCookie.split('=')[1] ?? '') };
  }

  const harness: Harness = {
    app,
    routes: registry.routes,
    store,
    principals,
    clock,
    answers,
    admin: { cookie: '', csrf: '' },
    request,
    login,
    async close() {
      const leaked = answers.flatMap((answer) => [...secrets].filter((secret) => secret.length > 0 && answer.includes(secret)));
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      if (leaked.length > 0) throw new Error(`an API answer contained ${leaked.length} secret(s) the test typed`);
    },
  };
  (harness as { admin: Session }).admin = await login(ADMIN.username, ADMIN.password);
  return harness;
}
