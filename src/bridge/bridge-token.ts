import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BridgeTokenClaims } from '../../bridge-client/protocol.ts';
import { parseOrgId, toId18 } from '../domain/index.ts';
import type { BridgeSecrets } from './ports.ts';
import type { ReplayCache } from './replay-cache.ts';

export type TokenRefusal = 'malformed' | 'bad_signature' | 'unknown_org' | 'expired' | 'replayed';

export interface VerifiedToken {
  /** 18-character organisation ID. */
  readonly orgId: string;
  /** 18-character user ID. */
  readonly sfUserId: string;
  readonly expiresAtMs: number;
  readonly jti: string;
}

export type TokenCheck =
  | { readonly ok: true; readonly token: VerifiedToken }
  | { readonly ok: false; readonly reason: TokenRefusal; readonly code: string; readonly message: string };

export interface TokenCheckOptions {
  readonly secrets: BridgeSecrets;
  readonly replayCache: ReplayCache;
  /** Hub clock, epoch ms. */
  readonly now: number;
  /** Tokens that claim to live longer than this are refused as malformed (default 15 minutes). */
  readonly maxLifetimeMs?: number;
  /** Tolerated clock difference between Salesforce and the hub (default 30 s). */
  readonly clockSkewMs?: number;
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');
const sign = (secret: string, signingInput: string): Buffer => createHmac('sha256', Buffer.from(secret, 'utf8')).update(signingInput, 'ascii').digest();

/** A new per-org bridge secret: 32 random bytes. Show it once; store it encrypted. */
export function generateBridgeSecret(): string {
  return `psb1_${randomBytes(32).toString('base64url')}`;
}

/** Mints a token as the Apex class does (used by tests, the emulator's consoles and benchmarks). */
export function mintBridgeToken(secret: string, claims: { org: string; user: string; exp: number; jti?: string }): string {
  const body = base64url(JSON.stringify({ v: 1, org: claims.org, user: claims.user, exp: claims.exp, jti: claims.jti ?? randomBytes(16).toString('hex') }));
  return `${body}.${base64url(sign(secret, body))}`;
}

const refuse = (reason: TokenRefusal, message: string): TokenCheck => ({
  ok: false,
  reason,
  code: `PSYNC_BRIDGE_TOKEN_${reason.toUpperCase()}`,
  message,
});

/** Checks a bridge token: its form, its org, its signature, its expiry and that it is used once. */
export async function verifyBridgeToken(token: string, options: TokenCheckOptions): Promise<TokenCheck> {
  const maxLifetimeMs = options.maxLifetimeMs ?? 15 * 60_000;
  const skewMs = options.clockSkewMs ?? 30_000;
  const parts = token.split('.');
  const [body, signature] = parts;
  if (parts.length !== 2 || !body || !signature || !/^[A-Za-z0-9_-]+$/.test(body) || !/^[A-Za-z0-9_-]+$/.test(signature)) {
    return refuse('malformed', 'The bridge token must be two base64url parts joined by a dot; reload the console to get a new one.');
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return refuse('malformed', 'The bridge token does not carry JSON claims; check the Apex class that mints it.');
  }
  const parsed = BridgeTokenClaims.safeParse(json);
  if (!parsed.success) return refuse('malformed', 'The bridge token claims must be {v: 1, org, user, exp, jti}; check the Apex class that mints it.');
  const claims = parsed.data;
  const org = parseOrgId(claims.org);
  const user = toId18(claims.user, 'user ID');
  if (!org.ok || !user.ok || !user.value.startsWith('005')) {
    return refuse('malformed', 'The bridge token names an organisation or user ID that is not valid.');
  }
  const secret = await options.secrets.lookup(org.value);
  if (secret === undefined) {
    return refuse('unknown_org', `No bridge secret is set for organisation ${org.value}; generate one in the hub and store it in the org's Presence Sync Bridge settings.`);
  }
  const expected = sign(secret, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return refuse('bad_signature', `The bridge token's signature does not match the bridge secret of organisation ${org.value}; store the current secret in the org.`);
  }
  const expiresAtMs = claims.exp * 1000;
  if (expiresAtMs + skewMs <= options.now) return refuse('expired', 'The bridge token has expired; the console fetches a new one when it reconnects.');
  if (expiresAtMs - options.now > maxLifetimeMs + skewMs) {
    return refuse('malformed', `The bridge token lives longer than ${Math.round(maxLifetimeMs / 60_000)} minutes; mint shorter-lived tokens.`);
  }
  const first = await options.replayCache.remember(`${org.value}:${claims.jti}`, expiresAtMs + skewMs);
  if (!first) return refuse('replayed', 'This bridge token was used before; every connection needs a new token.');
  return { ok: true, token: { orgId: org.value, sfUserId: user.value, expiresAtMs, jti: claims.jti } };
}
