import { createCxoneEmulator, type CxoneEmulator } from '../emulator.ts';
import type { CxoneEmulatorOptions } from '../options.ts';
import type { SeedInput, SeedResult } from '../seed.ts';

/** A running emulator with a seeded tenant and plain-fetch helpers, as a client (the hub) would talk to it. */
export interface Harness {
  emulator: CxoneEmulator;
  seeded: SeedResult;
  token: string;
  /** `{url}/inContactAPI/services/v30.0{path}` */
  api(path: string, init?: RequestInit & { version?: string; token?: string }): Promise<Response>;
  json<T = Record<string, unknown>>(path: string, init?: RequestInit & { version?: string; token?: string }): Promise<T>;
  tokenFor(accessKeyId: string, accessKeySecret: string): Promise<Response>;
}

export async function startHarness(seed: Partial<SeedInput> = {}, options: CxoneEmulatorOptions = {}): Promise<Harness> {
  const emulator = await createCxoneEmulator({ signingAlgorithm: 'ES256', ...options });
  const seeded = emulator.control.seed({ agents: 4, ...seed });
  const basic = Buffer.from(`${seeded.application.clientId}:${seeded.application.clientSecret}`).toString('base64');
  const tokenFor = (accessKeyId: string, accessKeySecret: string) =>
    fetch(`${emulator.url}/auth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: accessKeyId, password: accessKeySecret }),
    });
  const first = await tokenFor(seeded.accessKeyUser.accessKeyId, seeded.accessKeyUser.accessKeySecret);
  const token = ((await first.json()) as { access_token: string }).access_token;
  const harness: Harness = {
    emulator,
    seeded,
    token,
    tokenFor,
    api(path, init = {}) {
      const { version = 'v30.0', token: t = harness.token, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has('Authorization')) headers.set('Authorization', `Bearer ${t}`);
      if (rest.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
      return fetch(`${emulator.url}/inContactAPI/services/${version}${path}`, { ...rest, headers });
    },
    async json(path, init) {
      const res = await harness.api(path, init);
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      return (await res.json()) as never;
    },
  };
  return harness;
}

export const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

/** A clock the test moves by hand (epoch ms). */
export function manualClock(start = Date.parse('2026-01-01T00:00:00.000Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms), set: (ms: number) => (now = ms) };
}
