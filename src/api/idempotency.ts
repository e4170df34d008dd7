import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';
import type { Principal } from './auth/principal.ts';
import type { PrincipalStore } from './auth/principal-store.ts';
import { sha256 } from './auth/secrets.ts';
import type { AnyRoute } from './route.ts';

/** Keys in JSON order-independent form, so that the same body always hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The route's secret fields (declared with the route) are left out of the stored fingerprint: only
 * whether each was given enters it, so the table holds nothing a password could be guessed from.
 */
function withoutSecrets(body: unknown, fields: readonly string[]): unknown {
  if (fields.length === 0 || !body || typeof body !== 'object') return body ?? null;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const field of fields) if (copy[field] !== undefined) copy[field] = '(secret given)';
  return copy;
}

/**
 * Idempotency-Key on creating POSTs: the same key with the same request answers what the first
 * answered for a day (a success is kept; a failure may be retried); the same key with another request is refused.
 */
export function createIdempotency(principals: PrincipalStore, now: () => number, keepMs = 24 * 3600_000) {
  let saves = 0;
  return async function idempotent(principal: Principal, request: FastifyRequest, route: AnyRoute, run: () => Promise<{ status: number; body: unknown }>) {
    const header = request.headers['idempotency-key'];
    if (header === undefined) return { ...(await run()), replayed: false };
    const key = Array.isArray(header) ? header[0] ?? '' : header;
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw new ApiError(400, 'PSYNC_IDEMPOTENCY_KEY_INVALID', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters (a UUID is a good choice).');
    }
    const target = `${route.method} ${request.url.split('?')[0]}`;
    const bodyHash = sha256(`${target}\n${canonical(withoutSecrets(request.body, route.secretFields ?? []))}`);
    const principalKey = `${principal.kind}:${principal.id}`;
    const reuse = () =>
      new ApiError(409, 'PSYNC_IDEMPOTENCY_KEY_REUSED', `The Idempotency-Key "${key}" was used for a different request. Use a new key for a new request.`, { key });
    const seen = await principals.idempotency(principalKey, key);
    if (seen) {
      if (seen.bodyHash !== bodyHash) throw reuse();
      return { status: seen.status, body: JSON.parse(seen.response) as unknown, replayed: true };
    }
    const result = await run();
    const saved = await principals.saveIdempotency(principalKey, key, { route: target, bodyHash, status: result.status, response: JSON.stringify(result.body ?? null) }, now());
    // Keys are kept for a day; old ones are swept now and then rather than by a timer.
    if (++saves % 100 === 1) await principals.pruneIdempotency(now() - keepMs);
    if (!saved) {
      const winner = await principals.idempotency(principalKey, key);
      if (winner && winner.bodyHash !== bodyHash) throw reuse();
    }
    return { ...result, replayed: false };
  };
}
