import { DEFAULT_RATE_LIMIT_WAIT_MS, failure, type SalesforceFailure } from './failure.ts';

/** A failed REST answer: status, Salesforce's `[{ errorCode, message }]` (first entry) and `Retry-After`. */
export interface ApiErrorResponse {
  readonly status: number;
  readonly errorCode?: string;
  readonly message?: string;
  readonly retryAfterMs?: number;
}

/** A REST error → a classified failure with what to do. */
export function translateApiError(response: ApiErrorResponse): SalesforceFailure {
  const { status } = response;
  const errorCode = response.errorCode ?? `HTTP_${status}`;
  const said = response.message ?? '';
  const upstream = { status, error: errorCode, description: said };
  const base = (code: string, kind: SalesforceFailure['kind'], message: string, retryAfterMs?: number) =>
    failure(code, kind, message, retryAfterMs === undefined ? { upstream } : { upstream, retryAfterMs });

  if (status === 429 || errorCode === 'REQUEST_LIMIT_EXCEEDED') {
    return base(
      'PSYNC_SF_API_LIMIT',
      'rate_limited',
      `Salesforce is limiting API requests for this org (${said || errorCode}). The hub waits and tries again; if it lasts, check the org's API usage (Setup → System Overview).`,
      response.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS,
    );
  }
  if (status >= 500) {
    return base('PSYNC_SF_UNAVAILABLE', 'retryable', `Salesforce answered ${status} (${said || errorCode}); the hub will try again.`, response.retryAfterMs);
  }
  if (status === 401 || errorCode === 'INVALID_SESSION_ID') {
    return base('PSYNC_SF_SESSION_INVALID', 'auth', `Salesforce refused the session (${said || errorCode}) and a new login did not help. Check the environment's credentials with "Map and register".`);
  }
  if (errorCode === 'API_DISABLED_FOR_ORG' || errorCode === 'API_CURRENTLY_DISABLED') {
    return base('PSYNC_SF_API_DISABLED', 'permanent', 'The REST API is not available to this user or org. Give the integration user the "API Enabled" permission (and use an edition with API access).');
  }
  if (errorCode === 'INSUFFICIENT_ACCESS' || errorCode === 'INSUFFICIENT_ACCESS_OR_READONLY' || status === 403) {
    return base('PSYNC_SF_INSUFFICIENT_ACCESS', 'auth', `The integration user may not do this (${said || errorCode}). Give it "View Setup and Configuration" and "Customize Application" (or a system administrator profile).`);
  }
  if (errorCode === 'INVALID_TYPE' && /ServicePresenceStatus|UserServicePresence|ServiceChannel/i.test(said)) {
    return base('PSYNC_SF_OMNI_CHANNEL_DISABLED', 'permanent', 'Omni-Channel objects are not available. Turn on Omni-Channel (Setup → Omni-Channel Settings → Enable Omni-Channel) and give the integration user access.');
  }
  if (status === 404 || errorCode === 'NOT_FOUND' || errorCode === 'ENTITY_IS_DELETED') {
    return base('PSYNC_SF_NOT_FOUND', 'not_found', `Salesforce has no such record (${said || errorCode}).`);
  }
  if (status === 409 || errorCode.startsWith('DUPLICATE_')) {
    return base('PSYNC_SF_CONFLICT', 'conflict', `Salesforce reports a conflict (${said || errorCode}).`);
  }
  return base('PSYNC_SF_REQUEST_REJECTED', status >= 400 && status < 500 ? 'invalid' : 'permanent', `Salesforce rejected the request (${errorCode}: ${said}).`);
}

const NETWORK_UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN']);

/** A request that never got an answer (DNS, refused, reset, timeout). */
export function translateNetworkError(code: string | undefined, url: string): SalesforceFailure {
  if (code !== undefined && NETWORK_UNREACHABLE.has(code)) {
    return failure('PSYNC_SF_HOST_UNKNOWN', 'invalid', `No Salesforce host answers at ${url} (${code}). Check the login URL (https://login.salesforce.com, https://test.salesforce.com or the org's My Domain URL).`);
  }
  return failure('PSYNC_SF_UNREACHABLE', 'retryable', `Salesforce could not be reached at ${url} (${code ?? 'network error'}); the hub will try again.`);
}
