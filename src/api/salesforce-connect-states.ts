/**
 * The pending "Connect to Salesforce" attempts (web-server flow). Each is found by the hash of its
 * `state` parameter, belongs to one account mapping, one console session and one browser, expires
 * after ten minutes and can be used once.
 *
 * They live in the API's table of single-use keys (the one `Idempotency-Key` uses): every hub
 * instance over the same database sees them, so Salesforce may send the browser back to any
 * instance, and "used once" holds across instances because only one insert of the used mark wins.
 * The state itself is never stored, only its hash; the PKCE verifier is (it is worthless without the
 * code, which only the callback receives).
 */
import type { PrincipalStore } from './auth/principal-store.ts';
import { sha256 } from './auth/secrets.ts';

/** Salesforce keeps an authorisation code 15 minutes; an attempt ends before. */
export const CONNECT_STATE_TTL_MS = 10 * 60_000;

const PENDING = 'salesforce-connect';
const USED = 'salesforce-connect-used';
const ROUTE = 'GET /salesforce/oauth/callback';

export interface ConnectAttempt {
  readonly tenantId: string;
  readonly mappingId: string;
  readonly userId: string;
  /** The console session that started it (hash of the session id, as the principal store keeps it). */
  readonly sessionHash: string;
  /** Hash of the nonce in the browser's binding cookie. */
  readonly bindingHash: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  readonly loginUrl: string;
  readonly clientId: string;
  readonly expiresAt: number;
}

export type TakeOutcome = { readonly ok: true; readonly attempt: ConnectAttempt } | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'used' };

export interface ConnectStates {
  /** Remembers an attempt under its state; false if the state was issued before (never, with random states). */
  put(state: string, attempt: ConnectAttempt, now: number): Promise<boolean>;
  /** The attempt, without using it (to check its binding first). */
  find(state: string, now: number): Promise<TakeOutcome>;
  /** Uses the attempt: only the first caller gets it. */
  use(state: string, now: number): Promise<TakeOutcome>;
}

export function connectStatesOf(principals: PrincipalStore): ConnectStates {
  const keyOf = (state: string) => sha256(`salesforce-connect:${state}`);
  const find = async (state: string, now: number): Promise<TakeOutcome> => {
    const record = await principals.idempotency(PENDING, keyOf(state));
    if (!record) return { ok: false, reason: 'unknown' };
    const attempt = JSON.parse(record.response) as ConnectAttempt;
    return attempt.expiresAt <= now ? { ok: false, reason: 'expired' } : { ok: true, attempt };
  };
  return {
    put: (state, attempt, now) => principals.saveIdempotency(PENDING, keyOf(state), { route: ROUTE, bodyHash: attempt.bindingHash, status: 0, response: JSON.stringify(attempt) }, now),
    find,
    async use(state, now) {
      const found = await find(state, now);
      if (!found.ok) return found;
      const first = await principals.saveIdempotency(USED, keyOf(state), { route: ROUTE, bodyHash: '', status: 0, response: '{}' }, now);
      return first ? found : { ok: false, reason: 'used' };
    },
  };
}
