import type { Clock } from '../clock.ts';

/** A clock that only moves when told to, or when someone sleeps on it. */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public time = Date.UTC(2026, 0, 1)) {}
  now = (): number => this.time;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.time += ms;
  };
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned JWT with the given claims (the connector decodes, it does not verify). */
export const fakeJwt = (claims: Record<string, unknown>): string => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.sig`;

export interface Seen {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export type Route = (req: Seen) => Response | Promise<Response>;

/** A `fetch` that answers from a function and records every request. */
export function fakeFetch(route: Route): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    const req = { method: init?.method ?? 'GET', url, headers, body: typeof init?.body === 'string' ? init.body : '' };
    seen.push(req);
    return route(req);
  };
  return { fetch: fn as typeof fetch, seen };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const SETTINGS = {
  clientId: 'client',
  clientSecret: 'client-secret',
  accessKeyId: 'key-id',
  accessKeySecret: 'key-secret',
  environment: 'commercial' as const,
  issuer: 'https://issuer.test',
};

let serial = 0;
/** A token endpoint answer for tenant `t-1`. */
export const tokenAnswer = (expiresIn = 3600, extra: Record<string, unknown> = {}): Response =>
  json(200, { access_token: fakeJwt({ tenantId: 't-1', n: ++serial }), token_type: 'Bearer', expires_in: expiresIn, refresh_token: `refresh-${serial}`, ...extra });

export const discoveryAnswer = (): Response => json(200, { api_endpoint: 'https://api.test/', tenantId: 't-1' });
