import { decodeJwt } from 'jose';
import { z } from 'zod';
import type { CxoneConnectionSettings } from './connection.ts';
import { issuerOf } from './connection.ts';
import { classifyStatus, failed, networkFailure, success, unexpectedResponse, upstreamMessage, type CxoneFailure, type CxoneResult } from './failure.ts';

/** An access token and what the hub needs to know about it. */
export interface CxoneToken {
  readonly accessToken: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly refreshToken: string | null;
  /** Epoch ms; null when the refresh token does not say (it is then tried until refused). */
  readonly refreshExpiresAt: number | null;
  /** CXone's tenant id, from the token's claims (needed for discovery). */
  readonly tenantId: string;
}

export type TokenGrant = { readonly kind: 'access_key' } | { readonly kind: 'refresh'; readonly refreshToken: string };

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
  refresh_token: z.string().min(1).nullish(),
  refresh_token_expires_in: z.coerce.number().positive().nullish(),
});

function claims(jwt: string): { tenantId?: string; exp?: number } {
  try {
    const payload = decodeJwt(jwt);
    return {
      ...(typeof payload['tenantId'] === 'string' ? { tenantId: payload['tenantId'] } : {}),
      ...(typeof payload.exp === 'number' ? { exp: payload.exp } : {}),
    };
  } catch {
    return {};
  }
}

/** What a refused token request means for the administrator. */
function authFailure(status: number, body: unknown, grant: TokenGrant): CxoneFailure {
  const said = upstreamMessage(body) ?? `HTTP ${status}`;
  const error = typeof body === 'object' && body !== null ? String((body as Record<string, unknown>)['error'] ?? '') : '';
  if (/client/i.test(error) || /client/i.test(said)) {
    return { kind: 'auth', status, code: 'PSYNC_CXONE_CLIENT_REJECTED', message: `CXone refused the application's client id or secret (${said}). Enter the credentials of the registered back-end application again.` };
  }
  if (grant.kind === 'refresh') {
    return { kind: 'auth', status, code: 'PSYNC_CXONE_REFRESH_REJECTED', message: `CXone refused the refresh token (${said}); the hub signs in again with the access key.` };
  }
  return {
    kind: 'auth',
    status,
    code: 'PSYNC_CXONE_ACCESS_KEY_REJECTED',
    message: `CXone refused the access key (${said}). Check that the access key user is active and that its access key id and secret are current; generate a new key if needed.`,
  };
}

/**
 * `POST {issuer}/auth/token` with the client in Basic auth: the access key as `password` grant
 * (username = key id, password = key secret), or a `refresh_token` grant (reference §2).
 */
export async function requestToken(
  fetchFn: typeof fetch,
  settings: CxoneConnectionSettings,
  grant: TokenGrant,
  now: number,
  timeoutMs: number,
): Promise<CxoneResult<CxoneToken>> {
  const form = new URLSearchParams(
    grant.kind === 'access_key'
      ? { grant_type: 'password', username: settings.accessKeyId, password: settings.accessKeySecret }
      : { grant_type: 'refresh_token', refresh_token: grant.refreshToken },
  );
  const basic = Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString('base64');
  let response: Response;
  try {
    response = await fetchFn(`${issuerOf(settings)}/auth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return failed(networkFailure(error, 'the token request'));
  }
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text for the message
  }
  if (!response.ok) {
    const classified = classifyStatus(response.status, body, response.headers.get('retry-after'), now);
    if (response.status === 400 || response.status === 401 || response.status === 403) return failed(authFailure(response.status, body, grant));
    return failed(classified);
  }
  const parsed = tokenResponse.safeParse(body);
  if (!parsed.success) return failed(unexpectedResponse(response.status, 'the token request', 'no access_token/expires_in'));
  const { access_token: accessToken, expires_in: expiresIn, refresh_token: refreshToken, refresh_token_expires_in: refreshIn } = parsed.data;
  const tenantId = claims(accessToken).tenantId ?? settings.tenantId;
  if (tenantId === undefined) {
    return failed(unexpectedResponse(response.status, 'the token request', 'the access token names no tenantId; set the tenant id in the connection'));
  }
  if (settings.tenantId !== undefined && settings.tenantId !== tenantId) {
    return failed({
      kind: 'auth',
      status: response.status,
      code: 'PSYNC_CXONE_TENANT_MISMATCH',
      message: `The access key belongs to CXone tenant ${tenantId}, not to ${settings.tenantId} as the connection says. Use an access key of a user of the right tenant.`,
    });
  }
  const refreshExp = refreshIn ? now / 1000 + refreshIn : refreshToken ? claims(refreshToken).exp : undefined;
  return success({
    accessToken,
    expiresAt: now + expiresIn * 1000,
    refreshToken: refreshToken ?? null,
    refreshExpiresAt: refreshExp === undefined ? null : refreshExp * 1000,
    tenantId,
  });
}
