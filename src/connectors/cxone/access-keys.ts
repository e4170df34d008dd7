import { systemClock, type Clock } from './clock.ts';
import { CxoneClient } from './client.ts';
import { cxoneConnectionSettingsSchema, type CxoneConnectionSettings } from './connection.ts';
import { failed, type CxoneResult } from './failure.ts';
import type { CxoneAccessKey } from './payloads.ts';
import { DEFAULT_RATE_LIMIT } from './rate-limiter.ts';
import { CxoneTransport } from './transport.ts';

/**
 * Generates an access key for `userId` (a UserHub user id) with other credentials, e.g. the
 * administrator's own key given once while setting up the account mapping, so that the access key
 * user's key need not be copied by hand. The caller needs CXone's "Access Key" permission.
 */
export async function generateCxoneAccessKey(
  settings: CxoneConnectionSettings,
  userId: string,
  deps: { readonly fetch?: typeof fetch; readonly clock?: Clock; readonly timeoutMs?: number } = {},
): Promise<CxoneResult<CxoneAccessKey>> {
  const parsed = cxoneConnectionSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    return failed({ kind: 'invalid', status: 0, code: 'PSYNC_CXONE_CONNECTION_INCOMPLETE', message: 'Enter the client id and secret and an access key id and secret to generate a key.' });
  }
  const transport = new CxoneTransport(parsed.data, {
    fetch: deps.fetch ?? globalThis.fetch,
    clock: deps.clock ?? systemClock,
    rateLimit: DEFAULT_RATE_LIMIT,
    timeoutMs: deps.timeoutMs ?? 30_000,
  });
  return new CxoneClient(transport).createAccessKey(userId);
}
