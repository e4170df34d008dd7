import { systemClock, type Clock } from './clock.ts';
import { cxoneConnectionSettingsSchema, issuerOf, type CxoneConnectionSettings } from './connection.ts';
import { failed, success, type CxoneResult } from './failure.ts';
import { DEFAULT_RATE_LIMIT } from './rate-limiter.ts';
import { CxoneTransport } from './transport.ts';

/** What a working connection reached. */
export interface CxoneConnectionReport {
  /** CXone's id of the tenant the access key belongs to (from the token). */
  readonly cxoneTenantId: string;
  /** Where that tenant's APIs are (discovery). */
  readonly apiEndpoint: string;
  readonly issuer: string;
}

/**
 * Checks connection settings before anyone stores them: signs in with the application and the
 * access key (the same token request the hub makes), then asks discovery where the tenant's APIs
 * are. Either step's failure comes back with its own code (client refused, access key refused,
 * another tenant, issuer unreachable...).
 */
export async function checkCxoneConnection(
  settings: CxoneConnectionSettings,
  deps: { readonly fetch?: typeof fetch; readonly clock?: Clock; readonly timeoutMs?: number } = {},
): Promise<CxoneResult<CxoneConnectionReport>> {
  const parsed = cxoneConnectionSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    return failed({ kind: 'invalid', status: 0, code: 'PSYNC_CXONE_CONNECTION_INCOMPLETE', message: "Enter the CXone application's client id and secret and the access key id and secret (the issuer, if given, must be a URL)." });
  }
  const transport = new CxoneTransport(parsed.data, {
    fetch: deps.fetch ?? globalThis.fetch,
    clock: deps.clock ?? systemClock,
    rateLimit: DEFAULT_RATE_LIMIT,
    timeoutMs: deps.timeoutMs ?? 15_000,
  });
  const tenant = await transport.cxoneTenantId();
  if (!tenant.ok) return tenant;
  const endpoint = await transport.apiEndpoint(tenant.value);
  if (!endpoint.ok) return endpoint;
  return success({ cxoneTenantId: tenant.value, apiEndpoint: endpoint.value, issuer: issuerOf(parsed.data) });
}
